/* ProgramThreadsRuleTest.java: rule program-threads on the thread-per-client server's captured traces, C and Java.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.strace;

import java.util.List;

import org.junit.jupiter.api.Test;

import static io.github.panamasockets.strace.Captured.lines;
import static io.github.panamasockets.strace.Captured.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * snippets/thread-server-{c,java}.raw: TCPEchoServer-Thread with two clients, one after the other
 * (C on port 26789, Java on 24202). In Java, the program thread (6329) made ten JVM threads with
 * clone3 before its first socket, and the client threads (6341, 6343) after accepts; 6341 loads
 * classes from the jar on fd 4 as it enters Java through the upcall.
 */
class ProgramThreadsRuleTest {

    private static final String C = "snippets/thread-server-c.raw";
    private static final String JAVA = "snippets/thread-server-java.raw";
    private static final String PTHREAD = "clone3({flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD"
            + "|CLONE_SYSVSEM|CLONE_SETTLS|CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID, exit_signal=0, stack_size=0x7fff80}, 88)";

    private static NormalisedTrace c(List<String> raw) {
        return Normaliser.normalise(raw, options(26789));
    }

    private static NormalisedTrace java(List<String> raw) {
        return Normaliser.normalise(raw, options(24202));
    }

    @Test
    void eachClientThreadIsASectionComparedAsTheCThread() {
        NormalisedTrace c = c(lines(C));
        NormalisedTrace j = java(lines(JAVA));
        assertEquals(c.lines(), j.lines());
        List<String> l = c.lines();
        int t1 = l.indexOf("[P1.T1] thread created by P1");
        assertEquals(List.of(
                "[P1.T1] thread created by P1",
                "recvfrom(A1, \"alpha\", 32, 0, NULL, NULL) = 5",
                "sendto(A1, \"alpha\", 5, 0, NULL, 0) = 5",
                "recvfrom(A1, \"\", 32, 0, NULL, NULL) = 0",
                "close(A1) = 0",
                "+++ exited with 0 +++",
                "[P1.T2] thread created by P1"), l.subList(t1, t1 + 7));
    }

    @Test
    void theCreatingCallStaysOnTheMainThreadWithFlagsButNoAddresses() {
        List<String> l = c(lines(C)).lines();
        int accept = l.indexOf(l.stream().filter(s -> s.startsWith("accept(S1, ") && s.endsWith("= A1")).findFirst()
                .orElseThrow());
        assertEquals(PTHREAD + " = P1.T1", l.get(accept + 1));
        assertTrue(l.contains(PTHREAD + " = P1.T2"));
        assertTrue(l.stream().noneMatch(s -> s.contains("stack=0x") || s.contains("tls=") || s.contains("parent_tid")));
    }

    @Test
    void theJvmsThreadsAreNotFollowedEvenThoseTheMainThreadMadeBeforeItsFirstSocket() {
        Trace t = Captured.run(lines(JAVA), options(24202), Captured.upTo("program-thread"));
        assertEquals(List.of("P1", "P1.T1", "P1.T2"), t.followed.stream().map(p -> p.label).toList());
        assertEquals(List.of(6341, 6343), t.followed.stream().filter(p -> p.thread).map(p -> p.pid).toList());
        // ten clone3 of the JVM by 6329 before the anchor: none kept
        assertEquals(2, t.events.stream().filter(e -> e.isCall("clone3")).count());
    }

    @Test
    void theAttachsClassLoadingInTheNewThreadGoesItsSocketCallsStay() {
        Trace t = Captured.run(lines(JAVA), options(24202), Captured.upTo("fd-names"));
        assertEquals(List.of(
                "recvfrom(A1, \"alpha\", 32, 0, NULL, NULL) = 5",
                "sendto(A1, \"alpha\", 5, 0, NULL, 0) = 5",
                "recvfrom(A1, \"\", 32, 0, NULL, NULL) = 0",
                "close(A1) = 0",
                "exit(0) = ?",
                "+++ exited with 0 +++"), Captured.of(t, 6341));
    }

    @Test
    void oneCallMissingInAClientThreadIsCaught() {
        List<String> raw = lines(JAVA);
        raw.removeIf(l -> l.startsWith("6343 ") && l.contains("sendto(7, \"beta\""));
        Verdict v = SideBySide.compare(c(lines(C)), java(raw));
        assertFalse(v.identical());
        assertEquals("sendto(A2, \"beta\", 4, 0, NULL, 0) = 4", v.left());
        assertEquals("recvfrom(A2, \"\", 32, 0, NULL, NULL) = 0", v.right());
    }

    @Test
    void aCallMadeByAnotherClientThreadIsCaught() {
        // the second client's echo sent by the first client's thread: same call, wrong thread
        List<String> raw = Captured.edit(lines(JAVA), "6343  08:46:03.769985 sendto(7", "6341  08:46:03.769985 sendto(7");
        assertFalse(SideBySide.compare(c(lines(C)), java(raw)).identical());
    }

    @Test
    void otherCloneFlagsAreCaught() {
        List<String> raw = Captured.edit(lines(JAVA), "6329  08:46:03.683903 clone3({flags=CLONE_VM|CLONE_FS|CLONE_FILES"
                + "|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM|", "6329  08:46:03.683903 clone3({flags=CLONE_VM|CLONE_FS"
                + "|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|");
        Verdict v = SideBySide.compare(c(lines(C)), java(raw));
        assertFalse(v.identical());
        assertEquals(PTHREAD + " = P1.T1", v.left());
    }

    @Test
    void cloneKeepsItsFlagsOnly() {
        Event e = new Event(Event.Type.CALL, 1, 0, 0, "clone", "child_stack=0x7f00, flags=CLONE_VM|CLONE_FS|CLONE_FILES"
                + "|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM, parent_tid=[42], tls=0x7f10, child_tidptr=0x7f20", "42", "");
        assertTrue(ProgramThreadsRule.isThreadCreation(e));
        assertEquals("flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM",
                ProgramThreadsRule.programChoices(e));
    }

    @Test
    void aTraceWithoutThreadsIsLeftAsItIs() {
        Trace t = Captured.run(lines("snippets/select-server-c.raw"), options(23107), Captured.upTo("program-thread"));
        assertEquals(List.of("P1"), t.followed.stream().map(p -> p.label).toList());
    }
}
