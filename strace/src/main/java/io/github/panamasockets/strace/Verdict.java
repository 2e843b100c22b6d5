/* Verdict.java: identical, or where the two normalised traces first differ.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.strace;

/**
 * The outcome of a comparison.
 *
 * @param identical true when every compared line is equal
 * @param line      identical: the number of lines; different: the 0-based index of the first unequal line
 * @param left      the first unequal line of the left trace, null if it has none there (or identical)
 * @param right     the same for the right trace
 */
public record Verdict(boolean identical, int line, String left, String right) {

    static Verdict identical(int lines) {
        return new Verdict(true, lines, null, null);
    }

    static Verdict differentAt(int line, String left, String right) {
        return new Verdict(false, line, left, right);
    }

    /** "identical" or "different". */
    public String word() {
        return identical ? "identical" : "different";
    }

    /** The verdict in words, with the first difference in full. */
    public String describe(String leftTitle, String rightTitle) {
        if (identical) {
            return "verdict: identical (" + line + " lines compared)";
        }
        return "verdict: different, first at line " + (line + 1) + " (marked >>)\n"
                + "   " + leftTitle + ": " + (left == null ? "(no more lines)" : left) + "\n"
                + "   " + rightTitle + ": " + (right == null ? "(no more lines)" : right);
    }
}
