/* HandlerReturnRuleTest.java: rule handler-return and the handler anchor, on SigAction's captured C and Java traces.
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
 * sa_mask is the book's, as C's; its native recorder returns from the signal (rt_sigreturn) before
 * the Java handler writes, where C's handler writes and exits without returning: rule
 * handler-return drops rt_sigreturn, and the story starts at the first handler installed for SIGINT:
 * not the launcher's SIG_IGN/SIG_DFL, not the JVM's own handlers, not the twin's unblocking
 * rt_sigprocmask just before.
 */
class HandlerReturnRuleTest {

    private static final String JAVA_MASK = "sa_mask=~[RTMIN RT_1]";

    private static NormalisedTrace normalise(List<String> raw) {
        return Normaliser.normalise(raw, options(0).anchoredAtHandlerOf("SIGINT"));
    }

    private static Verdict compare(List<String> java) {
        return SideBySide.compare(normalise(lines("snippets/sigaction-c.raw")), normalise(java));
    }

    @Test
    void theTwinsMaskAndCallsCompareAlikeWithTheBooks() {
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
    void anyOtherMaskIsADifference() {
        // the mask the twins gave before the recorder (without HotSpot's four faults) is one too
        assertFalse(compare(edit(lines("snippets/sigaction-java.raw"), JAVA_MASK,
                "sa_mask=~[ILL BUS FPE SEGV RTMIN RT_1]")).identical());
        assertFalse(compare(edit(lines("snippets/sigaction-java.raw"), JAVA_MASK, "sa_mask=[]")).identical());
        assertFalse(compare(edit(lines("snippets/sigaction-java.raw"), JAVA_MASK, "sa_mask=[INT]")).identical());
    }

    @Test
    void onlyRtSigreturnGoes() {
        List<String> raw = lines("snippets/sigaction-java.raw");
        assertTrue(raw.stream().anyMatch(l -> l.contains(" rt_sigreturn(")), "the capture has the recorder's return");
        Trace t = Captured.run(raw, options(0), Captured.rules("merge-resumed", "handler-return"));
        assertFalse(t.events.stream().anyMatch(e -> e.render().startsWith("rt_sigreturn")));
        assertTrue(t.events.stream().anyMatch(e -> e.render().startsWith("rt_sigprocmask(SIG_UNBLOCK, [INT]")));
        // a call of the handler moved or missing is still a difference
        assertFalse(compare(edit(raw, "write(1, \"Interrupt Received.  Exiting program.\\n\", 38) = 38",
                "write(1, \"Interrupt Received.  Exiting program!\\n\", 38) = 38")).identical());
    }

    @Test
    void withoutTheHandlerAnchorTheProgramHasNoStory() {
        // the same traces, anchored as a socket program: no anchor, output and status only
        NormalisedTrace c = Normaliser.normalise(lines("snippets/sigaction-c.raw"), options(0));
        assertFalse(c.lines().stream().anyMatch(l -> l.startsWith("rt_sigaction")), c.lines().toString());
    }
}
