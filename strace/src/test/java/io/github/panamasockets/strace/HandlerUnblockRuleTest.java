/* HandlerUnblockRuleTest.java: rule handler-unblock, on SigAction's captured Java trace with the direct path's unblocking put in.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.strace;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static io.github.panamasockets.strace.Captured.lines;
import static io.github.panamasockets.strace.Captured.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * snippets/sigaction-java.raw with one line added where the direct path makes it: the recorder's
 * rt_sigprocmask(SIG_UNBLOCK, [ILL BUS FPE SEGV]) as the program thread's first call after SIGINT
 * (as strace/target/traces/sigaction/java.raw has it since the direct path). Dropped there; kept
 * anywhere else or with any other set.
 */
class HandlerUnblockRuleTest {

    private static final String UNBLOCK = "rt_sigprocmask(SIG_UNBLOCK, [ILL BUS FPE SEGV], NULL, 8) = 0";

    /** The capture with {@code call} on the SIGINT thread, right after the signal (after = true) or right before it. */
    private static List<String> withCall(String call, boolean after) {
        List<String> raw = new ArrayList<>(lines("snippets/sigaction-java.raw"));
        for (int i = 0; i < raw.size(); i++) {
            String line = raw.get(i);
            if (line.contains("--- SIGINT {")) {
                String prefix = line.substring(0, line.indexOf("--- SIGINT"));
                raw.add(after ? i + 1 : i, prefix + call);
                return raw;
            }
        }
        throw new AssertionError("no SIGINT in the capture");
    }

    private static NormalisedTrace normalise(List<String> raw) {
        return Normaliser.normalise(raw, options(0).anchoredAtHandlerOf("SIGINT"));
    }

    private static boolean identicalToC(List<String> java) {
        return SideBySide.compare(normalise(lines("snippets/sigaction-c.raw")), normalise(java)).identical();
    }

    @Test
    void theUnblockingRightAfterTheSignalGoes() {
        List<String> raw = withCall(UNBLOCK, true);
        Trace t = Captured.run(raw, options(0).anchoredAtHandlerOf("SIGINT"), Captured.upTo("handler-unblock"));
        assertFalse(t.events.stream().anyMatch(e -> e.render().startsWith("rt_sigprocmask(SIG_UNBLOCK, [ILL BUS FPE SEGV]")));
        assertTrue(t.notes.stream().anyMatch(n -> n.startsWith("handler-unblock: 1 ")), t.notes.toString());
        assertTrue(identicalToC(raw));
    }

    @Test
    void elsewhereOrAnotherSetIsADifference() {
        assertFalse(identicalToC(withCall("rt_sigprocmask(SIG_UNBLOCK, [INT ILL BUS FPE SEGV], NULL, 8) = 0", true)));
        assertFalse(identicalToC(withCall("rt_sigprocmask(SIG_BLOCK, [ILL BUS FPE SEGV], NULL, 8) = 0", true)));
        assertFalse(identicalToC(withCall(UNBLOCK, false)), "before the signal: not the recorder's");
        assertEquals(1, normalise(withCall(UNBLOCK, false)).lines().stream().filter(l -> l.startsWith("rt_sigprocmask")).count());
    }
}
