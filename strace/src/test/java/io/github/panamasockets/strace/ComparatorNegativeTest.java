/* ComparatorNegativeTest.java: the comparator fails, at the right line, on variants that differ in one call.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.strace;

import java.util.List;

import org.junit.jupiter.api.Test;

import static io.github.panamasockets.strace.Captured.edit;
import static io.github.panamasockets.strace.Captured.lines;
import static io.github.panamasockets.strace.Captured.normalised;
import static io.github.panamasockets.strace.Captured.options;
import static io.github.panamasockets.strace.Captured.port;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each variant is a copy of a captured Java trace edited in one place, as a Java twin with that
 * one difference would have made it; the C trace is the captured one. The comparator must say
 * "different" and mark the line of the edited call.
 */
class ComparatorNegativeTest {

    private static Verdict compareWithC(String scenario, List<String> javaVariant) {
        NormalisedTrace c = normalised(scenario, "c");
        NormalisedTrace java = Normaliser.normalise(javaVariant, options(port(scenario, "java")));
        return SideBySide.compare(c, java);
    }

    private static List<String> java(String scenario) {
        return lines("traces/" + scenario + "/java.raw");
    }

    @Test
    void theUneditedPairsAreIdentical() {
        assertTrue(compareWithC("iterative-server", java("iterative-server")).identical());
        assertTrue(compareWithC("client", java("client")).identical());
    }

    @Test
    void aDifferentListenBacklog() {
        Verdict v = compareWithC("iterative-server", edit(java("iterative-server"), "listen(6, 5)", "listen(6, 4)"));
        assertFalse(v.identical());
        assertEquals(3, v.line()); // [P1], socket, bind, listen
        assertEquals("listen(S1, 5) = 0", v.left());
        assertEquals("listen(S1, 4) = 0", v.right());
    }

    @Test
    void aDifferentWordInTheSecondSend() {
        Verdict v = compareWithC("iterative-server", edit(java("iterative-server"), "sendto(7, \"beta\", 4", "sendto(7, \"bota\", 4"));
        assertFalse(v.identical());
        assertEquals("sendto(A2, \"beta\", 4, 0, NULL, 0) = 4", v.left());
        assertEquals("sendto(A2, \"bota\", 4, 0, NULL, 0) = 4", v.right());
        assertEquals("recvfrom(A2, \"beta\", 32, 0, NULL, NULL) = 4", normalised("iterative-server", "c").lines().get(v.line() - 1));
    }

    @Test
    void aDifferentWordInTheSecondChildsSend() {
        // the fork server: C against an edited copy of the C trace (the captured Java fork server differs already, see
        // CapturedTracesTest), the second child's send changed
        NormalisedTrace c = normalised("fork-server", "c");
        NormalisedTrace variant = Normaliser.normalise(edit(lines("traces/fork-server/c.raw"), "sendto(4, \"beta\", 4",
                "sendto(4, \"bota\", 4"), options(port("fork-server", "c")));
        Verdict v = SideBySide.compare(c, variant);
        assertEquals("sendto(A2, \"bota\", 4, 0, NULL, 0) = 4", v.right());
        assertEquals("[P3] forked by P1", c.lines().get(v.line() - 3));
    }

    @Test
    void oneCallMoreBeforeBind() {
        String bind = java("iterative-server").stream().filter(l -> l.contains(" bind(6, {sa_family=AF_INET")).findFirst()
                .orElseThrow();
        String prefix = bind.substring(0, bind.indexOf(" bind(") + 1);
        List<String> variant = edit(java("iterative-server"), bind, prefix + "setsockopt(6, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0");
        variant = new java.util.ArrayList<>(variant);
        variant.add(variant.indexOf(prefix + "setsockopt(6, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0") + 1, bind);
        Verdict v = compareWithC("iterative-server", variant);
        assertEquals(2, v.line());
        assertEquals("setsockopt(S1, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0", v.right());
    }

    @Test
    void aDifferentByteOnStdout() {
        Verdict v = compareWithC("client", edit(java("client"), "write(1, \"Received: hello\\n\"", "write(1, \"Received: hallo\\n\""));
        assertEquals("write(1, \"Received: hallo\\n\", 16) = 16", v.right());
    }

    @Test
    void aPrintedPidThatIsNotTheChilds() {
        // the parent prints its own pid instead of the child's: P1 where C has P2 (an edited copy of the C trace)
        NormalisedTrace c = normalised("fork-server", "c");
        NormalisedTrace variant = Normaliser.normalise(edit(lines("traces/fork-server/c.raw"),
                "with child process: 29192\\nHandling client 127.0.0.1\\n\", 78",
                "with child process: 29190\\nHandling client 127.0.0.1\\n\", 78"), options(port("fork-server", "c")));
        Verdict v = SideBySide.compare(c, variant);
        assertFalse(v.identical());
        assertTrue(v.right().contains("with child process: P1"), v.right());
        assertTrue(v.left().contains("with child process: P2"), v.left());
    }

    @Test
    void aWrongPortIsNotMaskedAsEphemeral() {
        Verdict v = compareWithC("client", edit(java("client"), "sin_port=htons(24584)", "sin_port=htons(49152)"));
        assertEquals("connect(S1, {sa_family=AF_INET, sin_port=htons(49152), sin_addr=inet_addr(\"127.0.0.1\")}, 16) = 0", v.right());
    }

    @Test
    void anotherExitStatus() {
        List<String> raw = java("client");
        String last = raw.get(raw.size() - 1);
        List<String> variant = edit(raw, last, last.replace("exited with 0", "exited with 1"));
        Verdict v = compareWithC("client", variant);
        assertEquals("+++ exited with 0 +++", v.left());
        assertEquals("+++ exited with 1 +++", v.right());
    }

    @Test
    void aMissingLastCall() {
        List<String> variant = java("client").stream().filter(l -> !l.contains("write(1, \"Received: hello")).toList();
        Verdict v = compareWithC("client", variant);
        assertEquals("write(1, \"Received: hello\\n\", 16) = 16", v.left());
        assertEquals("+++ exited with 0 +++", v.right());
    }

    @Test
    void theSideBySideMarksTheFirstDifference() {
        NormalisedTrace c = normalised("iterative-server", "c");
        NormalisedTrace java = Normaliser.normalise(edit(java("iterative-server"), "listen(6, 5)", "listen(6, 4)"),
                options(port("iterative-server", "java")));
        String text = SideBySide.render("C", c, "Java", java, 50);
        List<String> marked = text.lines().filter(l -> l.startsWith(">>")).toList();
        assertEquals(1, marked.size());
        assertTrue(marked.get(0).startsWith(">> listen(S1, 5) = 0"), marked.get(0));
        assertTrue(marked.get(0).contains("\u2260 listen(S1, 4) = 0"), marked.get(0));
        assertTrue(text.contains("verdict: different, first at line 4"), text);
    }

    @Test
    void anIdenticalVerdictCountsTheLines() {
        Verdict v = compareWithC("client", java("client"));
        assertTrue(v.identical());
        assertNull(v.left());
        assertEquals("verdict: identical (8 lines compared)", v.describe("C", "Java"));
    }
}
