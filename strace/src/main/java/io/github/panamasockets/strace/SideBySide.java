/* SideBySide.java: compares two normalised traces and prints them side by side, the first difference marked.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.strace;

import java.util.List;

/**
 * The comparison and its print. Two normalised traces are identical when their compared lines
 * (not the {@code #} notes) are equal, line for line. The print shows both, line against line;
 * {@code |} joins equal lines, {@code ≠} unequal ones, and the first unequal line is marked
 * {@code >>} in the margin and printed again in full under the table.
 */
public final class SideBySide {

    private SideBySide() {
    }

    /** The verdict for two normalised traces. */
    public static Verdict compare(NormalisedTrace left, NormalisedTrace right) {
        List<String> a = left.lines();
        List<String> b = right.lines();
        int n = Math.max(a.size(), b.size());
        for (int i = 0; i < n; i++) {
            String x = i < a.size() ? a.get(i) : null;
            String y = i < b.size() ? b.get(i) : null;
            if (x == null || !x.equals(y)) {
                return Verdict.differentAt(i, x, y);
            }
        }
        return Verdict.identical(a.size());
    }

    /** Both traces, column against column, each column {@code width} characters wide, then the verdict. */
    public static String render(String leftTitle, NormalisedTrace left, String rightTitle, NormalisedTrace right,
                                int width) {
        Verdict v = compare(left, right);
        List<String> a = left.lines();
        List<String> b = right.lines();
        StringBuilder sb = new StringBuilder();
        sb.append("   ").append(cell(leftTitle, width)).append("   ").append(rightTitle).append('\n');
        sb.append("   ").append("-".repeat(width)).append("   ").append("-".repeat(width)).append('\n');
        int n = Math.max(a.size(), b.size());
        for (int i = 0; i < n; i++) {
            String x = i < a.size() ? a.get(i) : "";
            String y = i < b.size() ? b.get(i) : "";
            boolean same = i < a.size() && i < b.size() && x.equals(y);
            sb.append(!v.identical() && i == v.line() ? ">> " : "   ");
            sb.append(cell(x, width)).append(same ? " | " : " \u2260 ").append(cell(y, width).stripTrailing()).append('\n');
        }
        sb.append(v.describe(leftTitle, rightTitle)).append('\n');
        return sb.toString();
    }

    private static String cell(String s, int width) {
        if (s.length() > width) {
            return s.substring(0, width - 1) + "\u2026";
        }
        return s + " ".repeat(width - s.length());
    }
}
