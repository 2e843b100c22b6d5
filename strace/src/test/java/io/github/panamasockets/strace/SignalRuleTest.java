/* SignalRuleTest.java: rule signals on a JVM's own SIGSEGV, a SIGCHLD and a SIGTERM.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.strace;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static io.github.panamasockets.strace.Captured.lines;
import static io.github.panamasockets.strace.Captured.options;
import static io.github.panamasockets.strace.Captured.rules;
import static io.github.panamasockets.strace.Captured.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

class SignalRuleTest {

    private static List<String> signals(List<String> raw) {
        Trace t = run(raw, options(0), rules("merge-resumed", "follow-forks", "signals"));
        return t.events.stream().map(Event::render).toList();
    }

    @Test
    void theRuntimesFaultGoesTheProgramsSignalsStayWithoutCpuTimes() {
        assertEquals(List.of(
                "--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=29192, si_uid=0, si_status=0} ---",
                "--- SIGTERM {si_signo=SIGTERM, si_code=SI_USER, si_pid=28911, si_uid=0} ---"),
                signals(lines("snippets/signals.raw")));
    }

    @Test
    void aSignalSentOnPurposeStaysEvenASegv() {
        // kill -SEGV or raise(SIGSEGV) is a signal someone sent (SI_USER, SI_TKILL), not a fault the runtime took
        List<String> raw = new ArrayList<>(List.of(
                "29057 20:22:06.600000 --- SIGSEGV {si_signo=SIGSEGV, si_code=SI_TKILL, si_pid=29057, si_uid=0} ---",
                "29057 20:22:06.600001 --- SIGUSR2 {si_signo=SIGUSR2, si_code=SI_USER, si_pid=4242, si_uid=0} ---"));
        assertEquals(List.of("--- SIGSEGV {si_signo=SIGSEGV, si_code=SI_TKILL, si_pid=29057, si_uid=0} ---",
                "--- SIGUSR2 {si_signo=SIGUSR2, si_code=SI_USER, si_pid=4242, si_uid=0} ---"), signals(raw));
    }
}
