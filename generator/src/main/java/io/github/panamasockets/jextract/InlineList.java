/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.jextract;

import java.nio.file.Path;
import java.util.LinkedHashMap;
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
        Map<String, Kind> kinds = new LinkedHashMap<>();
        for (ListFile.Entry entry : ListFile.read(file, "inline list")) {
            String[] words = entry.words();
            Kind kind = words.length == 2 ? ListFile.constant(Kind.class, words[1]) : null;
            if (kind == null || kinds.put(words[0], kind) != null) {
                throw entry.bad("'<function> bswap|fill' once per function");
            }
        }
        return new InlineList(kinds);
    }
}
