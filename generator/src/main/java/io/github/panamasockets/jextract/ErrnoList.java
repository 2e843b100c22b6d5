/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.jextract;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The functions that report failure through errno, each with the way its result says it failed:
 * a file of {@code name condition [blocking]} lines beside the argfile ({@code #} starts a comment).
 * {@code blocking} marks a call that may block until a signal: it gets a native trampoline
 * (io.github.panamasockets.SignalDispatch, docs/signals.md).
 */
record ErrnoList(Map<String, Condition> conditions, Set<String> blocking) {

    ErrnoList(Map<String, Condition> conditions) {
        this(conditions, Set.of());
    }

    /** How a result says the call failed, and so when the call's errno becomes the program's. */
    enum Condition {
        /** {@code < 0}: -1, or EOF. */
        NEGATIVE("r$ < 0", "is negative"),
        /** A NULL pointer. */
        NULL("r$.address() == 0L", "is NULL"),
        /** SIG_ERR, {@code (void (*)(int)) -1}. */
        SIG_ERR("r$.address() == -1L", "is SIG_ERR"),
        /**
         * Not 0 (getaddrinfo and getnameinfo: errno means something with EAI_SYSTEM; setvbuf). Not
         * every failure sets errno, so the program's errno is put back before the call: a failure
         * that leaves errno alone leaves the program's, as in C, not whatever the JVM left there.
         */
        NONZERO("r$ != 0", "is not 0 (errno is put back before the call)", true),
        /**
         * The result cannot tell (strtol's ERANGE, getchar's EOF at the end or on an error): the
         * program's errno is put back in C's errno before the call and taken after it, whatever the
         * result, so the program sees exactly what C's errno holds.
         */
        ALWAYS("true", "whatever it is (errno is put back before the call)", true),
        /**
         * The call does not set errno but may block until a signal ends it (sleep): it is written in
         * the C view only so that Java signal handlers are dispatched around it, as around every
         * call there (io.github.panamasockets.SignalDispatch).
         */
        NONE(null, null);

        final String test;
        final String words;
        /** True when the program's errno is put back in C's before the call. */
        final boolean restores;

        Condition(String test, String words) {
            this(test, words, false);
        }

        Condition(String test, String words, boolean restores) {
            this.test = test;
            this.words = words;
            this.restores = restores;
        }
    }

    static ErrnoList read(Path file) {
        Map<String, Condition> conditions = new LinkedHashMap<>();
        Set<String> blocking = new java.util.LinkedHashSet<>();
        for (ListFile.Entry entry : ListFile.read(file, "errno list")) {
            String[] words = entry.words();
            boolean shaped = words.length == 2 || words.length == 3 && words[2].equals("blocking");
            Condition condition = shaped ? ListFile.constant(Condition.class, words[1]) : null;
            if (condition == null || conditions.put(words[0], condition) != null) {
                throw entry.bad("'<function> negative|null|sig_err|nonzero|always|none [blocking]' once per function");
            }
            if (words.length == 3) {
                blocking.add(words[0]);
            }
        }
        return new ErrnoList(conditions, blocking);
    }
}
