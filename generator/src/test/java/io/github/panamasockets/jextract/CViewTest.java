/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.jextract;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.AddressLayout;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.ValueLayout;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.github.panamasockets.jextract.TestSupport.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The C view, {@code shapes_c}: generated from shapes.h with --errno-list shapes.errno, compiled
 * with stand-ins of the bindings module's Errno, Args and SignalDispatch (src/test/resources/standins: the
 * generator does not depend on that module) and run against shapes_lib.c through
 * ShapesCViewCalls.java. The errno values and sizes expected are gcc's (shapes_probe.c).
 */
class CViewTest {

    @TempDir
    static Path work;

    private static ShapesBuild build;
    private static String view;

    @BeforeAll
    static void generateCompileAndProbe() throws Exception {
        build = ShapesBuild.build(work, List.of("--errno-list", resource("shapes.errno").toString()),
                List.of("standins/Errno.java", "standins/Args.java", "standins/SignalDispatch.java", "ShapesCViewCalls.java"));
        view = build.generated().get(Path.of("shapes/gen/shapes_c.java"));
        assertNotNull(view, "no shapes_c.java among " + build.generated().keySet());
    }

    @AfterAll
    static void close() throws IOException {
        if (build != null) {
            build.close();
        }
    }

    /** The errno list: function -> condition word. */
    private static Map<String, String> errnoList() throws IOException {
        Map<String, String> list = new TreeMap<>();
        for (String line : Files.readAllLines(resource("shapes.errno"))) {
            String[] words = line.replaceFirst("#.*", "").strip().split("\\s+");
            if (words.length == 2) {
                list.put(words[0], words[1]);
            }
        }
        return list;
    }

    private static Object calls(String method) throws ReflectiveOperationException {
        try {
            return Class.forName("shapes.calls.ShapesCViewCalls", true, build.loader()).getMethod(method).invoke(null);
        } catch (InvocationTargetException e) {
            throw new AssertionError("a call through the C view failed", e.getCause());
        }
    }

    @Test
    void viewHidesExactlyTheCallsWithErrnoPointersOrTheErasedShapeWithTheirOwnSignatures() throws ReflectiveOperationException, IOException {
        Class<?> h = build.load("shapes_h");
        Class<?> c = build.load("shapes_c");
        assertEquals(h, c.getSuperclass());
        Map<String, String> errnoList = errnoList();
        // expected: each plain function of the header class that keeps errno, takes a pointer or fits the erased shape
        Set<String> expected = new TreeSet<>();
        for (Method m : h.getDeclaredMethods()) {
            String name = m.getName();
            if (!name.endsWith("$descriptor")) {
                continue;
            }
            String function = name.substring(0, name.length() - "$descriptor".length());
            FunctionDescriptor descriptor = (FunctionDescriptor) m.invoke(null);
            if (errnoList.containsKey(function) || fitsTheErasedShape(descriptor)
                    || descriptor.argumentLayouts().stream().anyMatch(AddressLayout.class::isInstance)) {
                expected.add(function);
            }
        }
        Set<String> declared = new TreeSet<>();
        for (Method m : c.getDeclaredMethods()) {
            if (!Modifier.isPublic(m.getModifiers())) {
                continue;
            }
            declared.add(m.getName());
            assertTrue(Modifier.isStatic(m.getModifiers()), m.toString());
            // the same call as the header class's: a program switches view without changing a line
            Method plain = h.getMethod(m.getName(), m.getParameterTypes());
            assertEquals(plain.getReturnType(), m.getReturnType(), m.toString());
        }
        assertEquals(expected, declared, "functions of shapes_c");
        // a variadic function of the errno list is an invoker class of the view, one not in it is the header's
        Set<String> invokers = new TreeSet<>();
        Arrays.stream(c.getDeclaredClasses()).filter(k -> Modifier.isPublic(k.getModifiers()))
                .filter(k -> Arrays.stream(k.getMethods()).anyMatch(m -> m.getName().equals("makeInvoker")))
                .forEach(k -> invokers.add(k.getSimpleName()));
        assertEquals(Set.of("sum_checked", "format_into"), invokers);
    }

    /** Integer and pointer values only, at most six, at most four pointers: the view links it with ErasedCall's shape. */
    private static boolean fitsTheErasedShape(FunctionDescriptor d) {
        java.util.function.Predicate<MemoryLayout> integral = l -> l instanceof AddressLayout
                || l instanceof ValueLayout v && Set.of(byte.class, short.class, int.class, long.class).contains(v.carrier());
        return d.argumentLayouts().size() <= 6 && d.argumentLayouts().stream().allMatch(integral)
                && d.argumentLayouts().stream().filter(AddressLayout.class::isInstance).count() <= 4
                && d.returnLayout().map(integral::test).orElse(true);
    }

    /** A C-view call, errno-keeping or plain, polls for recorded signals before and after its downcall. */
    @Test
    void eachCallPollsForSignalsBeforeAndAfterItsDowncall() throws ReflectiveOperationException {
        Method polls = Class.forName("io.github.panamasockets.SignalDispatch", true, build.loader()).getMethod("polls");
        Method checkedDiv = build.load("shapes_c").getMethod("checked_div", int.class, int.class);
        int before = (int) polls.invoke(null);
        checkedDiv.invoke(null, 6, 3);
        assertEquals(before + 2, (int) polls.invoke(null), "checked_div: one poll before and one after the downcall");
    }

    @Test
    void everyStructAndFunctionPointerClassHasAnAlias() {
        Class<?> c = build.load("shapes_c");
        Set<String> expected = new TreeSet<>();
        for (Path file : build.generated().keySet()) {
            String name = file.getFileName().toString().replace(".java", "");
            if (!name.startsWith("shapes_")) {
                expected.add(name);
            }
        }
        Set<String> aliases = new TreeSet<>();
        for (Class<?> nested : c.getDeclaredClasses()) {
            if (nested.getSuperclass().getPackageName().equals(ShapesBuild.PKG)
                    && nested.getSuperclass().getSimpleName().equals(nested.getSimpleName())) {
                assertTrue(Modifier.isPublic(nested.getModifiers()) && Modifier.isStatic(nested.getModifiers()), nested.toString());
                aliases.add(nested.getSimpleName());
            }
        }
        assertEquals(expected, aliases, "nested aliases of shapes_c");
    }

    @Test
    void eachPointerParameterIsCheckedAgainstItsPointeeOrTheLengthBesideIt() {
        Map<String, String> checks = new TreeMap<>();
        Matcher m = Pattern.compile("Args\\.check\\(\"(\\w+)\", \"(\\w+)\", (\\w+), (.+)\\);").matcher(view);
        while (m.find()) {
            assertEquals(m.group(2), m.group(3), "the argument checked is the one named: " + m.group());
            assertEquals(null, checks.put(m.group(1) + " " + m.group(2), m.group(4)), "checked twice: " + m.group());
        }
        Map<String, String> expected = new TreeMap<>();
        expected.put("apply op", "0L");                                   // a function pointer: nothing to measure
        expected.put("fill_shape s", build.fact("sizeof shape") + "L");
        expected.put("fill_packed p", build.fact("sizeof packed_mixed") + "L");
        expected.put("fill_handler h", build.fact("sizeof handler") + "L");
        expected.put("handler_call h", build.fact("sizeof handler") + "L");   // const struct handler *
        expected.put("fill_message m", build.fact("sizeof message") + "L");   // the elements are the caller's
        expected.put("fill_packed_points p", build.fact("sizeof packed_points") + "L");
        expected.put("tally t", build.fact("sizeof tally") + "L");
        expected.put("fill_tagged t", build.fact("sizeof tagged") + "L");   // anonymous members inside
        expected.put("fill_tagged w", build.fact("sizeof word") + "L");
        expected.put("point_dot b", build.fact("sizeof point") + "L");       // const struct point *
        expected.put("parse_number s", "0L");                             // char *: a string, of its own length
        expected.put("fill_bytes buf", "len");                            // a pointer, then its size_t
        expected.put("put_point addr", "Integer.toUnsignedLong(len)");    // a pointer, then its socklen_t
        expected.put("copy_bytes dst", "n");                              // void * and the one size_t
        expected.put("copy_bytes src", "n");
        expected.put("store_int out", build.fact("typedef int") + "L");
        expected.put("read_after p", build.fact("typedef int") + "L");    // const int *
        expected.put("read_after entered", build.fact("typedef int") + "L");
        expected.put("weigh p", "0L");
        expected.put("format_into buf", "0L");                            // char *: a string
        expected.put("format_into fmt", "0L");                                    // signed char *: a string, as char *
        assertEquals(expected, checks);
    }

    @Test
    void eachErrnoCallSaysItsConditionInItsJavadoc() throws IOException {
        Map<String, String> words = Map.of("negative", "is negative", "null", "is NULL", "sig_err", "is SIG_ERR",
                "nonzero", "is not 0", "always", "whatever it is");
        for (Map.Entry<String, String> entry : errnoList().entrySet()) {
            Matcher declaration = Pattern.compile("\n    public static (class |\\S+ )" + entry.getKey() + "[ (]").matcher(view);
            assertTrue(declaration.find(), "no " + entry.getKey() + " in shapes_c");
            String javadoc = view.substring(view.lastIndexOf("/**", declaration.start()), declaration.start());
            assertTrue(javadoc.contains("errno: the call's, kept when the result " + words.get(entry.getValue())),
                    entry + ":\n" + javadoc);
        }
        // a function that only takes a pointer says that it leaves errno alone
        Matcher fill = Pattern.compile("\n    public static void fill_shape\\(").matcher(view);
        assertTrue(fill.find());
        assertTrue(view.substring(view.lastIndexOf("/**", fill.start()), fill.start()).contains("errno untouched"));
    }

    @Test
    void errnoIsWhatCSetAndASuccessLeavesItAlone() throws ReflectiveOperationException {
        int untouched = (int) Class.forName("shapes.calls.ShapesCViewCalls", true, build.loader())
                .getField("UNTOUCHED").get(null);
        int edom = (int) build.fact("errno EDOM");
        int erange = (int) build.fact("errno ERANGE");
        int enoent = (int) build.fact("errno ENOENT");
        int einval = (int) build.fact("errno EINVAL");
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("checked_div(7, 0)", -1);
        expected.put("errno after checked_div(7, 0)", edom);
        expected.put("checked_div(6, 3)", 2);
        expected.put("errno after checked_div(6, 3)", untouched);
        expected.put("lookup(-1) is NULL", true);
        expected.put("errno after lookup(-1)", erange);
        expected.put("lookup(2)", 42);
        expected.put("errno after lookup(2)", untouched);
        expected.put("status_of(3)", 3);
        expected.put("errno after status_of(3)", enoent);
        expected.put("status_of(0)", 0);
        expected.put("errno after status_of(0)", untouched);
        expected.put("install(-1) is SIG_ERR", true);
        expected.put("errno after install(-1)", einval);
        expected.put("install(1) is SIG_ERR", false);
        expected.put("errno after install(1)", untouched);
        expected.put("parse_number(too big)", build.fact("limit LONG_MAX"));
        expected.put("errno after parse_number(too big)", erange);
        // C's errno still holds ERANGE from the call before: only the program's 0, put back, gives 0
        expected.put("parse_number(12)", 12L);
        expected.put("errno after parse_number(12)", 0);
        expected.put("parse_number(5)", 5L);
        expected.put("errno after parse_number(5)", untouched);
        expected.put("sum_checked(-1, 1, 2)", -1);
        expected.put("errno after sum_checked(-1, 1, 2)", einval);
        expected.put("sum_checked(2, 1, 2)", 3);
        expected.put("errno after sum_checked(2, 1, 2)", untouched);
        assertEquals(expected, calls("errno"));
    }

    @Test
    void pointerChecksUseTheArgumentsAndStopTheCallBeforeC() throws ReflectiveOperationException {
        String iae = IllegalArgumentException.class.getSimpleName();
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("fill_bytes(ten, 10, 7)", 10L);
        expected.put("fill_bytes(ten, 10, 7) checks", List.of("fill_bytes buf 10"));
        expected.put("ten[9]", (byte) 7);
        expected.put("fill_bytes(ten, 11, 7)", iae);
        expected.put("fill_bytes(ten, 11, 7) checks", List.of("fill_bytes buf 11"));
        expected.put("put_point(p, sizeof point)", 0);
        expected.put("put_point(p, sizeof point) checks", List.of("put_point addr " + build.fact("sizeof point")));
        expected.put("p.y", 6);
        expected.put("put_point(p, 0x80000000)", iae);
        expected.put("put_point(p, 0x80000000) checks", List.of("put_point addr 2147483648"));
        expected.put("copy_bytes(ten, src, 4)", 4L);
        expected.put("copy_bytes(ten, src, 4) checks", List.of("copy_bytes dst 4", "copy_bytes src 4"));
        long intSize = build.fact("typedef int");
        expected.put("store_int(p, 9)", 0);
        expected.put("store_int(p, 9) checks", List.of("store_int out " + intSize));
        expected.put("store_int(two bytes, 9)", iae);
        expected.put("store_int(two bytes, 9) checks", List.of("store_int out " + intSize));
        long tally = build.fact("sizeof tally");
        expected.put("tally(t, 4)", 1);
        expected.put("tally(t, 4) checks", List.of("tally t " + tally));
        expected.put("tally.total", 4L);
        expected.put("tally(heap, 4)", iae);
        expected.put("tally(heap, 4) checks", List.of("tally t " + tally));
        expected.put("handler_call(h, 6, 7)", 42);
        expected.put("handler_call(h, 6, 7) checks", List.of("handler_call h " + build.fact("sizeof handler")));
        expected.put("fill_shape(closed)", IllegalStateException.class.getSimpleName());
        expected.put("fill_shape(closed) checks", List.of("fill_shape s " + build.fact("sizeof shape")));
        assertEquals(expected, calls("checks"));
    }

    /** The erased shape (ErasedCall) gives what the function's own descriptor gives, at every width. */
    @Test
    void erasedCallsWidenAndNarrowAsTheLinkerDoes() throws ReflectiveOperationException {
        Map<String, Object> expected = new LinkedHashMap<>();
        for (short x : new short[] {0, 1, -1, 0x1234, Short.MIN_VALUE, Short.MAX_VALUE}) {
            expected.put("negate_short(" + x + ")", List.of((short) -x, (short) -x));
            expected.put("swap_halves(" + x + ")", List.of(Short.reverseBytes(x), Short.reverseBytes(x)));
        }
        for (long x : new long[] {0x1234567890abcdefL, -1L, 0x80L, 0x7fL, Long.MIN_VALUE}) {
            expected.put("low_byte(" + x + ")", List.of((byte) x, (byte) x));
        }
        long negative = -1 + 3 * -2 + 5 * -3 + 7 * -4 + 11 * -5 + 13 * -2;
        expected.put("weigh(-1, -2, -3, -4, -5, -2)", List.of(negative, negative));
        long max = Byte.MAX_VALUE + 3L * Short.MAX_VALUE + 5L * Integer.MAX_VALUE + 7L * (1L << 40) + 11L * (1L << 50) + 13L * Byte.MAX_VALUE;
        expected.put("weigh(max...)", List.of(max, max));
        expected.put("seven(1, 2, 3, 4, 5, 6, 7)", 1 + 2 * 2 + 3 * 3 + 4 * 4 + 5 * 5 + 6 * 6 + 7 * 7);
        assertEquals(expected, calls("widths"));
        assertTrue(view.contains("negate_short$p.HANDLE.invokeExact((long) x, 0L,"), "negate_short is erased");
        assertFalse(view.contains("public static int seven("), "seven has seven arguments: not in the view");
    }

    /** A pointer argument's arena stays open while an erased call runs, as with the linker's own pointer arguments. */
    @Test
    void anErasedCallHoldsItsPointerArgumentsArenaOpen() throws ReflectiveOperationException {
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("entered", 1);
        expected.put("close during the call", IllegalStateException.class.getSimpleName());
        expected.put("caller alive", false);
        expected.put("read_after", 42);
        expected.put("close after the call", "closed");
        assertEquals(expected, calls("heldOpen"));
    }

    /**
     * A variadic invoker whose layouts fit (ints, longs, at most four pointers in all) takes the
     * erased shape and writes what C's own call writes; a double or a fifth pointer keeps its own.
     */
    @Test
    void variadicInvokersTakeTheErasedShapeWhenTheirLayoutsFit() throws ReflectiveOperationException {
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("%s %d %ld", List.of(("abc -5 " + (1L << 40)).length(), "abc -5 " + (1L << 40)));
        expected.put("%s %d %ld erased", true);
        expected.put("%.2f %x", List.of(7, "1.50 ff"));
        expected.put("%.2f %x erased", false);
        expected.put("%s%s%s", List.of(9, "abcabcabc"));
        expected.put("%s%s%s erased", false);   // with buf and fmt, five pointers: more than the shape keeps
        expected.put("too few", IllegalArgumentException.class.getSimpleName());
        expected.put("a long for an int", ClassCastException.class.getSimpleName());
        expected.put("a heap segment", IllegalArgumentException.class.getSimpleName());
        assertEquals(expected, calls("formats"));
    }
}
