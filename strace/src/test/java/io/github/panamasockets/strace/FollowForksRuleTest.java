/* FollowForksRuleTest.java: rule follow-forks on JVM threads and a Java fork server's fork.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.strace;

import java.util.List;

import org.junit.jupiter.api.Test;

import static io.github.panamasockets.strace.Captured.lines;
import static io.github.panamasockets.strace.Captured.ofProcess;
import static io.github.panamasockets.strace.Captured.options;
import static io.github.panamasockets.strace.Captured.rules;
import static io.github.panamasockets.strace.Captured.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FollowForksRuleTest {

    private static Trace followed(List<String> raw) {
        return run(raw, options(0), rules("merge-resumed", "follow-forks"));
    }

    @Test
    void threadsBelongToTheProcessThatMadeThem() {
        Trace t = followed(lines("snippets/follow-forks.raw"));
        // 29245, made by the third clone3 with CLONE_THREAD, is a thread of the JVM (29233 heads the snippet)
        assertEquals(29233, t.processOf.get(29245));
        assertEquals(29233, t.processOf.get(29247));
        Event socket = t.events.stream().filter(e -> e.isCall("socket")).findFirst().orElseThrow();
        assertEquals(29245, socket.tid);
        assertEquals(29233, socket.pid);
        // a thread is not a process
        assertTrue(!t.processes.containsKey(29245) && !t.processes.containsKey(29247));
    }

    @Test
    void glibcForkIsShownAsForkAndItsChildIsAProcess() {
        Trace t = followed(lines("snippets/follow-forks.raw"));
        Event fork = t.events.stream().filter(e -> e.childPid == 29276).findFirst().orElseThrow();
        assertEquals("fork() = 29276", fork.render());
        assertEquals(29233, t.processes.get(29276).parent);
        assertEquals(List.of(
                "close(6) = 0",
                "recvfrom(7, \"alpha\", 32, 0, NULL, NULL) = 5",
                "sendto(7, \"alpha\", 5, 0, NULL, 0) = 5",
                "recvfrom(7, \"\", 32, 0, NULL, NULL) = 0",
                "close(7) = 0",
                "write(1, \"Handling client 127.0.0.1\\n\", 26) = 26",
                "exit_group(0) = ?",
                "+++ exited with 0 +++"), ofProcess(t, 29276));
    }

    @Test
    void anotherWayOfMakingAProcessShowsItsFlags() {
        // the same fork with CLONE_VM|CLONE_VFORK (what posix_spawn does) is not glibc's fork(): the flags stay
        List<String> raw = Captured.edit(lines("snippets/follow-forks.raw"),
                "flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD", "flags=CLONE_VM|CLONE_VFORK|SIGCHLD");
        Event fork = followed(raw).events.stream().filter(e -> e.childPid == 29276).findFirst().orElseThrow();
        assertEquals("fork(flags=CLONE_VM|CLONE_VFORK|SIGCHLD) = 29276", fork.render());
    }

    @Test
    void theCForkServerHasFourProcesses() {
        Trace t = followed(lines("traces/fork-server/c.raw"));
        assertEquals(List.of(29190, 29192, 29193, 29195), List.copyOf(t.processes.keySet()));
    }
}
