/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets;

import io.github.panamasockets.generated.sockets_h;

import javax.lang.model.SourceVersion;
import java.io.IOException;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.PaddingLayout;
import java.lang.foreign.UnionLayout;
import java.lang.foreign.ValueLayout;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What the generated package holds, found by reflection, and what bindings/sockets.argfile asks
 * for: the tests derive their lists from these two instead of typing them again.
 */
final class GeneratedApi {

    static final String PACKAGE = sockets_h.class.getPackageName();

    private GeneratedApi() {
    }

    /**
     * A struct or union class and the C type it binds: {@code struct NAME}, {@code union NAME}, a
     * typedef's plain NAME, or for a nested class (an unnamed struct or union field) the type of
     * that member of the outer C type.
     */
    record Struct(Class<?> type, String javaName, String cType) {

        GroupLayout layout() {
            return GeneratedApi.layout(type).orElseThrow();
        }

        /** The C names of the layout's fields, in order, padding left out. */
        List<String> fields() {
            return layout().memberLayouts().stream().filter(m -> !(m instanceof PaddingLayout))
                    .map(m -> m.name().orElseThrow()).toList();
        }

        /** The C names of the fields that have an {@code NAME$offset()} getter. */
        List<String> offsetGetters() {
            return Stream.of(type.getMethods())
                    .filter(m -> isStaticGetter(m) && m.getName().endsWith("$offset") && m.getReturnType() == long.class)
                    .map(m -> cName(m.getName().substring(0, m.getName().length() - "$offset".length())))
                    .sorted().toList();
        }
    }

    /** The names the argfile asks for with the given option, in its order. */
    static List<String> argfile(String option) throws IOException {
        return Files.readAllLines(NativeProbe.MODULE.resolve("sockets.argfile")).stream()
                .filter(line -> line.startsWith(option + " "))
                .map(line -> line.substring(option.length() + 1).strip())
                .toList();
    }

    /** Every struct, union and typedef'd struct class, each followed by its nested ones. */
    static List<Struct> structs() throws IOException {
        Set<String> typedefs = Set.copyOf(argfile("--include-typedef"));
        List<Struct> structs = new ArrayList<>();
        for (Class<?> type : topLevelClasses()) {
            Optional<GroupLayout> layout = layout(type);
            if (layout.isEmpty()) {
                continue;
            }
            String name = type.getSimpleName();
            String cType = typedefs.contains(name) ? name
                    : (layout.get() instanceof UnionLayout ? "union " : "struct ") + name;
            addWithNested(new Struct(type, name, cType), structs);
        }
        return structs;
    }

    private static void addWithNested(Struct struct, List<Struct> structs) {
        structs.add(struct);
        for (Class<?> nested : struct.type().getDeclaredClasses()) {
            if (layout(nested).isPresent()) {
                // jextract names the class of an unnamed struct or union after the field it types
                String member = cName(nested.getSimpleName());
                addWithNested(new Struct(nested, struct.javaName() + "." + nested.getSimpleName(),
                        "__typeof__(((" + struct.cType() + " *) 0)->" + member + ")"), structs);
            }
        }
    }

    /** The classes of the generated package, read from the directory its class files are in. */
    static List<Class<?>> topLevelClasses() throws IOException {
        Path dir;
        try {
            dir = Path.of(sockets_h.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .resolve(PACKAGE.replace('.', '/'));
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        if (!Files.isDirectory(dir)) {
            throw new IOException("the generated classes are not in a directory: " + dir);
        }
        List<Class<?>> classes = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (String file : files.map(p -> p.getFileName().toString()).sorted().toList()) {
                if (file.endsWith(".class") && !file.contains("$")) {
                    classes.add(load(file.substring(0, file.length() - ".class".length())).orElseThrow());
                }
            }
        }
        return classes;
    }

    /** The generated class of that simple name, if there is one. */
    static Optional<Class<?>> load(String simpleName) {
        try {
            return Optional.of(Class.forName(PACKAGE + "." + simpleName));
        } catch (ClassNotFoundException e) {
            return Optional.empty();
        }
    }

    /** The group layout a struct class's static {@code layout()} returns; empty for any other class. */
    static Optional<GroupLayout> layout(Class<?> type) {
        try {
            Method layout = type.getMethod("layout");
            if (isStaticGetter(layout) && GroupLayout.class.isAssignableFrom(layout.getReturnType())) {
                return Optional.of((GroupLayout) layout.invoke(null));
            }
            return Optional.empty();
        } catch (NoSuchMethodException e) {
            return Optional.empty();
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(type + ".layout() failed", e);
        }
    }

    /** The constant getters of sockets_h the argfile asks for: static, no arguments, an integral value. */
    static List<Method> constants() throws IOException {
        List<Method> constants = new ArrayList<>();
        for (String name : argfile("--include-constant")) {
            staticGetter(sockets_h.class, name).filter(m -> isIntegral(m.getReturnType())).ifPresent(constants::add);
        }
        return constants;
    }

    /** The typedefs of sockets_h that are a value layout field (the others are struct classes). */
    static List<Field> valueTypedefs() throws IOException {
        List<Field> typedefs = new ArrayList<>();
        for (String name : argfile("--include-typedef")) {
            layoutField(name).filter(f -> ValueLayout.class.isAssignableFrom(f.getType())).ifPresent(typedefs::add);
        }
        return typedefs;
    }

    /** The public static layout field of sockets_h of that name (jextract's form of a typedef). */
    static Optional<Field> layoutField(String name) {
        try {
            Field field = sockets_h.class.getField(name);
            return Modifier.isStatic(field.getModifiers()) && MemoryLayout.class.isAssignableFrom(field.getType())
                    ? Optional.of(field) : Optional.empty();
        } catch (NoSuchFieldException e) {
            return Optional.empty();
        }
    }

    /** The public static no-argument method of that name. */
    static Optional<Method> staticGetter(Class<?> type, String name) {
        try {
            Method method = type.getMethod(name);
            return isStaticGetter(method) ? Optional.of(method) : Optional.empty();
        } catch (NoSuchMethodException e) {
            return Optional.empty();
        }
    }

    private static boolean isStaticGetter(Method method) {
        return Modifier.isStatic(method.getModifiers()) && method.getParameterCount() == 0;
    }

    private static boolean isIntegral(Class<?> type) {
        return type == int.class || type == long.class || type == short.class || type == byte.class;
    }

    /** The C name of a Java field name: jextract appends '_' to a name that is a Java keyword. */
    static String cName(String javaName) {
        String base = javaName.substring(0, Math.max(0, javaName.length() - 1));
        return javaName.endsWith("_") && SourceVersion.isKeyword(base) ? base : javaName;
    }

    /** The Java name jextract gives a C field name. */
    static String javaName(String cName) {
        return SourceVersion.isKeyword(cName) ? cName + "_" : cName;
    }
}
