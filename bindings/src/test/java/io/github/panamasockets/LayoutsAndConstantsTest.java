/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets;

import io.github.panamasockets.generated.fd_set;
import io.github.panamasockets.generated.in_addr;
import io.github.panamasockets.generated.sockaddr;
import io.github.panamasockets.generated.sockaddr_in;
import io.github.panamasockets.generated.sockets_h;
import io.github.panamasockets.generated.timeval;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.PaddingLayout;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The generated layouts and constants against the C compiler: layout_probe.c prints sizeof,
 * every offsetof and every constant; each must equal what the generated Java says.
 */
class LayoutsAndConstantsTest {

    @TempDir
    static Path work;
    static Map<String, Long> c;

    @BeforeAll
    static void runProbe() throws Exception {
        Path probe = NativeProbe.compile("layout_probe", work);
        NativeProbe.Result result = NativeProbe.run(List.of(probe.toString()));
        assertEquals(0, result.status(), result.stderr());
        c = NativeProbe.keyValues(result.stdout());
    }

    @Test
    void sockaddrInIsTheBooksSixteenBytes() {
        // the seed's picture of struct sockaddr_in, stated literally as well as checked against gcc below
        assertEquals(16, sockaddr_in.sizeof());
        assertEquals(0, sockaddr_in.sin_family$offset());
        assertEquals(2, sockaddr_in.sin_port$offset());
        assertEquals(4, sockaddr_in.sin_addr$offset());
        assertEquals(8, sockaddr_in.sin_zero$offset());
        assertEquals(16, sockaddr.sizeof());
    }

    @TestFactory
    List<DynamicTest> everyStructSizeAndFieldOffsetMatchesGcc() throws ReflectiveOperationException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Class<?> struct : List.of(sockaddr.class, sockaddr_in.class, in_addr.class, timeval.class, fd_set.class)) {
            String name = struct.getSimpleName();
            tests.add(DynamicTest.dynamicTest("sizeof " + name, () ->
                    assertEquals(c.get("sizeof." + name), (Long) struct.getMethod("sizeof").invoke(null))));
            GroupLayout layout = (GroupLayout) struct.getMethod("layout").invoke(null);
            Set<String> javaFields = new TreeSet<>();
            for (MemoryLayout member : layout.memberLayouts()) {
                if (member instanceof PaddingLayout) {
                    continue;
                }
                String field = member.name().orElseThrow();
                javaFields.add(field);
                tests.add(DynamicTest.dynamicTest("offsetof " + name + "." + field, () -> {
                    Method offset = struct.getMethod(field + "$offset");
                    assertEquals(c.get("offsetof." + name + "." + field), (Long) offset.invoke(null));
                }));
            }
            Set<String> cFields = c.keySet().stream().filter(k -> k.startsWith("offsetof." + name + "."))
                    .map(k -> k.substring(("offsetof." + name + ".").length())).collect(Collectors.toCollection(TreeSet::new));
            tests.add(DynamicTest.dynamicTest("fields of " + name, () -> assertEquals(cFields, javaFields)));
        }
        return tests;
    }

    @TestFactory
    List<DynamicTest> everyTypedefHasTheCSize() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        for (String typedef : argfile("--include-typedef")) {
            if (typedef.equals("fd_set")) {
                continue; // a struct class, checked with the structs
            }
            tests.add(DynamicTest.dynamicTest(typedef, () -> {
                MemoryLayout layout = (MemoryLayout) sockets_h.class.getField(typedef).get(null);
                assertEquals(c.get("sizeof." + typedef), layout.byteSize());
            }));
        }
        return tests;
    }

    @TestFactory
    List<DynamicTest> everyConstantHasTheCValue() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        for (String constant : argfile("--include-constant")) {
            tests.add(DynamicTest.dynamicTest(constant, () -> {
                Long expected = c.get("const." + constant);
                assertTrue(expected != null, "layout_probe.c does not print " + constant);
                Object value = sockets_h.class.getMethod(constant).invoke(null);
                // jextract's rule: a constant takes the Java type of its C type's size, so an
                // unsigned int such as INADDR_NONE (0xffffffff) is the int -1
                long truncated = switch (value) {
                    case Integer i -> (int) expected.longValue();
                    case Short s -> (short) expected.longValue();
                    case Byte b -> (byte) expected.longValue();
                    default -> expected;
                };
                assertEquals(truncated, ((Number) value).longValue());
            }));
        }
        return tests;
    }

    @Test
    void everyRequestedFunctionWasGenerated() throws Exception {
        Set<String> methods = new TreeSet<>();
        for (Method method : sockets_h.class.getMethods()) {
            methods.add(method.getName());
        }
        Set<String> variadic = new TreeSet<>();
        for (Class<?> nested : sockets_h.class.getClasses()) {
            variadic.add(nested.getSimpleName());
        }
        for (String function : argfile("--include-function")) {
            assertTrue(methods.contains(function) || variadic.contains(function), function + " was not generated");
        }
    }

    /** The names the argfile asks for with the given option. */
    static List<String> argfile(String option) throws Exception {
        return Files.readAllLines(NativeProbe.MODULE.resolve("sockets.argfile")).stream()
                .filter(line -> line.startsWith(option + " "))
                .map(line -> line.substring(option.length() + 1).strip())
                .toList();
    }
}
