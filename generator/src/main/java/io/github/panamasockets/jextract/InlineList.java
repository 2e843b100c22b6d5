/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.jextract;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The functions a C program compiled with optimisation never calls, because its headers or its
 * compiler make them inline code, each with the kind of code: a file of {@code name kind} lines
 * ({@code #} starts a comment). The C view computes them in Java, with no downcall, as the
 * compiled C program does without a call.
 */
record InlineList(Map<String, Kind> kinds) {

    static final InlineList NONE = new InlineList(Map.of());

    /** What the inline code does, and the one C signature it fits. */
    enum Kind {
        /** {@code uint16_t f(uint16_t)} or {@code uint32_t f(uint32_t)}: the bytes swapped on a little-endian machine. */
        BSWAP,
        /** {@code void *f(void *s, int c, size_t n)}: n bytes of s set to (unsigned char) c, s returned. */
        FILL
    }

    Kind kind(String function) {
        return kinds.get(function);
    }

    static InlineList read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new GeneratorException("cannot read inline list " + file + ": " + e.getMessage());
        }
        Map<String, Kind> kinds = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).replaceFirst("#.*", "").strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] words = line.split("\\s+");
            Kind kind;
            try {
                kind = words.length == 2 ? Kind.valueOf(words[1].toUpperCase(Locale.ROOT)) : null;
            } catch (IllegalArgumentException e) {
                kind = null;
            }
            if (kind == null || kinds.put(words[0], kind) != null) {
                throw new GeneratorException(file + ":" + (i + 1) + ": expected '<function> bswap|fill' once per function, got: "
                        + lines.get(i));
            }
        }
        return new InlineList(kinds);
    }
}
