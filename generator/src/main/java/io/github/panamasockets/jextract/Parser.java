/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.jextract;

import io.github.panamasockets.jextract.LibClang.Cursor;
import io.github.panamasockets.jextract.LibClang.Type;

import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import static io.github.panamasockets.jextract.LibClang.*;

/**
 * Reads the header through libclang and keeps what the include filters name, in the order the
 * translation unit declares it. Sizes, offsets and constant values all come from clang.
 */
final class Parser {

    /** A declaration the generator cannot express: it is reported and skipped, as jextract does. */
    static final class Unsupported extends Exception {
        Unsupported(String message) {
            super(message);
        }
    }

    private final Options options;
    private final Consumer<String> warnings;
    /** Class name of each record type that can be named, keyed by clang's canonical spelling. */
    private final Map<String, String> recordNames = new HashMap<>();
    /** Names of the records that will have a class (included as struct, union or typedef). */
    private final Set<String> recordClasses = new HashSet<>();
    private final Set<String> seen = new HashSet<>();
    /** Function-like macros that were asked for: already reported as skipped. */
    private final Set<String> skippedMacros = new HashSet<>();
    /** Function-pointer typedefs, and the function-pointer parameters of included functions. */
    private final List<Model.FunctionPointer> functionPointers = new ArrayList<>();

    Parser(Options options, Consumer<String> warnings) {
        this.options = options;
        this.warnings = warnings;
    }

    Model.Unit parse() {
        if (!Files.isRegularFile(options.header())) {
            throw new GeneratorException("header not found: " + options.header());
        }
        MemorySegment index = LibClang.createIndex();
        MemorySegment unit = LibClang.parse(index, options.header().toString(), options.clangArgs(), null,
                TU_DETAILED_PREPROCESSING_RECORD | TU_SKIP_FUNCTION_BODIES);
        if (unit.equals(MemorySegment.NULL)) {
            throw new GeneratorException("clang could not parse " + options.header());
        }
        try {
            List<Diagnostic> errors = LibClang.diagnostics(unit).stream().filter(Diagnostic::isError).toList();
            if (!errors.isEmpty()) {
                throw new GeneratorException(errors.stream().map(Diagnostic::text).collect(Collectors.joining("\n"))
                        + "\n" + options.header() + " does not parse: nothing was written");
            }
            return collect(index, LibClang.translationUnitCursor(unit).children());
        } finally {
            LibClang.dispose(unit);
        }
    }

    private Model.Unit collect(MemorySegment index, List<Cursor> top) {
        nameRecords(top);
        List<Object> ordered = new ArrayList<>();           // header members, or macro names to evaluate
        List<Model.Struct> structs = new ArrayList<>();
        for (Cursor cursor : top) {
            String name = cursor.spelling();
            switch (cursor.kind()) {
                case CURSOR_FUNCTION_DECL -> {
                    if (options.functions().contains(name) && seen.add("function " + name)) {
                        attempt(name, () -> ordered.add(function(cursor, name)));
                    }
                }
                case CURSOR_STRUCT_DECL, CURSOR_UNION_DECL -> {
                    Set<String> wanted = cursor.kind() == CURSOR_STRUCT_DECL ? options.structs() : options.unions();
                    if (wanted.contains(name) && cursor.isDefinition() && seen.add("record " + name)) {
                        attempt(name, () -> structs.add(struct(cursor, name, null)));
                    }
                }
                case CURSOR_TYPEDEF_DECL -> {
                    if (options.typedefs().contains(name) && seen.add("typedef " + name)) {
                        attempt(name, () -> typedef(cursor, name, ordered, structs, functionPointers));
                    }
                }
                case CURSOR_ENUM_DECL -> {
                    String enumName = cursor.isUnnamed() ? "<anonymous>" : name;
                    for (Cursor constant : cursor.children()) {
                        String constantName = constant.spelling();
                        if (constant.kind() == CURSOR_ENUM_CONSTANT_DECL && options.constants().contains(constantName)
                                && seen.add("constant " + constantName)) {
                            ordered.add(enumConstant(constant, constantName, enumName, cursor));
                        }
                    }
                }
                case CURSOR_VAR_DECL -> {
                    if (options.vars().contains(name) && seen.add("var " + name)) {
                        attempt(name, () -> ordered.add(new Model.Global(name, map(cursor.type(), false),
                                "extern " + declare(cursor.type(), name))));
                    }
                }
                case CURSOR_MACRO_DEFINITION -> {
                    if (options.constants().contains(name) && !seen.contains("constant " + name)) {
                        if (cursor.isMacroFunctionLike()) {
                            // reported here as skipped, so not also as "not found" at the end
                            if (skippedMacros.add(name)) {
                                warnings.accept("skipping " + name + ": function-like macro");
                            }
                        } else {
                            seen.add("constant " + name);
                            ordered.add(name);
                        }
                    }
                }
                default -> {
                }
            }
        }
        reportMissing();
        List<String> macros = ordered.stream().filter(String.class::isInstance).map(String.class::cast).toList();
        Map<String, Model.Constant> values = new MacroEvaluator(index, options, warnings).evaluate(macros);
        List<Model.HeaderMember> members = new ArrayList<>();
        for (Object entry : ordered) {
            if (entry instanceof Model.HeaderMember member) {
                members.add(member);
            } else if (values.get((String) entry) instanceof Model.Constant constant) {
                members.add(constant);
            }
        }
        return new Model.Unit(members, structs, functionPointers);
    }

    /** Names record types before anything refers to them, so a field or parameter can name its class. */
    private void nameRecords(List<Cursor> top) {
        Set<String> wantedRecords = new HashSet<>(options.structs());
        wantedRecords.addAll(options.unions());
        for (Cursor cursor : top) {
            int kind = cursor.kind();
            if ((kind == CURSOR_STRUCT_DECL || kind == CURSOR_UNION_DECL) && !cursor.isUnnamed()) {
                recordNames.put(cursor.type().canonical().spelling(), cursor.spelling());
                if (wantedRecords.contains(cursor.spelling())) {
                    recordClasses.add(cursor.spelling());
                }
            } else if (kind == CURSOR_TYPEDEF_DECL) {
                Type canonical = cursor.typedefUnderlyingType().canonical();
                if (canonical.kind() == Type.RECORD && canonical.declaration().isUnnamed()) {
                    recordNames.put(canonical.spelling(), cursor.spelling());
                    if (options.typedefs().contains(cursor.spelling())) {
                        recordClasses.add(cursor.spelling());
                    }
                }
            }
        }
    }

    private interface Step {
        void run() throws Unsupported;
    }

    private void attempt(String name, Step step) {
        try {
            step.run();
        } catch (Unsupported e) {
            warnings.accept("skipping " + name + ": " + e.getMessage());
        }
    }

    private void reportMissing() {
        // a struct and a function may share a name (struct sigaction, sigaction()): seen is kept per kind
        Map<String, Set<String>> all = new java.util.LinkedHashMap<>();
        all.put("function ", options.functions());
        all.put("record ", options.structs());
        all.put("record  ", options.unions());
        all.put("typedef ", options.typedefs());
        all.put("constant ", options.constants());
        all.put("var ", options.vars());
        for (Map.Entry<String, Set<String>> kind : all.entrySet()) {
            for (String name : kind.getValue()) {
                if (!seen.contains(kind.getKey().strip() + " " + name) && !skippedMacros.contains(name)) {
                    warnings.accept("not found: " + name);
                }
            }
        }
    }

    // ---- declarations ----------------------------------------------------------------------

    private Model.Function function(Cursor cursor, String name) throws Unsupported {
        Type type = cursor.type();
        List<Cursor> args = cursor.arguments();
        List<Model.Param> params = new ArrayList<>();
        List<String> cParams = new ArrayList<>();
        Set<String> used = new HashSet<>();
        int count = type.kind() == Type.FUNCTION_PROTO ? type.argumentCount() : 0;
        for (int i = 0; i < count; i++) {
            String paramName = i < args.size() ? args.get(i).spelling() : "";
            String javaName = paramName.isEmpty() ? "x" + i : Names.javaIdentifier(paramName);
            if (!used.add(javaName)) {
                javaName = javaName + "$" + i;
            }
            Type declared = i < args.size() ? args.get(i).type() : type.argument(i);
            params.add(new Model.Param(javaName, map(type.argument(i), true), declared.spelling(),
                    pointeeBytes(type.argument(i))));
            Type canonical = type.argument(i).canonical();
            if (canonical.kind() == Type.POINTER && canonical.pointee().canonical().kind() == Type.FUNCTION_PROTO
                    && !options.typedefs().contains(declared.spelling())) {
                // a callback parameter: a class of its own, NAME$PARAM, as jextract writes it
                functionPointers.add(new Model.FunctionPointer(name + "$" + javaName,
                        signature(canonical.pointee().canonical()), declare(declared, paramName.isEmpty() ? javaName : paramName)));
            }
            cParams.add(paramName.isEmpty() ? declared.spelling() : declare(declared, paramName));
        }
        boolean variadic = type.kind() == Type.FUNCTION_PROTO && type.isVariadic();
        if (variadic) {
            cParams.add("...");
        }
        JType result = map(type.resultType(), true);
        String cDecl = "extern " + declare(type.resultType(), name + "(" + String.join(", ", cParams) + ")");
        return new Model.Function(name, new Model.Signature(result, params, variadic), cDecl);
    }

    private Model.Struct struct(Cursor cursor, String className, String typedefName) throws Unsupported {
        Type type = cursor.type();
        boolean union = cursor.kind() == CURSOR_UNION_DECL;
        List<Model.Field> fields = new ArrayList<>();
        List<Model.Struct> nested = new ArrayList<>();
        StringBuilder body = new StringBuilder();
        for (Cursor field : cursor.children()) {
            if ((field.kind() == CURSOR_STRUCT_DECL || field.kind() == CURSOR_UNION_DECL) && field.isAnonymousRecordDecl()) {
                // a C11 anonymous member (libclang does not visit its implicit field): its fields are
                // this struct's, in a nested layout named as jextract names it
                long offset = anonymousOffset(type, field);
                Model.Struct inner = struct(field, "$anon$" + field.lineColumn(), null);
                if (offset < 0 || inner.alignment() > Math.min(type.alignment(),
                        offset == 0 ? inner.alignment() : Long.lowestOneBit(offset))) {
                    throw new Unsupported("anonymous struct or union member off its alignment");
                }
                body.append("    ").append(inner.cDecl().replace("\n", "\n    ")).append(";\n");
                nested.addAll(inner.nested());
                fields.add(new Model.Field(inner.className(), new JType.Struct(inner.className()), offset,
                        field.type().size(), inner.alignment(), false, inner.cDecl(), null, inner));
                continue;
            }
            if (field.kind() != CURSOR_FIELD_DECL) {
                continue;
            }
            String fieldName = field.spelling();
            Type fieldType = field.type();
            // an unnamed struct or union that no included typedef names (union { ... } __in6_u); one
            // that a typedef names (__sigset_t sa_mask, sigset_t included) uses that typedef's class
            boolean unnamedRecord = fieldType.canonical().kind() == Type.RECORD
                    && fieldType.canonical().declaration().isUnnamed()
                    && !recordClasses.contains(recordNames.get(recordKey(fieldType.canonical())));
            body.append("    ").append(unnamedRecord ? (recordKeyword(fieldType) + " { ... } " + fieldName).strip()
                    : declare(fieldType, fieldName)).append(field.isBitField() ? " : bits" : "").append(";\n");
            if (fieldName.isEmpty()) {
                throw new Unsupported("anonymous struct or union member");
            }
            if (field.isBitField()) {
                continue; // bit-fields have no accessors: their bytes become padding, as in jextract
            }
            long offset = field.offsetOfField() / 8;
            String javaName = Names.javaIdentifier(fieldName);
            JType javaType;
            String fieldDecl = declare(fieldType, fieldName);
            if (unnamedRecord) {
                // union { ... } __in6_u: a nested class named after the field, as jextract writes it
                Model.Struct inner = struct(fieldType.canonical().declaration(), javaName, null);
                nested.add(inner);
                javaType = new JType.Struct(javaName);
                fieldDecl = inner.cDecl() + " " + fieldName;
            } else if (fieldType.canonical().kind() == Type.INCOMPLETE_ARRAY) {
                // a flexible array member: a sequence of no elements at the struct's end, as jextract writes it
                javaType = new JType.Array(map(fieldType.canonical().arrayElementType(), false), 0);
            } else {
                javaType = map(fieldType, false);
            }
            long natural = fieldType.alignment();
            // a packed struct's own alignment (1) caps every field's, also of fields at aligned offsets:
            // otherwise the group layout would be more aligned than the C struct (and, when its size is
            // not a multiple of that alignment, unusable as an array element)
            long effective = Math.min(Math.min(natural, type.alignment()),
                    Long.lowestOneBit(offset == 0 ? natural : offset));
            Type pointee = fieldType.canonical().kind() == Type.POINTER ? fieldType.canonical().pointee().canonical() : null;
            Model.Signature signature = pointee != null && pointee.kind() == Type.FUNCTION_PROTO ? signature(pointee) : null;
            long size = javaType instanceof JType.Array a && a.count() == 0 ? 0 : fieldType.size();
            fields.add(new Model.Field(javaName, javaType, offset, size,
                    effective, effective < natural, fieldDecl, signature, null));
        }
        String keyword = union ? "union" : "struct";
        String cDecl = typedefName == null
                ? keyword + (cursor.isUnnamed() ? "" : " " + className) + " {\n" + body + "}"
                : "typedef " + keyword + " {\n" + body + "} " + typedefName;
        return new Model.Struct(className, union, type.size(), type.alignment(), fields, null, cDecl, nested);
    }

    /**
     * Where an anonymous member's record sits in the record {@code outer}, in bytes: clang's offset
     * of its first named field in {@code outer}, less that field's offset in the member.
     */
    private static long anonymousOffset(Type outer, Cursor record) {
        for (Cursor child : record.children()) {
            if (child.kind() == CURSOR_FIELD_DECL && !child.spelling().isEmpty() && !child.isBitField()) {
                return (outer.offsetOf(child.spelling()) - child.offsetOfField()) / 8;
            }
            if ((child.kind() == CURSOR_STRUCT_DECL || child.kind() == CURSOR_UNION_DECL) && child.isAnonymousRecordDecl()) {
                return anonymousOffset(outer, child) - anonymousOffset(record.type(), child);
            }
        }
        return -1;
    }

    private void typedef(Cursor cursor, String name, List<Object> ordered, List<Model.Struct> structs,
                         List<Model.FunctionPointer> functionPointers) throws Unsupported {
        Type underlying = cursor.typedefUnderlyingType();
        Type canonical = underlying.canonical();
        String cDecl = "typedef " + declare(underlying, name);
        if (canonical.kind() == Type.RECORD) {
            Cursor record = canonical.declaration();
            if (record.isUnnamed()) {
                structs.add(struct(record, name, name));
            } else {
                String target = recordNames.get(canonical.spelling());
                if (target == null || !recordClasses.contains(target)) {
                    throw new Unsupported("it names " + canonical.spelling() + ", which is not included");
                }
                structs.add(new Model.Struct(name, record.kind() == CURSOR_UNION_DECL, canonical.size(),
                        canonical.alignment(), List.of(), target, cDecl, List.of()));
            }
        } else if (canonical.kind() == Type.POINTER && canonical.pointee().canonical().kind() == Type.FUNCTION_PROTO) {
            functionPointers.add(new Model.FunctionPointer(name, signature(canonical.pointee().canonical()), cDecl));
        } else if (map(underlying, false) instanceof JType.Value value) {
            ordered.add(new Model.Typedef(name, value, cDecl));
        } else {
            throw new Unsupported("typedef of " + underlying.spelling());
        }
    }

    private Model.Constant enumConstant(Cursor constant, String name, String enumName, Cursor enumDecl) {
        long value = constant.enumConstantValue();
        boolean wide = enumDecl.enumIntegerType().size() == 8;
        return new Model.Constant(name, wide ? "long" : "int", (wide ? "(long)" : "(int)") + value + "L",
                "enum " + enumName + "." + name + " = " + value);
    }

    /**
     * What a pointer parameter must reach at least, in bytes, when the bindings know what it points
     * to: an included struct or union, a scalar other than char, or a pointer. 0 otherwise
     * ({@code void *}, {@code char *}, a struct the bindings do not have, such as FILE).
     */
    private long pointeeBytes(Type parameter) {
        Type canonical = parameter.canonical();
        if (canonical.kind() != Type.POINTER) {
            return 0;
        }
        Type pointee = canonical.pointee().canonical();
        return switch (pointee.kind()) {
            case Type.RECORD -> recordClasses.contains(recordNames.get(recordKey(pointee))) ? pointee.size() : 0;
            case Type.SHORT, Type.USHORT, Type.INT, Type.UINT, Type.LONG, Type.ULONG, Type.LONGLONG,
                 Type.ULONGLONG, Type.FLOAT, Type.DOUBLE, Type.POINTER -> pointee.size();
            default -> 0;
        };
    }

    /** A record type's canonical spelling without qualifiers: {@code const struct in6_addr} names in6_addr's class too. */
    private static String recordKey(Type canonical) {
        return canonical.spelling().replaceFirst("^((const|volatile) )+", "");
    }

    private static String recordKeyword(Type type) {
        return type.canonical().declaration().kind() == CURSOR_UNION_DECL ? "union" : "struct";
    }

    private Model.Signature signature(Type function) throws Unsupported {
        List<Model.Param> params = new ArrayList<>();
        for (int i = 0; i < function.argumentCount(); i++) {
            params.add(new Model.Param("_x" + i, map(function.argument(i), true)));
        }
        return new Model.Signature(map(function.resultType(), true), params, function.isVariadic());
    }

    // ---- types -------------------------------------------------------------------------------

    /** The Java view of a C type; {@code parameter} lets arrays decay to pointers and allows void. */
    JType map(Type type, boolean parameter) throws Unsupported {
        Type canonical = type.canonical();
        return switch (canonical.kind()) {
            case Type.VOID -> {
                if (!parameter) {
                    throw new Unsupported("void value");
                }
                yield new JType.Void();
            }
            case Type.BOOL -> JType.Value.BOOL;
            case Type.CHAR_S, Type.SCHAR, Type.CHAR_U, Type.UCHAR -> JType.Value.CHAR;
            case Type.SHORT, Type.USHORT -> JType.Value.SHORT;
            case Type.INT, Type.UINT -> JType.Value.INT;
            case Type.LONG, Type.ULONG -> JType.Value.LONG;
            case Type.LONGLONG, Type.ULONGLONG -> JType.Value.LONG_LONG;
            case Type.FLOAT -> JType.Value.FLOAT;
            case Type.DOUBLE -> JType.Value.DOUBLE;
            case Type.POINTER, Type.INCOMPLETE_ARRAY -> {
                if (canonical.kind() == Type.INCOMPLETE_ARRAY && !parameter) {
                    throw new Unsupported("flexible array member");
                }
                yield JType.Value.POINTER;
            }
            case Type.ENUM -> map(canonical.declaration().enumIntegerType(), parameter);
            case Type.RECORD -> {
                String className = recordNames.get(recordKey(canonical));
                if (className == null || !recordClasses.contains(className)) {
                    throw new Unsupported("it uses " + canonical.spelling() + " by value, which is not included");
                }
                yield new JType.Struct(className);
            }
            case Type.CONSTANT_ARRAY -> parameter ? JType.Value.POINTER
                    : new JType.Array(map(canonical.arrayElementType(), false), canonical.arraySize());
            default -> throw new Unsupported("type " + type.spelling() + " has no Java layout");
        };
    }

    /** A C declarator: {@code int x}, {@code char *p}, {@code char buf[8]}, {@code void (*f)(int)}. */
    static String declare(Type type, String name) {
        if (type.kind() == Type.CONSTANT_ARRAY) {
            return declare(type.arrayElementType(), name + "[" + type.arraySize() + "]");
        }
        String spelling = type.spelling();
        if (spelling.contains("(*)")) {
            return spelling.replace("(*)", "(*" + name + ")");
        }
        return spelling.endsWith("*") ? spelling + name : spelling + " " + name;
    }
}
