/* MergeResumedRuleTest.java: rule merge-resumed on captured split calls.
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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MergeResumedRuleTest {

    private static Trace merged(String snippet) {
        return run(lines("snippets/" + snippet), options(0), rules("merge-resumed"));
    }

    @Test
    void eachSplitCallBecomesOneCall() {
        Trace t = merged("merge-resumed.raw");
        assertEquals(List.of(
                "clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7fcfec773a10) = 29195"
                        .replace("29195", "29193"),
                "close(4) = 0",
                "wait4(-1, NULL, WNOHANG, NULL) = 29192",
                "wait4(-1, NULL, WNOHANG, NULL) = 0",
                "accept(3) = ?"), of(t, 29190));
        assertEquals(List.of(
                "close(3) = 0",
                "recvfrom(4, \"beta\", 32, 0, NULL, NULL) = 4",
                "sendto(4, \"beta\", 4, 0, NULL, 0) = 4",
                "recvfrom(4, \"\", 32, 0, NULL, NULL) = 0",
                "close(4) = 0",
                "write(1, \"Handling client 127.0.0.1\\nwith child process: 29192\\nHandling client 127.0.0.1\\n\", 78) = 78",
                "exit_group(0) = ?",
                "+++ exited with 0 +++"), of(t, 29193));
    }

    @Test
    void aMergedCallStandsWhereItReturned() {
        Trace t = merged("merge-resumed.raw");
        Event recv = t.events.stream().filter(e -> e.isCall("recvfrom") && e.args.contains("beta")).findFirst().orElseThrow();
        assertEquals(6, recv.start);
        assertEquals(9, recv.end);
        assertEquals(9, recv.order());
        // the parent's accept, begun at line 8 and never resumed in the snippet, did not return: it stands where it began
        Event accept = t.events.stream().filter(e -> e.isCall("accept")).findFirst().orElseThrow();
        assertFalse(accept.returned);
        assertEquals(8, accept.order());
        // so the events are in this order: ..., the accept (8), the child's recvfrom (9), ...
        assertTrue(t.events.indexOf(accept) < t.events.indexOf(recv));
    }

    @Test
    void aCallResumedIntoTheProcessEndKeepsOnlyItsEntryArguments() {
        Trace t = merged("unreturned-java.raw");
        List<String> main = of(t, 29233);
        assertEquals("accept(6) = ?", main.get(main.size() - 2));
        Event accept = t.events.stream().filter(e -> e.tid == 29233 && e.isCall("accept")).findFirst().orElseThrow();
        assertFalse(accept.returned);
        assertEquals(1, accept.order()); // its entry line, before the SIGTERM that another thread received (line 2)
    }

    @Test
    void withoutTheRuleAHalfCallIsNotACall() {
        // the rule is what turns lines into events: nothing else reads <unfinished ...> lines
        Trace t = run(lines("snippets/merge-resumed.raw"), options(0), List.of());
        assertTrue(t.events.isEmpty());
    }
}
