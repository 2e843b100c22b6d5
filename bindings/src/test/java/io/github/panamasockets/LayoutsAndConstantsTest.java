/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets;

import io.github.panamasockets.LayoutProbe.Check;
import io.github.panamasockets.generated.sockaddr;
import io.github.panamasockets.generated.sockaddr_in;
import io.github.panamasockets.generated.sockets_h;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.PaddingLayout;
import java.lang.foreign.SequenceLayout;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

import static io.github.panamasockets.GeneratedApi.javaName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The generated bindings against the C compiler. What to check is read from the generated classes
 * by reflection (every struct's size, alignment and field offsets and sizes; every constant of the
 * argfile; every typedef layout), gcc gives the C side through a probe written from the same list,
 * and the argfile's names must all be in the generated code: no list is typed twice.
 */
class LayoutsAndConstantsTest {

    @TempDir
    static Path work;
    static final List<Check> structs = new ArrayList<>();
    static final List<Check> constants = new ArrayList<>();
    static final List<Check> typedefs = new ArrayList<>();
    static Map<Check, Long> c;

    @BeforeAll
    static void runProbe() throws Exception {
        Set<String> fieldNames = new TreeSet<>();
        for (GeneratedApi.Struct struct : GeneratedApi.structs()) {
            addStruct(struct);
            fieldNames.addAll(struct.fields());
        }
        for (Method constant : GeneratedApi.constants()) {
            addConstant(constant);
        }
        for (Field typedef : GeneratedApi.valueTypedefs()) {
            MemoryLayout layout = (MemoryLayout) typedef.get(null);
            String name = typedef.getName();
            typedefs.add(new Check("sockets_h." + name + ".byteSize()", "sizeof(" + name + ")", true, 64, layout::byteSize));
            typedefs.add(new Check("sockets_h." + name + ".byteAlignment()", "_Alignof(" + name + ")", true, 64, layout::byteAlignment));
        }
        List<Check> all = new ArrayList<>(structs);
        all.addAll(constants);
        all.addAll(typedefs);
        c = LayoutProbe.run(all, fieldNames, work);
    }

    private static void addStruct(GeneratedApi.Struct struct) throws ReflectiveOperationException {
        String java = struct.javaName();
        String cType = struct.cType();
        Method sizeof = struct.type().getMethod("sizeof");
        structs.add(new Check(java + ".sizeof()", "sizeof(" + cType + ")", false, 64, () -> (Long) sizeof.invoke(null)));
        structs.add(new Check(java + ".layout().byteAlignment()", "_Alignof(" + cType + ")", false, 64,
                () -> struct.layout().byteAlignment()));
        for (MemoryLayout member : struct.layout().memberLayouts()) {
            if (member instanceof PaddingLayout) {
                continue;
            }
            String field = member.name().orElseThrow();
            String getter = javaName(field) + "$offset";
            structs.add(new Check(java + "." + getter + "()", "offsetof(" + cType + ", " + field + ")", false, 64,
                    () -> (Long) struct.type().getMethod(getter).invoke(null)));
            // a flexible array member (cmsghdr's __cmsg_data) has no size in C, and none in Java
            if (!(member instanceof SequenceLayout array && array.elementCount() == 0)) {
                structs.add(new Check(java + "." + javaName(field) + "$layout().byteSize()",
                        "sizeof(((" + cType + " *) 0)->" + field + ")", false, 64, member::byteSize));
            }
        }
    }

    private static void addConstant(Method constant) {
        String name = constant.getName();
        int bits = switch (constant.getReturnType().getName()) {
            case "long" -> 64;
            case "int" -> 32;
            case "short" -> 16;
            case "byte" -> 8;
            default -> throw new AssertionError(name + "() returns " + constant.getReturnType());
        };
        constants.add(new Check("sockets_h." + name + "()", name, true, bits,
                () -> ((Number) constant.invoke(null)).longValue()));
        // jextract gives a constant the Java type as wide as its C type
        constants.add(new Check("sockets_h." + name + "() is " + bits / 8 + " bytes", "sizeof(" + name + ")", true, 64,
                () -> (long) bits / 8));
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
    List<DynamicTest> everyStructSizeAlignmentAndFieldMatchesGcc() {
        return LayoutProbe.dynamicTests(structs, c);
    }

    @TestFactory
    List<DynamicTest> everyConstantHasTheCValue() {
        return LayoutProbe.dynamicTests(constants, c);
    }

    @TestFactory
    List<DynamicTest> everyTypedefHasTheCSize() {
        return LayoutProbe.dynamicTests(typedefs, c);
    }

    @TestFactory
    List<DynamicTest> everyStructFieldHasAnOffsetGetter() throws Exception {
        // the offsets above are checked for the layout's fields: these must be all the getters there are
        return GeneratedApi.structs().stream().map(struct -> DynamicTest.dynamicTest(struct.javaName(), () ->
                assertEquals(new TreeSet<>(struct.fields()), new TreeSet<>(struct.offsetGetters()),
                        struct.javaName() + ": the fields of layout() and the $offset() getters"))).toList();
    }

    @TestFactory
    List<DynamicTest> everyArgfileNameIsGenerated() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        Predicate<String> struct = name -> GeneratedApi.load(name).flatMap(GeneratedApi::layout).isPresent();
        Predicate<String> getter = name -> GeneratedApi.staticGetter(sockets_h.class, name).isPresent();
        // a variadic function is a class with makeInvoker(...), as in jextract
        Predicate<String> function = name -> Arrays.stream(sockets_h.class.getMethods())
                .anyMatch(m -> m.getName().equals(name) && Modifier.isStatic(m.getModifiers()))
                || Arrays.stream(sockets_h.class.getClasses()).anyMatch(k -> k.getSimpleName().equals(name));
        Predicate<String> typedef = name -> struct.test(name) || GeneratedApi.layoutField(name).isPresent();
        for (var option : List.of(Map.entry("--include-struct", struct), Map.entry("--include-union", struct),
                Map.entry("--include-typedef", typedef), Map.entry("--include-constant", getter),
                Map.entry("--include-function", function), Map.entry("--include-var", getter))) {
            for (String name : GeneratedApi.argfile(option.getKey())) {
                tests.add(DynamicTest.dynamicTest(option.getKey() + " " + name, () ->
                        assertTrue(option.getValue().test(name), name + " is in the argfile but not in the generated code")));
            }
        }
        return tests;
    }

    @Test
    void everyGeneratedStructIsInTheArgfile() throws Exception {
        // the other direction: a struct class nobody asked for would escape the argfile's list
        Set<String> asked = new TreeSet<>(GeneratedApi.argfile("--include-struct"));
        asked.addAll(GeneratedApi.argfile("--include-union"));
        asked.addAll(GeneratedApi.argfile("--include-typedef"));
        Set<String> generated = new TreeSet<>();
        for (Class<?> type : GeneratedApi.topLevelClasses()) {
            if (GeneratedApi.layout(type).isPresent()) {
                generated.add(type.getSimpleName());
            }
        }
        generated.removeAll(asked);
        assertEquals(Set.of(), generated);
    }
}
