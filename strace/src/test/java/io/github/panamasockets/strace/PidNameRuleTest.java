/* PidNameRuleTest.java: rule pid-names on the Java fork server: fork, wait4, si_pid, and the pids it prints.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.strace;

import java.util.List;

import org.junit.jupiter.api.Test;

import static io.github.panamasockets.strace.Captured.lines;
import static io.github.panamasockets.strace.Captured.options;
import static io.github.panamasockets.strace.Captured.run;
import static io.github.panamasockets.strace.Captured.upTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PidNameRuleTest {

    private static List<String> rendered(String resource, int port, String upToRule) {
        return run(lines(resource), options(port), upTo(upToRule)).events.stream().map(Event::render).toList();
    }

    @Test
    void pidsBecomeNamesByOrderOfCreation() {
        List<String> before = rendered("traces/fork-server/java.raw", 25172, "signals");
        List<String> after = rendered("traces/fork-server/java.raw", 25172, "pid-names");
        assertTrue(before.contains("fork() = 29276"));
        assertTrue(after.contains("fork() = P2") && after.contains("fork() = P3") && after.contains("fork() = P4"));
        assertTrue(after.contains("wait4(-1, NULL, WNOHANG, NULL) = P2"));
        assertTrue(after.contains("--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=P4, si_uid=0, si_status=0} ---"));
        // the SIGTERM came from the test, not from a followed process
        assertTrue(after.contains("--- SIGTERM {si_signo=SIGTERM, si_code=SI_USER, si_pid=OUTSIDE, si_uid=0} ---"));
    }

    @Test
    void pidsThePrintsAreNamedAndTheByteCountsFollow() {
        List<String> before = rendered("traces/fork-server/java.raw", 25172, "signals");
        List<String> after = rendered("traces/fork-server/java.raw", 25172, "pid-names");
        assertTrue(before.contains("write(1, \"Handling client 127.0.0.1\\nwith child process: 29276\\nHandling client 127.0.0.1\\n"
                + "with child process: 29278\\nHandling client 127.0.0.1\\n\", 130) = 130"));
        // two 5-digit pids became two 2-character names: 6 bytes fewer, in the count and in the result
        assertTrue(after.contains("write(1, \"Handling client 127.0.0.1\\nwith child process: P2\\nHandling client 127.0.0.1\\n"
                + "with child process: P3\\nHandling client 127.0.0.1\\n\", 124) = 124"), String.join("\n", after));
    }

    @Test
    void otherNumbersInTheOutputAreLeftAlone() {
        List<String> after = rendered("traces/fork-server/c.raw", 31678, "pid-names");
        // 127.0.0.1 is not a pid; the first child's output has no pid in it
        assertTrue(after.contains("write(1, \"Handling client 127.0.0.1\\n\", 26) = 26"));
    }
}
