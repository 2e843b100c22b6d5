/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.jextract;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.PaddingLayout;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.SequenceLayout;
import java.lang.foreign.StructLayout;
import java.lang.foreign.UnionLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static io.github.panamasockets.jextract.TestSupport.resource;
import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Generates bindings for src/test/resources/shapes.h (one of each C shape the generator must handle
 * or refuse), compiles them in-process and checks them by reflection against what gcc says about
 * the same header (shapes_probe.c), then calls a few functions for real through them
 * (shapes_lib.c, via ShapesCalls.java). The expected sizes, offsets and values are never written
 * here: they are the compiler's.
 */
class GeneratorShapesTest {

    @TempDir
    static Path work;

    private static ShapesBuild build;
    private static TestSupport.Run generation;
    private static Map<Path, String> generated;
    /** The probe's lines, keyed by their first words: "sizeof point" -> "8 4". */
    private static Map<String, String> probe;
    private static URLClassLoader loader;

    @BeforeAll
    static void generateCompileAndProbe() throws Exception {
        // jextract's shape alone: no C view, so nothing here needs the bindings module's classes
        build = ShapesBuild.build(work, List.of(), List.of());
        generation = build.generation();
        generated = build.generated();
        probe = build.probe();
        loader = build.loader();
    }

    @AfterAll
    static void close() throws IOException {
        if (build != null) {
            build.close();
        }
    }

    private static Class<?> load(String name) {
        return build.load(name);
    }

    private static Object call(Class<?> owner, String method) throws ReflectiveOperationException {
        return owner.getMethod(method).invoke(null);
    }

    // ---- what was generated and what was reported --------------------------------------------

    /** The warnings, one per skipped or missing item: name -> reason. */
    private static Map<String, String> warnings() {
        Map<String, String> warned = new TreeMap<>();
        for (String line : generation.errLines()) {
            assertTrue(line.startsWith("WARNING: "), "not a warning: " + line);
            String text = line.substring("WARNING: ".length());
            if (text.startsWith("not found: ")) {
                assertNull(warned.put(text.substring("not found: ".length()), "not found"), "reported twice: " + line);
            } else {
                assertTrue(text.startsWith("skipping "), "neither skipped nor missing: " + line);
                String[] nameAndReason = text.substring("skipping ".length()).split(": ", 2);
                assertNull(warned.put(nameAndReason[0], nameAndReason[1]), "reported twice: " + line);
            }
        }
        return warned;
    }

    @Test
    void skippedItemsAreReportedOnceEachAndGenerationStillSucceeds() {
        Map<String, String> warned = warnings();
        assertEquals(new TreeSet<>(List.of("SQUARE", "INT_TYPE", "COUNTER_ALIAS", "precise", "takes_long_double",
                "with_ld", "no_such_function", "packed_anon")), warned.keySet(), "items reported:\n" + generation.err());
        assertAll(
                () -> assertTrue(warned.get("SQUARE").contains("function-like"), warned.get("SQUARE")),
                () -> assertTrue(warned.get("INT_TYPE").contains("not a constant"), warned.get("INT_TYPE")),
                () -> assertTrue(warned.get("COUNTER_ALIAS").contains("not a constant"), warned.get("COUNTER_ALIAS")),
                () -> assertTrue(warned.get("precise").contains("long double"), warned.get("precise")),
                () -> assertTrue(warned.get("takes_long_double").contains("long double"), warned.get("takes_long_double")),
                () -> assertTrue(warned.get("with_ld").contains("long double"), warned.get("with_ld")),
                () -> assertEquals("not found", warned.get("no_such_function")),
                () -> assertTrue(warned.get("packed_anon").contains("anonymous"), warned.get("packed_anon")));
        // a skipped item leaves no trace in the output
        Set<String> files = generated.keySet().stream().map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        assertFalse(files.contains("with_ld.java"), "skipped struct with_ld was written");
        String header = generated.get(Path.of("shapes/gen/shapes_h.java"));
        assertNotNull(header, "no header class in " + files);
        assertFalse(header.contains("precise"), "skipped function precise was written");
        assertFalse(header.contains("SQUARE"), "skipped macro SQUARE was written");
    }

    /** Every --include-* name of the argfile is generated under that name or reported: nothing is lost silently. */
    @Test
    void everyIncludedItemIsGeneratedOrReported() throws IOException {
        Map<String, String> warned = warnings();
        Class<?> h = load("shapes_h");
        Set<String> members = new TreeSet<>();
        Arrays.stream(h.getMethods()).forEach(m -> members.add(m.getName()));
        Arrays.stream(h.getFields()).forEach(f -> members.add(f.getName()));
        Arrays.stream(h.getClasses()).forEach(c -> members.add(c.getSimpleName()));
        List<String> missing = new ArrayList<>();
        for (String line : Files.readAllLines(resource("shapes.argfile"))) {
            if (!line.startsWith("--include-")) {
                continue;
            }
            String name = line.split(" ")[1];
            boolean isClass = generated.containsKey(Path.of("shapes/gen/" + name + ".java"));
            if (!warned.containsKey(name) && !isClass && !members.contains(name)) {
                missing.add(line);
            }
        }
        assertEquals(List.of(), missing, "included, not generated and not reported");
    }

    // ---- layouts against gcc ---------------------------------------------------------------------

    /**
     * The generated classes that describe a struct or union: those with a static layout(), by their
     * names in the package ("handler.u" for the class of an unnamed union field).
     */
    private static List<String> structClasses() {
        List<String> names = new ArrayList<>();
        for (Path file : generated.keySet()) {
            String name = file.getFileName().toString().replace(".java", "");
            addStructClasses(load(name), name, names);
        }
        return names;
    }

    private static void addStructClasses(Class<?> cls, String name, List<String> names) {
        try {
            if (GroupLayout.class.isAssignableFrom(cls.getMethod("layout").getReturnType())) {
                names.add(name);
            }
        } catch (NoSuchMethodException e) {
            // the header classes and function-pointer classes have no layout()
        }
        for (Class<?> nested : cls.getDeclaredClasses()) {
            if (Modifier.isPublic(nested.getModifiers())) {
                addStructClasses(nested, name + "." + nested.getSimpleName(), names);
            }
        }
    }

    @Test
    void structSizesAlignmentsAndOffsetsAreGccs() throws ReflectiveOperationException {
        List<String> structs = structClasses();
        assertEquals(Set.of("point", "number", "shape", "color_t", "point_t", "flags", "packed_mixed", "packed_tail",
                "handler", "handler.u", "message", "packed_points", "tally", "tagged", "word"), Set.copyOf(structs));
        List<String> checked = new ArrayList<>();
        try (Arena arena = Arena.ofConfined()) {
            for (String name : structs) {
                Class<?> struct = load(name);
                String facts = probe.get("sizeof " + name);
                assertNotNull(facts, "shapes_probe.c does not measure " + name);
                long size = Long.parseLong(facts.split(" ")[0]);
                long alignment = Long.parseLong(facts.split(" ")[1]);
                GroupLayout layout = (GroupLayout) call(struct, "layout");
                assertEquals(size, (long) call(struct, "sizeof"), name + ".sizeof()");
                assertEquals(size, layout.byteSize(), name + ".layout().byteSize()");
                assertEquals(alignment, layout.byteAlignment(), name + ".layout().byteAlignment()");
                // an array of the struct needs a size that is a multiple of the alignment
                MemorySegment array = (MemorySegment) struct.getMethod("allocateArray", long.class, SegmentAllocator.class)
                        .invoke(null, 3L, arena);
                assertEquals(3 * size, array.byteSize(), name + ".allocateArray(3)");
                // declared, not inherited: point_t's fields are point's, checked there
                for (Method method : struct.getDeclaredMethods()) {
                    String field = method.getName();
                    if (!field.endsWith("$offset") || !Modifier.isPublic(method.getModifiers())) {
                        continue;
                    }
                    field = field.substring(0, field.length() - "$offset".length());
                    String fieldFacts = probe.get("field " + name + " " + field);
                    assertNotNull(fieldFacts, name + "." + field + " is generated but shapes_probe.c does not measure it");
                    assertEquals(Long.parseLong(fieldFacts.split(" ")[0]), (long) method.invoke(null),
                            name + "." + field + "$offset()");
                    MemoryLayout fieldLayout = (MemoryLayout) call(struct, field + "$layout");
                    assertEquals(Long.parseLong(fieldFacts.split(" ")[1]), fieldLayout.byteSize(),
                            name + "." + field + "$layout().byteSize()");
                    checked.add(name + "." + field);
                }
            }
        }
        // and the other way round: every field gcc measured has its accessors
        List<String> measured = probe.keySet().stream().filter(k -> k.startsWith("field "))
                .map(k -> k.substring("field ".length()).replace(' ', '.')).sorted().toList();
        assertEquals(measured, checked.stream().sorted().toList(), "fields measured by gcc vs fields generated");
    }

    @Test
    void typedefOfANamedStructIsASubclass() {
        Class<?> pointT = load("point_t");
        assertEquals(load("point"), pointT.getSuperclass());
    }

    @Test
    void arrayFieldDimensionsAreGccs() throws ReflectiveOperationException {
        List<String> dims = probe.keySet().stream().filter(k -> k.startsWith("dims ")).toList();
        assertFalse(dims.isEmpty(), "shapes_probe.c measures no arrays");
        for (String key : dims) {
            String[] classAndField = key.split(" ");
            long[] expected = Arrays.stream(probe.get(key).split(" ")).mapToLong(Long::parseLong).toArray();
            assertArrayEquals(expected, (long[]) call(load(classAndField[1]), classAndField[2] + "$dimensions"), key);
        }
        // a 2-D array of scalars gets an indexed getter taking both indices
        assertNotNull(load("shape").getMethod("grid", MemorySegment.class, long.class, long.class));
    }

    @Test
    void bitFieldsArePaddingWithoutAccessors() throws ReflectiveOperationException {
        Class<?> flags = load("flags");
        GroupLayout layout = (GroupLayout) call(flags, "layout");
        long after = Long.parseLong(probe.get("field flags after").split(" ")[0]);
        PaddingLayout leading = assertInstanceOf(PaddingLayout.class, layout.memberLayouts().getFirst(),
                "the bit-fields before 'after' should be padding: " + layout);
        assertEquals(after, leading.byteSize());
        for (String bitField : List.of("ready", "mode", "level", "tail")) {
            assertTrue(Arrays.stream(flags.getMethods()).noneMatch(m -> m.getName().startsWith(bitField)),
                    "bit-field " + bitField + " has accessors");
        }
    }

    @Test
    void packedStructFieldsAreMisalignedAsInC() throws ReflectiveOperationException {
        // the packed struct is supported (no warning): its fields sit at gcc's unaligned offsets
        assertFalse(warnings().containsKey("packed_mixed"));
        GroupLayout layout = (GroupLayout) call(load("packed_mixed"), "layout");
        MemoryLayout i = layout.select(MemoryLayout.PathElement.groupElement("i"));
        assertEquals(1, i.byteAlignment(), "int at an odd offset of a packed struct: " + layout);
    }

    // ---- the shapes of the socket headers: unnamed union fields, flexible arrays, shared names -------

    @Test
    void unnamedUnionFieldIsANestedClassNamedAfterTheField() throws ReflectiveOperationException {
        assertFalse(warnings().containsKey("handler"));
        Class<?> handler = load("handler");
        Class<?> u = load("handler.u");
        assertEquals(handler, u.getDeclaringClass());
        assertTrue(Modifier.isPublic(u.getModifiers()) && Modifier.isStatic(u.getModifiers()), u.toString());
        // the owner's field is laid out as the nested class
        UnionLayout union = assertInstanceOf(UnionLayout.class, call(u, "layout"));
        assertEquals(union, call(handler, "u$layout"));
        assertEquals(MemorySegment.class, handler.getMethod("u", MemorySegment.class).getReturnType());
        // its function-pointer member has a class of its own inside it, its array member indexed accessors
        Class<?> fn = load("handler.u.fn");
        assertEquals(int.class, fn.getMethod("invoke", MemorySegment.class, int.class, int.class).getReturnType());
        assertEquals(MemorySegment.class, u.getMethod("fn", MemorySegment.class).getReturnType());
        assertEquals(byte.class, u.getMethod("bytes", MemorySegment.class, long.class).getReturnType());
        assertEquals(long.class, u.getMethod("code", MemorySegment.class).getReturnType());
    }

    @Test
    void anonymousMembersAreMergedIntoTheOuterClass() throws ReflectiveOperationException {
        // C11 anonymous members, as jextract writes them: no class of their own, their fields'
        // accessors in the outer class, the layout a nested group named "$anon$LINE:COLUMN"
        assertFalse(warnings().containsKey("tagged"));
        assertFalse(warnings().containsKey("word"));
        Class<?> tagged = load("tagged");
        // (private nested classes hold VarHandles made at first use: not part of the API)
        assertEquals(0, Arrays.stream(tagged.getDeclaredClasses()).filter(k -> java.lang.reflect.Modifier.isPublic(k.getModifiers())).count(),
                Arrays.toString(tagged.getDeclaredClasses()));
        GroupLayout layout = (GroupLayout) call(tagged, "layout");
        UnionLayout anonymousUnion = layout.memberLayouts().stream().filter(UnionLayout.class::isInstance)
                .map(UnionLayout.class::cast).findFirst().orElseThrow(() -> new AssertionError("no union in " + layout));
        String unionName = anonymousUnion.name().orElseThrow();
        assertTrue(unionName.matches("\\$anon\\$\\d+:\\d+"), unionName);
        StructLayout anonymousStruct = anonymousUnion.memberLayouts().stream().filter(StructLayout.class::isInstance)
                .map(StructLayout.class::cast).findFirst().orElseThrow(() -> new AssertionError("no struct in " + anonymousUnion));
        assertEquals(layout.select(MemoryLayout.PathElement.groupElement(unionName),
                        MemoryLayout.PathElement.groupElement(anonymousStruct.name().orElseThrow()),
                        MemoryLayout.PathElement.groupElement("hi")),
                call(tagged, "hi$layout"));
        assertEquals(short.class, tagged.getMethod("hi", MemorySegment.class).getReturnType());
        assertEquals(double.class, tagged.getMethod("d", MemorySegment.class).getReturnType());
        assertEquals(byte.class, tagged.getMethod("name", MemorySegment.class, long.class).getReturnType());
        assertInstanceOf(StructLayout.class, ((GroupLayout) call(load("word"), "layout")).memberLayouts().get(1));
    }

    @Test
    void flexibleArrayMemberIsASequenceOfNoElements() throws ReflectiveOperationException {
        assertFalse(warnings().containsKey("message"));
        Class<?> message = load("message");
        SequenceLayout data = assertInstanceOf(SequenceLayout.class, call(message, "data$layout"));
        assertEquals(0, data.elementCount());
        assertEquals(ValueLayout.JAVA_INT, data.elementLayout());
        // the element's reach: from the offset gcc gives, past the struct's own size
        assertEquals(build.fact("field message data"), (long) call(message, "data$offset"));
    }

    @Test
    void packedArrayOfStructsTakesThePackedAlignment() throws ReflectiveOperationException {
        SequenceLayout pts = assertInstanceOf(SequenceLayout.class, call(load("packed_points"), "pts$layout"));
        assertEquals(1, pts.byteAlignment(), pts.toString());
        // each element is still a point, field for field, only aligned at 1
        GroupLayout point = (GroupLayout) call(load("point"), "layout");
        assertEquals(point.byteSize(), pts.elementLayout().byteSize());
        for (String field : List.of("x", "y")) {
            assertEquals(build.fact("field point " + field), pts.elementLayout().byteOffset(groupElement(field)), field);
            assertEquals(1, pts.elementLayout().select(groupElement(field)).byteAlignment(), field);
        }
    }

    @Test
    void structAndFunctionOfTheSameNameAreBothGenerated() throws ReflectiveOperationException {
        // as struct sigaction beside sigaction(): neither hides the other
        assertFalse(warnings().containsKey("tally"));
        Class<?> h = load("shapes_h");
        assertEquals(int.class, h.getMethod("tally", MemorySegment.class, int.class).getReturnType());
        Object tallyLayout = call(load("tally"), "layout");
        // the function's holder class inside the header class does not hide the struct's class there
        FunctionDescriptor of = (FunctionDescriptor) call(h, "tally_of$descriptor");
        assertEquals(tallyLayout, of.returnLayout().orElseThrow());
    }

    @Test
    void constRecordsAreTheirStructsClass() throws ReflectiveOperationException {
        Class<?> h = load("shapes_h");
        FunctionDescriptor dot = (FunctionDescriptor) call(h, "point_dot$descriptor");
        // const struct point by value is point's layout; a pointer to one is a pointer
        Object pointer = h.getField("C_POINTER").get(null);
        assertEquals(List.of(call(load("point"), "layout"), pointer), dot.argumentLayouts());
        FunctionDescriptor handlerCall = (FunctionDescriptor) call(h, "handler_call$descriptor");
        assertEquals(pointer, handlerCall.argumentLayouts().getFirst());
    }

    // ---- downcalls that cannot be made -----------------------------------------------------------------

    /** jextract's newer shape: the linker's own exceptions reach the caller as they are, not wrapped in AssertionError. */
    @Test
    void downcallRethrowsTheLinkersExceptions() throws ReflectiveOperationException {
        Method fill = load("shapes_h").getMethod("fill_shape", MemorySegment.class);
        long size = build.fact("sizeof shape");
        InvocationTargetException heap = assertThrows(InvocationTargetException.class,
                () -> fill.invoke(null, MemorySegment.ofArray(new byte[(int) size])));
        assertInstanceOf(IllegalArgumentException.class, heap.getCause(), "a heap segment");
        MemorySegment closed;
        try (Arena arena = Arena.ofConfined()) {
            closed = arena.allocate(size);
        }
        InvocationTargetException gone = assertThrows(InvocationTargetException.class, () -> fill.invoke(null, closed));
        assertInstanceOf(IllegalStateException.class, gone.getCause(), "a segment of a closed arena");
        // likewise through a function pointer's invoke
        Method invoke = load("binop_t").getMethod("invoke", MemorySegment.class, int.class, int.class);
        InvocationTargetException pointer = assertThrows(InvocationTargetException.class,
                () -> invoke.invoke(null, MemorySegment.ofArray(new byte[8]), 1, 2));
        assertInstanceOf(IllegalArgumentException.class, pointer.getCause(), "a heap segment as the function");
    }

    // ---- header class members against gcc ------------------------------------------------------

    @Test
    void constantsHaveGccsValuesAndTypes() throws ReflectiveOperationException, IOException {
        Class<?> h = load("shapes_h");
        Map<String, Object> expected = new TreeMap<>();
        Map<String, Object> actual = new TreeMap<>();
        for (Map.Entry<String, String> fact : probe.entrySet()) {
            String[] key = fact.getKey().split(" ");
            String[] value = fact.getValue().split(" ");
            Object want;
            switch (key[0]) {
                case "int" -> {
                    long v = Long.parseLong(value[0]);
                    // narrowed to the C type's size, as jextract does: (unsigned int) 0xfffffff0 is the int -16
                    want = switch (Integer.parseInt(value[1])) {
                        case 1 -> (byte) v;
                        case 2 -> (short) v;
                        case 4 -> (int) v;
                        case 8 -> v;
                        default -> fail("no Java type for " + fact);
                    };
                }
                case "float" -> {
                    double v = Double.parseDouble(value[0]); // gcc's %a: hexadecimal, exact
                    want = Integer.parseInt(value[1]) == 4 ? (Object) (float) v : (Object) v;
                }
                case "string" -> want = new String(HexFormat.of().parseHex(value[0]), StandardCharsets.UTF_8);
                default -> {
                    continue;
                }
            }
            expected.put(key[1], want);
            Method getter = h.getMethod(key[1]);
            Object got = getter.invoke(null);
            if (got instanceof MemorySegment text) {
                // NUL-terminated, nothing more
                assertEquals(want.toString().getBytes(StandardCharsets.UTF_8).length + 1, text.byteSize(), key[1]);
                got = text.getString(0, StandardCharsets.UTF_8);
            }
            actual.put(key[1], got);
            // the return type itself, not only the boxed value: an int getter must not be a long one
            assertEquals(want instanceof String ? MemorySegment.class : primitive(want.getClass()),
                    getter.getReturnType(), key[1] + "() return type");
        }
        assertEquals(expected, actual);
        assertEquals(-16, (int) call(h, "BIG"), "a cast to unsigned int is an int, as in jextract");
        // every constant the argfile asks for and nobody reported as skipped was checked against gcc
        Set<String> included = new TreeSet<>();
        for (String line : Files.readAllLines(resource("shapes.argfile"))) {
            if (line.startsWith("--include-constant ")) {
                included.add(line.substring("--include-constant ".length()));
            }
        }
        included.removeAll(warnings().keySet());
        assertEquals(included, expected.keySet(), "constants included vs constants checked against gcc");
    }

    /** Boxed class to primitive class, through the JDK rather than a table of our own. */
    private static Class<?> primitive(Class<?> boxed) {
        return MethodType.methodType(boxed).unwrap().returnType();
    }

    @Test
    void typedefChainIsAnIntLayoutField() throws ReflectiveOperationException {
        Class<?> h = load("shapes_h");
        for (String typedef : List.of("a_t", "b_t", "sum_t", "socklen_t")) {
            long size = Long.parseLong(probe.get("typedef " + typedef));
            Field field = h.getField(typedef);
            assertTrue(Modifier.isStatic(field.getModifiers()) && Modifier.isFinal(field.getModifiers()), typedef);
            assertEquals(size == 4 ? ValueLayout.OfInt.class : ValueLayout.OfLong.class, field.getType(), typedef);
            ValueLayout layout = (ValueLayout) field.get(null);
            assertEquals(size, layout.byteSize(), typedef);
        }
        assertEquals(ValueLayout.JAVA_INT, load("shapes_h").getField("b_t").get(null), "typedef a_t b_t is int");
    }

    @Test
    void variadicFunctionIsAnInvokerClass() throws ReflectiveOperationException {
        Class<?> h = load("shapes_h");
        Class<?> invoker = Arrays.stream(h.getClasses()).filter(c -> c.getSimpleName().equals("sum_ints")).findFirst()
                .orElseGet(() -> fail("no nested class shapes_h.sum_ints"));
        assertTrue(Modifier.isStatic(invoker.getModifiers()) && Modifier.isPublic(invoker.getModifiers()));
        Method make = invoker.getMethod("makeInvoker", MemoryLayout[].class);
        assertTrue(Modifier.isStatic(make.getModifiers()));
        assertEquals(invoker, make.getReturnType());
        Method apply = invoker.getMethod("apply", int.class, Object[].class);
        assertFalse(Modifier.isStatic(apply.getModifiers()));
        assertTrue(apply.isVarArgs());
        assertEquals(int.class, apply.getReturnType());
        // the invoker's descriptor is the fixed part plus the layouts asked for
        Object instance = make.invoke(null, (Object) new MemoryLayout[] {ValueLayout.JAVA_INT, ValueLayout.JAVA_DOUBLE});
        assertEquals(FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                ValueLayout.JAVA_DOUBLE), invoker.getMethod("descriptor").invoke(instance));
    }

    @Test
    void functionPointerTypedefIsAClassWithAFunctionInterface() throws ReflectiveOperationException {
        for (Class<?> pointer : List.of(load("binop_t"), load("shape$callback"), load("shape$op"))) {
            Class<?> function = Arrays.stream(pointer.getClasses()).filter(c -> c.getSimpleName().equals("Function"))
                    .findFirst().orElseGet(() -> fail("no nested interface Function in " + pointer.getName()));
            assertTrue(function.isInterface());
            assertEquals(int.class, function.getMethod("apply", int.class, int.class).getReturnType());
            Method allocate = pointer.getMethod("allocate", function, Arena.class);
            assertTrue(Modifier.isStatic(allocate.getModifiers()));
            assertEquals(MemorySegment.class, allocate.getReturnType());
            Method invoke = pointer.getMethod("invoke", MemorySegment.class, int.class, int.class);
            assertTrue(Modifier.isStatic(invoke.getModifiers()));
            assertEquals(int.class, invoke.getReturnType());
            assertEquals(FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT),
                    call(pointer, "descriptor"));
        }
    }

    @Test
    void structByValueUsesTheStructLayoutAndAnAllocator() throws ReflectiveOperationException {
        Class<?> h = load("shapes_h");
        Object pointLayout = call(load("point"), "layout");
        FunctionDescriptor make = (FunctionDescriptor) call(h, "make_point$descriptor");
        assertEquals(pointLayout, make.returnLayout().orElseThrow());
        assertEquals(List.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT), make.argumentLayouts());
        assertEquals(MemorySegment.class, h.getMethod("make_point", SegmentAllocator.class, int.class, int.class).getReturnType());
        FunctionDescriptor sum = (FunctionDescriptor) call(h, "point_sum$descriptor");
        assertEquals(List.of(pointLayout), sum.argumentLayouts());
        assertEquals(int.class, h.getMethod("point_sum", MemorySegment.class).getReturnType());
        FunctionDescriptor scale = (FunctionDescriptor) call(h, "point_scale$descriptor");
        assertEquals(pointLayout, scale.returnLayout().orElseThrow());
        assertNotNull(h.getMethod("point_scale", SegmentAllocator.class, MemorySegment.class, int.class));
    }

    // ---- calls through the bindings ---------------------------------------------------------------

    @Test
    void callsThroughTheBindingsReachC() throws ReflectiveOperationException {
        Object seen;
        try {
            seen = Class.forName("shapes.calls.ShapesCalls", true, loader).getMethod("run").invoke(null);
        } catch (InvocationTargetException e) {
            throw new AssertionError("a call through the bindings failed", e.getCause());
        }
        // what shapes_lib.c computes or stores, in the order ShapesCalls asks
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("add(2, 40)", 42);
        expected.put("make_point(3, 4).x", 3);
        expected.put("make_point(3, 4).y", 4);
        expected.put("point_sum(make_point(3, 4))", 7);
        expected.put("point_scale(p, 5).x", 15);
        expected.put("point_scale(p, 5).y", 20);
        expected.put("sum_ints(3, 10, 20, 30)", 60);
        expected.put("sum_ints(0)", 0);
        expected.put("apply(times, 6, 7)", 42);
        expected.put("binop_t.invoke(times, 3, 4)", 12);
        expected.put("apply(add, 6, 7)", 13);
        expected.put("shapes_counter", 7);
        expected.put("shapes_counter after set 8", 8);
        expected.put("shape.tag", 'S');
        expected.put("shape.origin.x", -1);
        expected.put("shape.origin.y", -2);
        expected.put("shape.value.l", 0x0102030405060708L);
        for (int i = 0; i < 5; i++) {
            expected.put("shape.path[" + i + "]", (short) (100 + i));
        }
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 4; j++) {
                expected.put("shape.grid[" + i + "][" + j + "]", i * 10 + j + 0.5);
            }
        }
        expected.put("shape.corners[1].x", 20);
        expected.put("shape.corners[1].y", 21);
        expected.put("shape.name", "triangle");
        expected.put("shape.next is NULL", true);
        expected.put("shape.callback is add", true);
        expected.put("shape.callback.invoke(2, 3)", 5);
        expected.put("shape.op.invoke(4, 5)", 9);
        expected.put("shape.count", 99);
        expected.put("packed.c", 'P');
        expected.put("packed.i", 0x11223344);
        expected.put("packed.s", (short) -300);
        expected.put("packed.l", -0x0102030405060708L);
        expected.put("handler.kind", 0);
        expected.put("handler.u.fn is add", true);
        expected.put("handler.u.fn.invoke(2, 3)", 5);
        expected.put("handler.flags", (short) -100);
        for (int i = 0; i < 6; i++) {
            expected.put("handler.u.bytes[" + i + "]", (byte) (0xf0 + i));
        }
        expected.put("handler_call(h with a lambda, 9, 4)", 5);
        expected.put("message.length", (short) 4);
        expected.put("message.kind", 'M');
        for (int i = 0; i < 4; i++) {
            expected.put("message.data[" + i + "]", 1000 + i);
        }
        expected.put("packed_points.tag", 'Q');
        for (int i = 0; i < 3; i++) {
            expected.put("packed_points.pts[" + i + "].x", 10 * i + 1);
            expected.put("packed_points.pts[" + i + "].y", 10 * i + 2);
        }
        expected.put("packed_points.tail", (short) -7);
        expected.put("tagged.kind", 'T');
        expected.put("tagged.lo", (short) -5);
        expected.put("tagged.hi", (short) 77);
        expected.put("tagged.after", 0x0a0b0c0d0e0fL);
        expected.put("word.low", (short) 0x1234);
        expected.put("word.high", (short) 0xfedc);
        expected.put("tagged.name[1] set", (byte) 'z');
        expected.put("tally(t, 5), tally(t, 37)", 2);
        expected.put("tally.count", 2);
        expected.put("tally.total", 42L);
        expected.put("tally_of(3, 9).total", 9L);
        expected.put("point_dot((3, 4), &(2, 5))", 26);
        assertEquals(expected, seen);
    }
}
