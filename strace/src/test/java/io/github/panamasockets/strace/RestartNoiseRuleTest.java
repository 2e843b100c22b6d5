/* RestartNoiseRuleTest.java: rule restart-noise on the C fork server's accept interrupted by SIGCHLD.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.strace;

import java.util.List;

import org.junit.jupiter.api.Test;

import static io.github.panamasockets.strace.Captured.lines;
import static io.github.panamasockets.strace.Captured.of;
import static io.github.panamasockets.strace.Captured.options;
import static io.github.panamasockets.strace.Captured.rules;
import static io.github.panamasockets.strace.Captured.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

class RestartNoiseRuleTest {

    private static final String INTERRUPTED = "accept(3, 0x7ffde2cffd80, [16]) = ? ERESTARTSYS (To be restarted if SA_RESTART is set)";

    @Test
    void theInterruptedHalfOfARestartedCallGoesTheSignalStays() {
        List<String> before = of(run(lines("snippets/restart-noise.raw"), options(0), rules("merge-resumed")), 29190);
        List<String> after = of(run(lines("snippets/restart-noise.raw"), options(0),
                rules("merge-resumed", "restart-noise")), 29190);
        assertEquals(2, before.stream().filter(INTERRUPTED::equals).count());
        assertEquals(List.of(
                "clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7fcfec773a10) = 29195",
                "close(4) = 0",
                "wait4(-1, NULL, WNOHANG, NULL) = 29193",
                "wait4(-1, NULL, WNOHANG, NULL) = 0",
                // the accept SIGCHLD interrupted was restarted: only the signal is left of the interruption
                "--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=29195, si_uid=0, si_status=0, si_utime=0, si_stime=0} ---",
                // the restarted accept, which SIGTERM interrupted and which was not restarted: it stays
                INTERRUPTED,
                "--- SIGTERM {si_signo=SIGTERM, si_code=SI_USER, si_pid=28911, si_uid=0} ---",
                "+++ killed by SIGTERM +++"), after);
    }

    @Test
    void aCallInterruptedForGoodIsKept() {
        // an interrupted call followed by a different call of its thread is not a restart
        List<String> raw = List.of(
                "100 10:00:00.000001 accept(3, 0x7ffde2cffd80, [16]) = ? ERESTARTSYS (To be restarted if SA_RESTART is set)",
                "100 10:00:00.000002 --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=101, si_uid=0, si_status=0} ---",
                "100 10:00:00.000003 close(3) = 0");
        List<String> after = of(run(raw, options(0), rules("merge-resumed", "restart-noise")), 100);
        assertEquals(3, after.size());
        assertEquals(INTERRUPTED, after.get(0));
    }
}
