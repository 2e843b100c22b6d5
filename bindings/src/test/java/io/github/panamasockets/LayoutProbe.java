/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.DynamicTest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Asks gcc: writes a C program that prints the value of each check's C expression, compiled
 * against bindings/headers/sockets.h like the bindings themselves, runs it and hands back the values.
 */
final class LayoutProbe {

    private LayoutProbe() {
    }

    /**
     * One comparison of the generated Java with C: a C expression and what the Java says it is.
     * javaBits is the width of the Java value: C's value is cut to it before comparing (jextract
     * gives an unsigned int 0xfffffff0 macro as the int with those bits). A check with
     * usesMacros is printed before the field names' macros are undefined.
     */
    record Check(String java, String c, boolean usesMacros, int javaBits, Callable<Long> value) {

        String name() {
            return java + " == " + c;
        }

        /** C's value as the Java type would hold it: the low javaBits bits, sign-extended. */
        long truncated(long cValue) {
            return javaBits == 64 ? cValue : cValue << (64 - javaBits) >> (64 - javaBits);
        }
    }

    /** One dynamic test a check: C's value (from {@link #run}) against what the Java gives, cut to the Java type's bits. */
    static List<DynamicTest> dynamicTests(List<Check> checks, Map<Check, Long> c) {
        return checks.stream().map(check -> DynamicTest.dynamicTest(check.name(), () -> {
            Long value = c.get(check);
            assertNotNull(value, "the probe printed nothing for " + check.c());
            assertEquals(check.truncated(value), check.value().call(), check.name() + ": " + check.c() + " is " + value + " in C");
        })).toList();
    }

    /**
     * The value gcc gives each check's C expression; a check the program did not print is missing.
     * fieldNames are the struct member names used: glibc defines some as macros (sa_handler is
     * __sigaction_handler.sa_handler), which the program undefines to name the member itself.
     */
    static Map<Check, Long> run(List<Check> checks, Collection<String> fieldNames, Path dir)
            throws IOException, InterruptedException {
        Path source = dir.resolve("layout_probe.c");
        Files.writeString(source, source(checks, fieldNames));
        Path binary = NativeProbe.compile(source, dir);
        NativeProbe.Result result = NativeProbe.run(List.of(binary.toString()));
        if (result.status() != 0) {
            throw new AssertionError(binary + " exited with " + result.status() + ":\n" + result.stderr());
        }
        Map<String, Long> printed = NativeProbe.keyValues(result.stdout());
        Map<Check, Long> values = new IdentityHashMap<>();
        for (int i = 0; i < checks.size(); i++) {
            Long value = printed.get(Integer.toString(i));
            if (value != null) {
                values.put(checks.get(i), value);
            }
        }
        return values;
    }

    private static String source(List<Check> checks, Collection<String> fieldNames) {
        StringBuilder c = new StringBuilder("""
                /* Written by LayoutsAndConstantsTest from the generated classes: "N value" for check N.
                 * SPDX-License-Identifier: Apache-2.0 */
                #include <stddef.h>
                #include <stdio.h>
                #include "sockets.h"

                /* each value printed as its own type's signedness says; the test compares the bits */
                static void print_signed(int check, long long value) { printf("%d %lld\\n", check, value); }
                static void print_unsigned(int check, unsigned long long value) { printf("%d %llu\\n", check, value); }
                #define P(check, x) _Generic((x) + 0, unsigned int: print_unsigned, unsigned long: print_unsigned, \\
                        unsigned long long: print_unsigned, default: print_signed)(check, (x))

                static void with_macros(void)
                {
                """);
        body(c, checks, true);
        c.append("}\n\n/* from here on a field name is the member itself, not glibc's macro for a path to it */\n");
        for (String field : new TreeSet<>(fieldNames)) {
            c.append("#undef ").append(field).append('\n');
        }
        c.append("\nstatic void with_members(void)\n{\n");
        body(c, checks, false);
        c.append("}\n\nint main(void)\n{\n    with_macros();\n    with_members();\n    return 0;\n}\n");
        return c.toString();
    }

    private static void body(StringBuilder c, List<Check> checks, boolean usesMacros) {
        for (int i = 0; i < checks.size(); i++) {
            Check check = checks.get(i);
            if (check.usesMacros() == usesMacros) {
                c.append("    P(").append(i).append(", ").append(check.c()).append("); /* ")
                        .append(check.java().replace("*/", "* /")).append(" */\n");
            }
        }
    }
}
