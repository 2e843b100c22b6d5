/* ExitRuleTest.java: rule exit-status on the C and Java clients' ends.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.strace;

import java.util.List;

import org.junit.jupiter.api.Test;

import static io.github.panamasockets.strace.Captured.lines;
import static io.github.panamasockets.strace.Captured.options;
import static io.github.panamasockets.strace.Captured.run;
import static io.github.panamasockets.strace.Captured.upTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExitRuleTest {

    private static List<String> last3(String build, String rule) {
        Trace t = run(lines("traces/client/" + build + ".raw"), options(Captured.port("client", build)), upTo(rule));
        t.sortEvents();
        List<String> r = t.events.stream().map(Event::render).toList();
        return r.subList(r.size() - 3, r.size());
    }

    @Test
    void theExitPathGoesOneStatusPerProcessStays() {
        // before: C ends exit_group(0) then its one thread's end; Java the same on its main thread, then ten more threads end
        assertEquals(List.of("write(1, \"Received: hello\\n\", 16) = 16", "exit_group(0) = ?", "+++ exited with 0 +++"),
                last3("c", "addresses"));
        Trace java = run(lines("traces/client/java.raw"), options(Captured.port("client", "java")), upTo("addresses"));
        assertTrue(java.events.stream().filter(e -> e.type == Event.Type.EXIT).count() > 5);
        // after: the same for both
        List<String> expected = List.of("close(S1) = 0", "write(1, \"Received: hello\\n\", 16) = 16", "+++ exited with 0 +++");
        assertEquals(expected, last3("c", "exit-status"));
        assertEquals(expected, last3("java", "exit-status"));
    }

    @Test
    void theStatusIsThatOfTheProcessLeader() {
        Trace t = run(lines("traces/client/java.raw"), options(Captured.port("client", "java")), upTo("exit-status"));
        List<Event> ends = t.events.stream().filter(e -> e.type == Event.Type.EXIT).toList();
        assertEquals(1, ends.size());
        assertEquals(29020, ends.get(0).tid); // the pid the launcher had, exec'd into java
    }
}
