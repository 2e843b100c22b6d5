/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.echo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The fork servers' child path (TCPEchoServer-Fork's and -Fork-SIGCHLD's), as its rehearsal runs
 * it in the parent, with the launcher's JVM flags: after the rehearsal, it allocates nothing and loads no class, so that a child, which
 * has one thread and a copy of the heap that no GC will ever collect, never needs either.
 */
@Timeout(120)
class ChildPathTest {

    @Test
    void afterTheRehearsalTheChildsPathAllocatesNothingAndLoadsNoClass() throws Exception {
        Twins.Result r = Twins.probe(ChildPathProbe.class, Twins.RUN_LIMIT, "200");
        assertEquals("fork() alone: allocates\n"
                + "200 runs of the child's path: at most 0 bytes allocated beyond fork(), 0 classes loaded\n",
                r.stdout(), r.stderr());
        assertEquals(0, r.status(), r.stderr());
    }

    /** The same through TCPEchoServer-Fork-SIGCHLD, whose main and rehearsal call TCPEchoServer-Fork's ForkChild. */
    @Test
    void theSigchldServersChildPathToo() throws Exception {
        Twins.Result r = Twins.probe(ChildPathProbe.class, Twins.RUN_LIMIT, "200", "sigchld");
        assertEquals("fork() alone: allocates\n"
                + "200 runs of the child's path: at most 0 bytes allocated beyond fork(), 0 classes loaded\n",
                r.stdout(), r.stderr());
        assertEquals(0, r.status(), r.stderr());
    }
}
