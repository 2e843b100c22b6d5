/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets;

import io.github.panamasockets.LayoutProbe.Check;
import io.github.panamasockets.generated.sockets_h;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.lang.foreign.UnionLayout;
import java.lang.foreign.ValueLayout;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Every function and global of the argfile against the C compiler: gcc's own prototypes of
 * bindings/headers/sockets.h ({@code -aux-info}) give each function's parameter count, whether it
 * is variadic, and the C types of its result and parameters; a probe built from those types gives
 * each one's size and kind (pointer, struct, floating, integer), which the generated descriptor's
 * layouts must have. A global's layout has the size of the C object.
 */
class FunctionsAndGlobalsTest {

    @TempDir
    static Path work;
    /** gcc's prototype of each argfile function: the result's type, the parameters' types, and "..." if variadic. */
    static final Map<String, List<String>> prototypes = new TreeMap<>();
    static final List<Check> functionChecks = new ArrayList<>();
    static final List<Check> globalChecks = new ArrayList<>();
    static Map<Check, Long> c;

    /** gcc's __builtin_classify_type: pointer, struct, union, floating; every integer kind counted as 1. */
    private static final int INTEGER = 1;
    private static final int POINTER = 5;
    private static final int REAL = 8;
    private static final int RECORD = 12;
    private static final int UNION = 13;

    @BeforeAll
    static void askGcc() throws Exception {
        Path source = work.resolve("prototypes.c");
        Path aux = work.resolve("prototypes.aux");
        Files.writeString(source, "#include \"sockets.h\"\n");
        NativeProbe.Result gcc = NativeProbe.run(List.of("gcc", "-fsyntax-only", "-I",
                NativeProbe.MODULE.resolve("headers").toString(), "-aux-info", aux.toString(), source.toString()));
        assertEquals(0, gcc.status(), gcc.stderr());
        List<String> lines = Files.readAllLines(aux);
        for (String name : GeneratedApi.argfile("--include-function")) {
            // "/* /usr/include/...:102:NC */ extern int socket (int, int, int);": the first declaration
            Pattern declaration = Pattern.compile("^/\\*.*?\\*/ (?:extern )?(.*?[ *])" + Pattern.quote(name) + " \\((.*)\\);$");
            for (String line : lines) {
                Matcher m = declaration.matcher(line);
                if (m.matches()) {
                    List<String> types = new ArrayList<>();
                    types.add(m.group(1).strip());
                    String parameters = m.group(2).strip();
                    if (!parameters.equals("void")) {
                        types.addAll(splitTopLevel(parameters));
                    }
                    prototypes.put(name, types);
                    break;
                }
            }
        }
        for (var prototype : prototypes.entrySet()) {
            addFunction(prototype.getKey(), prototype.getValue());
        }
        for (String name : GeneratedApi.argfile("--include-var")) {
            Method layout = sockets_h.class.getMethod(name + "$layout");
            globalChecks.add(new Check("sockets_h." + name + "$layout().byteSize()", "sizeof(" + name + ")", true, 64,
                    () -> ((MemoryLayout) layout.invoke(null)).byteSize()));
            globalChecks.add(new Check("sockets_h." + name + "$layout() kind", kind("__typeof__(" + name + ")"), true, 64,
                    () -> (long) kind((MemoryLayout) layout.invoke(null))));
        }
        List<Check> all = new ArrayList<>(functionChecks);
        all.addAll(globalChecks);
        c = LayoutProbe.run(all, List.of(), work);
    }

    /** "const char *, void *(*) (void *), int" into its three types: commas inside parentheses are not separators. */
    static List<String> splitTopLevel(String parameters) {
        List<String> types = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < parameters.length(); i++) {
            char ch = parameters.charAt(i);
            if (ch == '(') {
                depth++;
            } else if (ch == ')') {
                depth--;
            } else if (ch == ',' && depth == 0) {
                types.add(parameters.substring(start, i).strip());
                start = i + 1;
            }
        }
        types.add(parameters.substring(start).strip());
        return types;
    }

    /** The generated descriptor: a method's NAME$descriptor(), or a variadic invoker's with no variadic arguments. */
    static FunctionDescriptor descriptor(String name) throws ReflectiveOperationException {
        Optional<Class<?>> invoker = Arrays.stream(sockets_h.class.getClasses())
                .filter(k -> k.getSimpleName().equals(name)).findFirst();
        if (invoker.isPresent()) {
            Object noVarargs = invoker.get().getMethod("makeInvoker", MemoryLayout[].class).invoke(null, (Object) new MemoryLayout[0]);
            return (FunctionDescriptor) invoker.get().getMethod("descriptor").invoke(noVarargs);
        }
        return (FunctionDescriptor) sockets_h.class.getMethod(name + "$descriptor").invoke(null);
    }

    private static void addFunction(String name, List<String> types) {
        List<String> parameters = types.subList(1, types.size());
        boolean variadic = !parameters.isEmpty() && parameters.getLast().equals("...");
        List<String> fixed = variadic ? parameters.subList(0, parameters.size() - 1) : parameters;
        String decl = name + ": " + types.getFirst() + " (" + String.join(", ", parameters) + ")";
        // the count and variadic-ness are gcc's, from its prototype: compared as constant checks
        functionChecks.add(new Check(name + " parameters", Integer.toString(fixed.size()), true, 64,
                () -> (long) descriptor(name).argumentLayouts().size()));
        functionChecks.add(new Check(name + " is variadic", variadic ? "1" : "0", true, 64,
                () -> Arrays.stream(sockets_h.class.getClasses()).anyMatch(k -> k.getSimpleName().equals(name)) ? 1L : 0L));
        String result = types.getFirst();
        if (result.equals("void") || result.endsWith(" void") && !result.contains("*")) {
            functionChecks.add(new Check(name + " returns nothing", "0", true, 64,
                    () -> descriptor(name).returnLayout().isPresent() ? 1L : 0L));
        } else {
            functionChecks.add(new Check(name + " result size", "sizeof(" + result + ")", true, 64,
                    () -> descriptor(name).returnLayout().map(MemoryLayout::byteSize).orElse(0L)));
            functionChecks.add(new Check(name + " result kind", kind(result), true, 64,
                    () -> (long) descriptor(name).returnLayout().map(FunctionsAndGlobalsTest::kind).orElse(0)));
        }
        for (int i = 0; i < fixed.size(); i++) {
            int index = i;
            functionChecks.add(new Check(name + " parameter " + i + " size (" + decl + ")", "sizeof(" + fixed.get(i) + ")", true, 64,
                    () -> descriptor(name).argumentLayouts().get(index).byteSize()));
            functionChecks.add(new Check(name + " parameter " + i + " kind (" + decl + ")", kind(fixed.get(i)), true, 64,
                    () -> (long) kind(descriptor(name).argumentLayouts().get(index))));
        }
    }

    /** The C expression of a type's kind, integer kinds (char, enum, bool) folded into INTEGER. */
    private static String kind(String type) {
        return "({ int k = __builtin_classify_type(*(__typeof__(" + type + ") *) 0); k == 2 || k == 3 || k == 4 ? "
                + INTEGER + " : k; })";
    }

    private static int kind(MemoryLayout layout) {
        return switch (layout) {
            case AddressLayout a -> POINTER;
            case StructLayout s -> RECORD;
            case UnionLayout u -> UNION;
            case ValueLayout v when v.carrier() == double.class || v.carrier() == float.class -> REAL;
            case ValueLayout v -> INTEGER;
            default -> -1;
        };
    }

    @TestFactory
    List<DynamicTest> everyArgfileFunctionHasAPrototypeFromGcc() throws Exception {
        return GeneratedApi.argfile("--include-function").stream().map(name -> DynamicTest.dynamicTest(name, () ->
                assertNotNull(prototypes.get(name), "gcc -aux-info declares no " + name + " in sockets.h"))).toList();
    }

    @TestFactory
    List<DynamicTest> everyFunctionsDescriptorIsGccsPrototype() {
        return LayoutProbe.dynamicTests(functionChecks, c);
    }

    @TestFactory
    List<DynamicTest> everyGlobalHasTheCObjectsSizeAndKind() {
        return LayoutProbe.dynamicTests(globalChecks, c);
    }
}
