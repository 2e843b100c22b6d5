/* AddressRuleTest.java: rule addresses on the C fork server's last accept.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.strace;

import java.util.List;

import org.junit.jupiter.api.Test;

import static io.github.panamasockets.strace.Captured.lines;
import static io.github.panamasockets.strace.Captured.options;
import static io.github.panamasockets.strace.Captured.rules;
import static io.github.panamasockets.strace.Captured.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

class AddressRuleTest {

    private static List<String> calls(List<String> raw) {
        return run(raw, options(0), rules("merge-resumed", "addresses")).events.stream()
                .filter(e -> e.type == Event.Type.CALL).map(Event::render).toList();
    }

    @Test
    void anAddressIsAddrNullStaysNull() {
        List<String> calls = calls(lines("snippets/unreturned-c.raw"));
        assertEquals("accept(3, ADDR, [16]) = ? ERESTARTSYS (To be restarted if SA_RESTART is set)", calls.get(0));
        List<String> parent = run(lines("snippets/merge-resumed.raw"), options(0), rules("merge-resumed", "addresses"))
                .events.stream().filter(e -> e.tid == 29190).map(Event::render).toList();
        assertEquals("wait4(-1, NULL, WNOHANG, NULL) = 29192", parent.get(2));
    }

    @Test
    void dataThatLooksLikeAnAddressIsData() {
        List<String> raw = List.of("7 10:00:00.000000 write(1, \"at 0x7ffde2cffd80\\n\", 18) = 18");
        assertEquals(List.of("write(1, \"at 0x7ffde2cffd80\\n\", 18) = 18"), calls(raw));
    }
}
