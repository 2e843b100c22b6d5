/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.jextract;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The generator's list files (bindings/errno.list, bindings/inline.list): one entry a line, its
 * words separated by blanks, {@code #} starting a comment, blank lines skipped.
 */
final class ListFile {

    /** One entry: its words, and where it stands, for an error message. */
    record Entry(Path file, int number, String text, String[] words) {

        /** {@code file:number: expected ..., got: text}, the one shape of a bad entry's message. */
        GeneratorException bad(String expected) {
            return new GeneratorException(file + ":" + number + ": expected " + expected + ", got: " + text);
        }
    }

    private ListFile() {
    }

    /** The entries of {@code file}, a list of {@code what} (named in the error should it not be read). */
    static List<Entry> read(Path file, String what) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new GeneratorException("cannot read " + what + " " + file + ": " + e.getMessage());
        }
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).replaceFirst("#.*", "").strip();
            if (!line.isEmpty()) {
                entries.add(new Entry(file, i + 1, lines.get(i), line.split("\\s+")));
            }
        }
        return entries;
    }

    /** The constant of {@code type} named {@code word} in any case, or null if there is none. */
    static <E extends Enum<E>> E constant(Class<E> type, String word) {
        try {
            return Enum.valueOf(type, word.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
