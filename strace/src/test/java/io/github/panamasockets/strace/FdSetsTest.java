/* FdSetsTest.java: select()'s descriptor sets named by rule fd-names, on the select server's captured traces.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.strace;

import java.util.List;

import org.junit.jupiter.api.Test;

import static io.github.panamasockets.strace.Captured.lines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * snippets/select-server-{c,java}.raw: TCPEchoServer-Select 60 on two ports, a client to each,
 * then a line on stdin. C listens on fds 3 and 4 (ports 23107, 30188), Java on 5 and 6 (22397, 25225).
 */
class FdSetsTest {

    private static final String C = "snippets/select-server-c.raw";
    private static final String JAVA = "snippets/select-server-java.raw";

    private static NormalisedTrace c(List<String> raw) {
        return Normaliser.normalise(raw, new NormaliseOptions(List.of(23107, 30188), 32768, 60999));
    }

    private static NormalisedTrace java(List<String> raw) {
        return Normaliser.normalise(raw, new NormaliseOptions(List.of(22397, 25225), 32768, 60999));
    }

    @Test
    void setsCountAndReadyDescriptorsAreNamedAndTheTimeLeftMasked() {
        NormalisedTrace c = c(lines(C));
        assertEquals(c.lines(), java(lines(JAVA)).lines());
        assertTrue(c.lines().contains(
                "pselect6(S2+1, [0 S1 S2], NULL, NULL, {tv_sec=60, tv_nsec=0}, NULL) = 1 (in [S2], left {TIME})"));
        assertTrue(c.lines().contains(
                "pselect6(S2+1, [0 S1 S2], NULL, NULL, {tv_sec=60, tv_nsec=0}, NULL) = 1 (in [0], left {TIME})"));
    }

    @Test
    void aSetWithoutStdinIsCaught() {
        List<String> raw = Captured.edit(lines(JAVA), "pselect6(7, [0 5 6]", "pselect6(7, [5 6]");
        Verdict v = SideBySide.compare(c(lines(C)), java(raw));
        assertFalse(v.identical());
        assertTrue(v.right().startsWith("pselect6(S2+1, [S1 S2], "), v.right());
    }

    @Test
    void anotherCountOrAnUnnamedMemberKeepsItsNumber() {
        List<String> raw = Captured.edit(lines(JAVA), "pselect6(7, [0 5 6]", "pselect6(8, [0 5 9]");
        List<String> l = java(raw).lines();
        assertTrue(l.contains("pselect6(8, [0 S1 9], NULL, NULL, {tv_sec=60, tv_nsec=0}, NULL) = 1 (in [S1], left {TIME})"),
                String.join("\n", l));
    }

    @Test
    void anotherTimeoutIsCaught() {
        List<String> raw = Captured.edit(lines(JAVA), "{tv_sec=60, tv_nsec=0}", "{tv_sec=6, tv_nsec=0}");
        assertFalse(SideBySide.compare(c(lines(C)), java(raw)).identical());
    }
}
