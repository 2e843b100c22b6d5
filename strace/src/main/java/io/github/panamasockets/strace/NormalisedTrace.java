/* NormalisedTrace.java: the result of normalising one raw trace: compared lines, and notes that are not compared.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.strace;

import java.util.ArrayList;
import java.util.List;

/**
 * A normalised trace: the lines that are compared, one process after the other
 * ({@code [P1]}, its calls, signals and exit status, then {@code [P2] forked by P1}, ...), and
 * notes about what was set aside, written as {@code #} lines and never compared.
 */
public record NormalisedTrace(List<String> notes, List<String> lines) {

    public NormalisedTrace {
        notes = List.copyOf(notes);
        lines = List.copyOf(lines);
    }

    /** The file form: notes as {@code # } lines, then the lines. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        for (String n : notes) {
            sb.append("# ").append(n).append('\n');
        }
        for (String l : lines) {
            sb.append(l).append('\n');
        }
        return sb.toString();
    }

    /** Reads the file form back (the notes are the {@code #} lines). */
    public static NormalisedTrace parse(String text) {
        List<String> notes = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        for (String l : text.split("\n", -1)) {
            if (l.startsWith("# ")) {
                notes.add(l.substring(2));
            } else if (!l.isEmpty()) {
                lines.add(l);
            }
        }
        return new NormalisedTrace(notes, lines);
    }
}
