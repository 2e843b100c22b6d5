/* ProgramThreadRuleTest.java: rule program-thread on a JVM trace with nscd, libnet probes and the launcher's subshells.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.strace;

import java.util.List;

import org.junit.jupiter.api.Test;

import static io.github.panamasockets.strace.Captured.lines;
import static io.github.panamasockets.strace.Captured.options;
import static io.github.panamasockets.strace.Captured.run;
import static io.github.panamasockets.strace.Captured.upTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgramThreadRuleTest {

    /** A Java iterative server whose main thread made libnet's probe sockets before the program's own. */
    private static final String PROBED = "traces/iterative-server-libnet-probe/java.raw";

    @Test
    void theAnchorIsTheFirstUsedInetSocketNotAProbe() {
        Trace t = run(lines(PROBED), options(23063), upTo("follow-forks"));
        Event anchor = ProgramThreadRule.findAnchor(t);
        assertNotNull(anchor);
        assertEquals("socket(AF_INET, SOCK_STREAM, IPPROTO_TCP) = 6", anchor.render());
        assertEquals(22112, anchor.tid);   // the JVM's main thread
        assertEquals(22080, anchor.pid);   // the launcher's pid, exec'd into java
        // the probe before it, on the same thread: opened and closed unused
        assertTrue(t.events.stream().anyMatch(e -> e.tid == 22112 && e.render().equals("socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = 7")
                && e.order() < anchor.order()));
    }

    @Test
    void onlyTheProgramThreadFromTheAnchorIsKeptAndTheProbesAreNoted() {
        Trace t = run(lines(PROBED), options(23063), upTo("program-thread"));
        assertEquals(1, t.followed.size());
        assertEquals(22080, t.followed.get(0).pid);
        assertEquals(22112, t.followed.get(0).programTid);
        // nothing before the anchor, nothing of the launcher's subshells (22082...22088, one of them `java -version`)
        Event first = t.events.stream().filter(e -> e.type == Event.Type.CALL).findFirst().orElseThrow();
        assertEquals("socket(AF_INET, SOCK_STREAM, IPPROTO_TCP) = 6", first.render());
        assertTrue(t.events.stream().allMatch(e -> e.pid == 22080));
        // other threads' calls are left for fd-names to judge, marked; the program thread's are not marked
        assertTrue(t.events.stream().filter(e -> e.tid == 22112).noneMatch(e -> e.otherThread));
        assertTrue(t.notes.stream().anyMatch(n -> n.contains("1x socket(AF_INET, SOCK_STREAM, IPPROTO_IP) on the program thread")),
                String.join("\n", t.notes));
    }

    @Test
    void theForkServersChildrenAfterTheAnchorAreFollowedTheLaunchersAreNot() {
        Trace t = run(lines("traces/fork-server/java.raw"), options(25172), upTo("program-thread"));
        assertEquals(List.of("P1", "P2", "P3", "P4"), t.followed.stream().map(p -> p.label).toList());
        assertEquals(List.of(29200, 29276, 29278, 29282), t.followed.stream().map(p -> p.pid).toList());
        // the launcher script's subshells (one ran `java -version`) are processes made before the anchor: not followed
        Event anchor = t.events.stream().filter(e -> e.isCall("socket")).findFirst().orElseThrow();
        List<Trace.Proc> others = t.processes.values().stream().filter(p -> !t.followed.contains(p)).toList();
        assertTrue(others.size() >= 4, "launcher subshells: " + others.size());
        assertTrue(others.stream().allMatch(p -> p.fork != null && p.fork.order() < anchor.order()));
    }

    @Test
    void withoutAnInetSocketOnlyOutputAndExitStatusRemain() {
        Trace t = run(lines("traces/usage-client/java.raw"), options(0), upTo("program-thread"));
        assertTrue(ProgramThreadRule.findAnchor(t) == null);
        List<String> calls = t.events.stream().filter(e -> e.type == Event.Type.CALL).map(Event::render).toList();
        assertEquals(List.of("write(2, \"Usage: ./TCPEchoClient <Server IP> <Echo Word> [<Echo Port>]\\n\", 61) = 61"), calls);
        assertFalse(t.events.stream().noneMatch(e -> e.type == Event.Type.EXIT));
    }

    @Test
    void outputFromAnyThreadOfTheProgramIsNeverDropped() {
        // a JVM warning written by another thread before the program's first socket: it reaches the user, so it stays
        List<String> raw = Captured.edit(lines(PROBED), "22120 19:59:39.150769 socket(AF_UNIX, SOCK_STREAM, 0) = 4",
                "22120 19:59:39.150769 write(2, \"OpenJDK 64-Bit Server VM warning: ...\\n\", 39) = 39");
        Trace t = run(raw, options(23063), upTo("program-thread"));
        Event first = t.events.stream().filter(e -> e.type == Event.Type.CALL).findFirst().orElseThrow();
        assertEquals("write(2, \"OpenJDK 64-Bit Server VM warning: ...\\n\", 39) = 39", first.render());
        assertEquals(22120, first.tid);
    }

    @Test
    void theProgramsOwnSocketCallsBeforeTheAnchorAreKept() {
        // the Java fork server warms its downcalls up on fd -1 before socket(); nscd's AF_UNIX socket and the
        // connect on it, made on the same thread before, are the runtime's
        Trace t = run(lines("traces/fork-server/java.raw"), options(25172), upTo("program-thread"));
        List<String> before = t.events.stream().filter(e -> e.type == Event.Type.CALL && e.tid == 29233)
                .map(Event::render).takeWhile(r -> !r.startsWith("socket(")).toList();
        assertEquals(List.of("close(-1) = -1 EBADF (Bad file descriptor)",
                "recvfrom(-1, NULL, 0, 0, NULL, NULL) = -1 EBADF (Bad file descriptor)",
                "sendto(-1, NULL, 0, 0, NULL, 0) = -1 EBADF (Bad file descriptor)"), before);
        assertTrue(t.events.stream().noneMatch(e -> e.render().contains("nscd")));
    }
}
