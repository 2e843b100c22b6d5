/* UnreturnedRuleTest.java: rule unreturned on the servers' accept that SIGTERM ends.
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

class UnreturnedRuleTest {

    @Test
    void bothWaysStraceShowsACallTheProcessDiedInLookAlike() {
        List<String> c = of(run(lines("snippets/unreturned-c.raw"), options(0),
                rules("merge-resumed", "restart-noise", "unreturned")), 29190);
        List<String> java = of(run(lines("snippets/unreturned-java.raw"), options(0),
                rules("merge-resumed", "restart-noise", "unreturned")), 29233);
        assertEquals("accept(3, ...) = ?", c.get(1));
        assertEquals("accept(6, ...) = ?", java.get(1));
        // without the rule they differ in everything after the descriptor
        List<String> c0 = of(run(lines("snippets/unreturned-c.raw"), options(0), rules("merge-resumed", "restart-noise")), 29190);
        List<String> j0 = of(run(lines("snippets/unreturned-java.raw"), options(0), rules("merge-resumed", "restart-noise")), 29233);
        assertEquals("accept(3, 0x7ffde2cffd80, [16]) = ? ERESTARTSYS (To be restarted if SA_RESTART is set)", c0.get(1));
        assertEquals("accept(6) = ?", j0.get(1));
    }
}
