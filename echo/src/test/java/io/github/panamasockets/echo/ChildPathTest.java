/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.echo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The fork server's child path, as its rehearsal runs it in the parent, with the launcher's JVM
 * flags: after the rehearsal, it allocates nothing and loads no class, so that a child, which
 * has one thread and a copy of the heap that no GC will ever collect, never needs either.
 */
@Timeout(120)
class ChildPathTest {

    @Test
    void afterTheRehearsalTheChildsPathAllocatesNothingAndLoadsNoClass() throws Exception {
        Path root = Twins.ROOT;
        String classPath = String.join(":", root.resolve("echo/target/test-classes").toString(),
                root.resolve("echo/target/classes").toString(), root.resolve("bindings/target/classes").toString());
        // the fork server's launcher flags (echo/bin/TCPEchoServer-Fork, echo/bin/lib/twin.sh)
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC", "-XX:-UsePerfData", "-Xrs",
                "-XX:+DisableAttachMechanism", "-Xint", "-Xms16m", "-Xmx32m",
                "-cp", classPath, ChildPathProbe.class.getName(), "200"));
        Twins.Result r = Twins.run(command, root, Twins.RUN_LIMIT);
        assertEquals("fork() alone: allocates\n"
                + "200 runs of the child's path: at most 0 bytes allocated beyond fork(), 0 classes loaded\n",
                r.stdout(), r.stderr());
        assertEquals(0, r.status(), r.stderr());
    }
}
