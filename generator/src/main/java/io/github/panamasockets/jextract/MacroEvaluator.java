/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.jextract;

import io.github.panamasockets.jextract.LibClang.Cursor;
import io.github.panamasockets.jextract.LibClang.Evaluation;
import io.github.panamasockets.jextract.LibClang.Type;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static io.github.panamasockets.jextract.LibClang.CURSOR_VAR_DECL;

/**
 * Object-like macros are evaluated by the compiler, never by reading their text: each one becomes
 * {@code __auto_type jextract$macro$NAME = NAME;} in a snippet that includes the header, and
 * clang's constant evaluator gives the value while the variable's type gives the Java type.
 * A macro that is not a constant expression is reported and skipped, as jextract does.
 */
final class MacroEvaluator {

    private static final String PREFIX = "jextract$macro$";

    private final MemorySegment index;
    private final Options options;
    private final Consumer<String> warnings;

    MacroEvaluator(MemorySegment index, Options options, Consumer<String> warnings) {
        this.index = index;
        this.options = options;
        this.warnings = warnings;
    }

    Map<String, Model.Constant> evaluate(List<String> names) {
        Map<String, Model.Constant> constants = new HashMap<>();
        if (names.isEmpty()) {
            return constants;
        }
        StringBuilder snippet = new StringBuilder("#include \"" + options.header() + "\"\n");
        for (String name : names) {
            // no parentheses around NAME, as in jextract: libclang evaluates a string literal only
            // when it is the whole initializer, and ("text") would be skipped as not constant
            snippet.append("__auto_type ").append(PREFIX).append(name).append(" = ").append(name).append(";\n");
        }
        Path file;
        try {
            file = Files.createTempFile("jextract-macros", ".c");
            Files.writeString(file, snippet);
        } catch (IOException e) {
            throw new GeneratorException("cannot write the macro snippet: " + e.getMessage());
        }
        try {
            MemorySegment unit = LibClang.parse(index, file.toString(), options.clangArgs(), null, 0);
            if (unit.equals(MemorySegment.NULL)) {
                throw new GeneratorException("clang could not parse the macro snippet");
            }
            try {
                for (Cursor cursor : LibClang.translationUnitCursor(unit).children()) {
                    String variable = cursor.spelling();
                    if (cursor.kind() == CURSOR_VAR_DECL && variable.startsWith(PREFIX) && cursor.isFromMainFile()) {
                        String name = variable.substring(PREFIX.length());
                        Model.Constant constant = constant(name, cursor);
                        if (constant != null) {
                            constants.put(name, constant);
                        }
                    }
                }
            } finally {
                LibClang.dispose(unit);
            }
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a temporary file left behind is harmless
            }
        }
        for (String name : names) {
            if (!constants.containsKey(name)) {
                warnings.accept("skipping " + name + ": macro is not a constant expression");
            }
        }
        return constants;
    }

    private Model.Constant constant(String name, Cursor variable) {
        Evaluation value = variable.evaluate();
        Type type = variable.type().canonical();
        if (type.kind() == Type.ENUM) {
            type = type.declaration().enumIntegerType().canonical();
        }
        return switch (value) {
            case Evaluation.Int(long v) -> integer(name, v, type);
            case Evaluation.Float(double v) -> {
                boolean single = type.kind() == Type.FLOAT;
                yield new Model.Constant(name, single ? "float" : "double", floating(v, single),
                        "#define " + name + " " + v);
            }
            case Evaluation.Str(String s) -> new Model.Constant(name, "MemorySegment", Names.quote(s),
                    "#define " + name + " " + Names.quote(s));
            case null -> null;
        };
    }

    private Model.Constant integer(String name, long v, Type type) {
        boolean unsigned = switch (type.kind()) {
            case Type.BOOL, Type.CHAR_U, Type.UCHAR, Type.USHORT, Type.UINT, Type.ULONG, Type.ULONGLONG -> true;
            default -> false;
        };
        String cValue = unsigned ? Long.toUnsignedString(v) : Long.toString(v);
        String javaType = switch ((int) type.size()) {
            case 1 -> type.kind() == Type.BOOL ? "boolean" : "byte";
            case 2 -> "short";
            case 4 -> "int";
            case 8 -> "long";
            default -> null;
        };
        if (javaType == null || type.kind() == Type.POINTER) {
            warnings.accept("skipping " + name + ": constant of type " + type.spelling() + " has no Java type");
            return null;
        }
        String javaValue = javaType.equals("boolean") ? Boolean.toString(v != 0) : "(" + javaType + ")" + v + "L";
        return new Model.Constant(name, javaType, javaValue, "#define " + name + " " + cValue);
    }

    private static String floating(double v, boolean single) {
        String type = single ? "Float" : "Double";
        if (Double.isNaN(v)) {
            return type + ".NaN";
        }
        if (Double.isInfinite(v)) {
            return type + (v > 0 ? ".POSITIVE_INFINITY" : ".NEGATIVE_INFINITY");
        }
        return single ? "(float)" + v + "d" : v + "d";
    }
}
