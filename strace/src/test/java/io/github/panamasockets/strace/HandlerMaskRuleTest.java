/* HandlerMaskRuleTest.java: rule handler-mask and the handler anchor, on SigAction's captured C and Java traces.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.strace;

import java.util.List;

import org.junit.jupiter.api.Test;

import static io.github.panamasockets.strace.Captured.edit;
import static io.github.panamasockets.strace.Captured.lines;
import static io.github.panamasockets.strace.Captured.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * snippets/sigaction-{c,java}.raw: SigAction's two builds, SIGINT sent while in pause(). The twin's
 * sa_mask is C's without ILL, BUS, FPE and SEGV (Sockets.handlerMask); rule handler-mask makes
 * exactly that difference equal, and the story starts at the first handler installed for SIGINT:
 * not the launcher's SIG_IGN/SIG_DFL, not the JVM's own handlers, not the twin's unblocking
 * rt_sigprocmask just before.
 */
class HandlerMaskRuleTest {

    private static final String JAVA_MASK = "sa_mask=~[ILL BUS FPE SEGV RTMIN RT_1]";

    private static NormalisedTrace normalise(List<String> raw) {
        return Normaliser.normalise(raw, options(0).anchoredAtHandlerOf("SIGINT"));
    }

    private static Verdict compare(List<String> java) {
        return SideBySide.compare(normalise(lines("snippets/sigaction-c.raw")), normalise(java));
    }

    @Test
    void theTwinsMaskComparesAlikeWithTheBooks() {
        NormalisedTrace java = normalise(lines("snippets/sigaction-java.raw"));
        assertEquals(List.of("[P1]",
                "rt_sigaction(SIGINT, {sa_handler=ADDR, sa_mask=~[RTMIN RT_1], sa_flags=SA_RESTORER, sa_restorer=ADDR}, "
                        + "NULL, 8) = 0",
                "pause(...) = ?",
                "--- SIGINT {si_signo=SIGINT, si_code=SI_USER, si_pid=OUTSIDE, si_uid=0} ---",
                "write(1, \"Interrupt Received.  Exiting program.\\n\", 38) = 38",
                "+++ exited with 1 +++"), java.lines());
        assertTrue(compare(lines("snippets/sigaction-java.raw")).identical());
    }

    @Test
    void theTwinsUnblockingIsBeforeTheWindow() {
        NormalisedTrace java = normalise(lines("snippets/sigaction-java.raw"));
        assertFalse(java.lines().stream().anyMatch(l -> l.startsWith("rt_sigprocmask")), java.lines().toString());
        assertFalse(java.lines().stream().anyMatch(l -> l.contains("SIGSEGV") || l.contains("SIG_IGN")),
                java.lines().toString());
    }

    @Test
    void anotherSignalInTheMaskIsStillADifference() {
        assertFalse(compare(edit(lines("snippets/sigaction-java.raw"), JAVA_MASK,
                "sa_mask=~[ILL BUS FPE SEGV TERM RTMIN RT_1]")).identical());
        assertFalse(compare(edit(lines("snippets/sigaction-java.raw"), JAVA_MASK, "sa_mask=[]")).identical());
        assertFalse(compare(edit(lines("snippets/sigaction-java.raw"), JAVA_MASK, "sa_mask=[INT]")).identical());
    }

    @Test
    void onlyTheFourAndOnlyInRtSigaction() {
        assertEquals("SIGINT, {sa_handler=0x1, sa_mask=[INT TERM], sa_flags=0}, {sa_handler=SIG_DFL, sa_mask=~[RTMIN]}, 8",
                HandlerMaskRule.withoutJvmFaults(
                        "SIGINT, {sa_handler=0x1, sa_mask=[INT SEGV TERM], sa_flags=0}, {sa_handler=SIG_DFL, sa_mask=~[BUS RTMIN]}, 8"));
        assertEquals("SIGINT, {sa_handler=0x1, sa_mask=~[TRAP RTMIN RT_1], sa_flags=0}, NULL, 8",
                HandlerMaskRule.withoutJvmFaults("SIGINT, {sa_handler=0x1, sa_mask=~[ILL TRAP RTMIN RT_1], sa_flags=0}, NULL, 8"));
        // a thread's mask is compared as it is
        List<String> java = edit(lines("snippets/sigaction-java.raw"), "rt_sigprocmask(SIG_UNBLOCK, [INT], [INT], 8)",
                "rt_sigprocmask(SIG_UNBLOCK, [INT SEGV], [INT], 8)");
        Trace t = Captured.run(java, options(0), Captured.rules("merge-resumed", "handler-mask"));
        assertTrue(t.events.stream().anyMatch(e -> e.render().startsWith("rt_sigprocmask(SIG_UNBLOCK, [INT SEGV]")));
    }

    @Test
    void withoutTheHandlerAnchorTheProgramHasNoStory() {
        // the same traces, anchored as a socket program: no anchor, output and status only
        NormalisedTrace c = Normaliser.normalise(lines("snippets/sigaction-c.raw"), options(0));
        assertFalse(c.lines().stream().anyMatch(l -> l.startsWith("rt_sigaction")), c.lines().toString());
    }
}
