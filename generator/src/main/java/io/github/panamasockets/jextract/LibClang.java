/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.jextract;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The part of libclang's C API (clang-c/Index.h) that the generator needs, bound by hand.
 * A generator cannot generate its own bindings before it exists, so this is the one
 * hand-written binding in the project, as in jextract itself.
 *
 * <p>{@code CXCursor}, {@code CXType}, {@code CXString} and {@code CXSourceLocation} are small
 * structs that libclang passes and returns by value; here they are segments of the layouts below.
 */
final class LibClang {

    /** Where Debian puts libclang; the first that exists is used. */
    private static final List<String> CANDIDATES = List.of(
            "/usr/lib/llvm-14/lib/libclang.so.1",
            "/usr/lib/x86_64-linux-gnu/libclang-14.so.1",
            "/usr/lib/llvm-15/lib/libclang.so.1",
            "/usr/lib/llvm-16/lib/libclang.so.1",
            "/usr/lib/x86_64-linux-gnu/libclang-15.so.1",
            "/usr/lib/x86_64-linux-gnu/libclang-16.so.1");

    static final StructLayout CX_CURSOR = MemoryLayout.structLayout(
            JAVA_INT.withName("kind"), JAVA_INT.withName("xdata"),
            MemoryLayout.sequenceLayout(3, ADDRESS).withName("data"));
    static final StructLayout CX_TYPE = MemoryLayout.structLayout(
            JAVA_INT.withName("kind"), MemoryLayout.paddingLayout(4),
            MemoryLayout.sequenceLayout(2, ADDRESS).withName("data"));
    static final StructLayout CX_STRING = MemoryLayout.structLayout(
            ADDRESS.withName("data"), JAVA_INT.withName("private_flags"), MemoryLayout.paddingLayout(4));
    static final StructLayout CX_SOURCE_LOCATION = MemoryLayout.structLayout(
            MemoryLayout.sequenceLayout(2, ADDRESS).withName("ptr_data"),
            JAVA_INT.withName("int_data"), MemoryLayout.paddingLayout(4));
    static final StructLayout CX_UNSAVED_FILE = MemoryLayout.structLayout(
            ADDRESS.withName("Filename"), ADDRESS.withName("Contents"), JAVA_LONG.withName("Length"));
    private static final AddressLayout C_STRING = ADDRESS.withTargetLayout(
            MemoryLayout.sequenceLayout(Long.MAX_VALUE, java.lang.foreign.ValueLayout.JAVA_BYTE));

    // enum CXCursorKind
    static final int CURSOR_STRUCT_DECL = 2;
    static final int CURSOR_UNION_DECL = 3;
    static final int CURSOR_ENUM_DECL = 5;
    static final int CURSOR_FIELD_DECL = 6;
    static final int CURSOR_ENUM_CONSTANT_DECL = 7;
    static final int CURSOR_FUNCTION_DECL = 8;
    static final int CURSOR_VAR_DECL = 9;
    static final int CURSOR_TYPEDEF_DECL = 20;
    static final int CURSOR_MACRO_DEFINITION = 501;

    // enum CXTranslationUnit_Flags, CXDiagnosticSeverity, CXChildVisitResult, CXEvalResultKind
    static final int TU_DETAILED_PREPROCESSING_RECORD = 0x01;
    static final int TU_SKIP_FUNCTION_BODIES = 0x40;
    static final int DIAGNOSTIC_ERROR = 3;
    static final int VISIT_CONTINUE = 1;
    static final int EVAL_INT = 1;
    static final int EVAL_FLOAT = 2;
    static final int EVAL_STR_LITERAL = 4;

    /** Allocations that live as long as the generator run: cursors, types, strings. */
    static final Arena ARENA = Arena.ofAuto();

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIB = open(locate());

    /** A file that exists but is no loadable library is reported in one line too, not as a stack trace. */
    private static SymbolLookup open(Path library) {
        try {
            return SymbolLookup.libraryLookup(library, Arena.global());
        } catch (IllegalArgumentException e) {
            throw new GeneratorException("cannot load libclang from " + library + ": " + e.getMessage());
        }
    }

    private static Path locate() {
        String override = System.getenv("LIBCLANG_PATH");
        if (override != null && !override.isEmpty()) {
            if (!Files.exists(Path.of(override))) {
                throw new GeneratorException("libclang not found at LIBCLANG_PATH=" + override);
            }
            return Path.of(override);
        }
        for (String candidate : CANDIDATES) {
            Path path = Path.of(candidate);
            if (Files.exists(path)) {
                return path;
            }
        }
        throw new GeneratorException("libclang not found: install Debian's libclang1-14 and libclang-common-14-dev"
                + " (apt-get install libclang1-14 libclang-common-14-dev), or set LIBCLANG_PATH");
    }

    private static MethodHandle fn(String name, MemoryLayout result, MemoryLayout... args) {
        MemorySegment address = LIB.find(name)
                .orElseThrow(() -> new GeneratorException("libclang lacks " + name + ": libclang 14 or newer is needed"));
        FunctionDescriptor descriptor = result == null ? FunctionDescriptor.ofVoid(args) : FunctionDescriptor.of(result, args);
        return LINKER.downcallHandle(address, descriptor);
    }

    private static final MethodHandle createIndex = fn("clang_createIndex", ADDRESS, JAVA_INT, JAVA_INT);
    private static final MethodHandle parseTranslationUnit = fn("clang_parseTranslationUnit", ADDRESS,
            ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT);
    private static final MethodHandle disposeTranslationUnit = fn("clang_disposeTranslationUnit", null, ADDRESS);
    private static final MethodHandle getTranslationUnitCursor = fn("clang_getTranslationUnitCursor", CX_CURSOR, ADDRESS);
    private static final MethodHandle visitChildren = fn("clang_visitChildren", JAVA_INT, CX_CURSOR, ADDRESS, ADDRESS);
    private static final MethodHandle getCursorKind = fn("clang_getCursorKind", JAVA_INT, CX_CURSOR);
    private static final MethodHandle getCursorSpelling = fn("clang_getCursorSpelling", CX_STRING, CX_CURSOR);
    private static final MethodHandle getCursorType = fn("clang_getCursorType", CX_TYPE, CX_CURSOR);
    private static final MethodHandle getCursorLocation = fn("clang_getCursorLocation", CX_SOURCE_LOCATION, CX_CURSOR);
    private static final MethodHandle locationIsFromMainFile = fn("clang_Location_isFromMainFile", JAVA_INT, CX_SOURCE_LOCATION);
    private static final MethodHandle getExpansionLocation = fn("clang_getExpansionLocation", null,
            CX_SOURCE_LOCATION, ADDRESS, ADDRESS, ADDRESS, ADDRESS);
    private static final MethodHandle getTypeSpelling = fn("clang_getTypeSpelling", CX_STRING, CX_TYPE);
    private static final MethodHandle getCanonicalType = fn("clang_getCanonicalType", CX_TYPE, CX_TYPE);
    private static final MethodHandle getTypedefDeclUnderlyingType = fn("clang_getTypedefDeclUnderlyingType", CX_TYPE, CX_CURSOR);
    private static final MethodHandle getEnumDeclIntegerType = fn("clang_getEnumDeclIntegerType", CX_TYPE, CX_CURSOR);
    private static final MethodHandle getEnumConstantDeclValue = fn("clang_getEnumConstantDeclValue", JAVA_LONG, CX_CURSOR);
    private static final MethodHandle cursorGetNumArguments = fn("clang_Cursor_getNumArguments", JAVA_INT, CX_CURSOR);
    private static final MethodHandle cursorGetArgument = fn("clang_Cursor_getArgument", CX_CURSOR, CX_CURSOR, JAVA_INT);
    private static final MethodHandle getResultType = fn("clang_getResultType", CX_TYPE, CX_TYPE);
    private static final MethodHandle getNumArgTypes = fn("clang_getNumArgTypes", JAVA_INT, CX_TYPE);
    private static final MethodHandle getArgType = fn("clang_getArgType", CX_TYPE, CX_TYPE, JAVA_INT);
    private static final MethodHandle isFunctionTypeVariadic = fn("clang_isFunctionTypeVariadic", JAVA_INT, CX_TYPE);
    private static final MethodHandle getPointeeType = fn("clang_getPointeeType", CX_TYPE, CX_TYPE);
    private static final MethodHandle getTypeDeclaration = fn("clang_getTypeDeclaration", CX_CURSOR, CX_TYPE);
    private static final MethodHandle getArrayElementType = fn("clang_getArrayElementType", CX_TYPE, CX_TYPE);
    private static final MethodHandle getArraySize = fn("clang_getArraySize", JAVA_LONG, CX_TYPE);
    private static final MethodHandle typeGetSizeOf = fn("clang_Type_getSizeOf", JAVA_LONG, CX_TYPE);
    private static final MethodHandle typeGetAlignOf = fn("clang_Type_getAlignOf", JAVA_LONG, CX_TYPE);
    private static final MethodHandle cursorGetOffsetOfField = fn("clang_Cursor_getOffsetOfField", JAVA_LONG, CX_CURSOR);
    private static final MethodHandle cursorIsAnonymous = fn("clang_Cursor_isAnonymous", JAVA_INT, CX_CURSOR);
    private static final MethodHandle cursorIsAnonymousRecordDecl = fn("clang_Cursor_isAnonymousRecordDecl", JAVA_INT, CX_CURSOR);
    private static final MethodHandle typeGetOffsetOf = fn("clang_Type_getOffsetOf", JAVA_LONG, CX_TYPE, ADDRESS);
    private static final MethodHandle isCursorDefinition = fn("clang_isCursorDefinition", JAVA_INT, CX_CURSOR);
    private static final MethodHandle cursorIsBitField = fn("clang_Cursor_isBitField", JAVA_INT, CX_CURSOR);
    private static final MethodHandle cursorIsMacroFunctionLike = fn("clang_Cursor_isMacroFunctionLike", JAVA_INT, CX_CURSOR);
    private static final MethodHandle cursorEvaluate = fn("clang_Cursor_Evaluate", ADDRESS, CX_CURSOR);
    private static final MethodHandle evalGetKind = fn("clang_EvalResult_getKind", JAVA_INT, ADDRESS);
    private static final MethodHandle evalGetAsLongLong = fn("clang_EvalResult_getAsLongLong", JAVA_LONG, ADDRESS);
    private static final MethodHandle evalIsUnsignedInt = fn("clang_EvalResult_isUnsignedInt", JAVA_INT, ADDRESS);
    private static final MethodHandle evalGetAsUnsigned = fn("clang_EvalResult_getAsUnsigned", JAVA_LONG, ADDRESS);
    private static final MethodHandle evalGetAsDouble = fn("clang_EvalResult_getAsDouble", JAVA_DOUBLE, ADDRESS);
    private static final MethodHandle evalGetAsStr = fn("clang_EvalResult_getAsStr", C_STRING, ADDRESS);
    private static final MethodHandle evalDispose = fn("clang_EvalResult_dispose", null, ADDRESS);
    private static final MethodHandle getNumDiagnostics = fn("clang_getNumDiagnostics", JAVA_INT, ADDRESS);
    private static final MethodHandle getDiagnostic = fn("clang_getDiagnostic", ADDRESS, ADDRESS, JAVA_INT);
    private static final MethodHandle getDiagnosticSeverity = fn("clang_getDiagnosticSeverity", JAVA_INT, ADDRESS);
    private static final MethodHandle formatDiagnostic = fn("clang_formatDiagnostic", CX_STRING, ADDRESS, JAVA_INT);
    private static final MethodHandle defaultDiagnosticDisplayOptions = fn("clang_defaultDiagnosticDisplayOptions", JAVA_INT);
    private static final MethodHandle disposeDiagnostic = fn("clang_disposeDiagnostic", null, ADDRESS);
    private static final MethodHandle getCString = fn("clang_getCString", C_STRING, CX_STRING);
    private static final MethodHandle disposeString = fn("clang_disposeString", null, CX_STRING);

    /** The upcall that clang_visitChildren calls for each child: it appends the child to {@link #visited}. */
    private static final MemorySegment VISITOR;
    /** Children collected by the visitor currently running (the generator is single-threaded). */
    private static List<Cursor> visited;

    static {
        try {
            MethodHandle target = MethodHandles.lookup().findStatic(LibClang.class, "visit",
                    MethodType.methodType(int.class, MemorySegment.class, MemorySegment.class, MemorySegment.class));
            VISITOR = LINKER.upcallStub(target,
                    FunctionDescriptor.of(JAVA_INT, CX_CURSOR, CX_CURSOR, ADDRESS), Arena.global());
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
        disableCrashRecovery();
    }

    private LibClang() {
    }

    /**
     * clang_createIndex enables LLVM's crash recovery unless LIBCLANG_DISABLE_CRASH_RECOVERY is set:
     * it installs SIGSEGV/SIGBUS handlers that, outside a libclang call, re-raise the signal. The JVM
     * uses SIGSEGV itself (implicit null checks), so the next such signal would kill it. jextract sets
     * the variable the same way; it is read at clang_createIndex, so it must be set in this process.
     */
    private static void disableCrashRecovery() {
        MemorySegment setenv = LINKER.defaultLookup().find("setenv")
                .orElseThrow(() -> new GeneratorException("the C library has no setenv"));
        MethodHandle handle = LINKER.downcallHandle(setenv, FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
        try (Arena arena = Arena.ofConfined()) {
            int ignored = (int) handle.invokeExact(arena.allocateFrom("LIBCLANG_DISABLE_CRASH_RECOVERY"),
                    arena.allocateFrom("1"), 1);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static int visit(MemorySegment cursor, MemorySegment parent, MemorySegment clientData) {
        // the cursor lives only during the callback: keep a copy
        visited.add(new Cursor(ARENA.allocate(CX_CURSOR).copyFrom(cursor)));
        return VISIT_CONTINUE;
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }

    /** Turns a CXString into Java and disposes it. */
    private static String string(MemorySegment cxString) throws Throwable {
        MemorySegment chars = (MemorySegment) getCString.invokeExact(cxString);
        String value = chars.equals(MemorySegment.NULL) ? "" : chars.getString(0);
        disposeString.invokeExact(cxString);
        return value;
    }

    static MemorySegment createIndex() {
        try {
            return (MemorySegment) createIndex.invokeExact(0, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * Parses a file with the given compiler arguments, optionally with unsaved contents for it.
     * Returns NULL when libclang could not even start (a missing file).
     */
    static MemorySegment parse(MemorySegment index, String file, List<String> args, String unsavedContents, int options) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment argv = arena.allocate(ADDRESS, Math.max(1, args.size()));
            for (int i = 0; i < args.size(); i++) {
                argv.setAtIndex(ADDRESS, i, arena.allocateFrom(args.get(i)));
            }
            MemorySegment unsaved = MemorySegment.NULL;
            int unsavedCount = 0;
            if (unsavedContents != null) {
                unsaved = arena.allocate(CX_UNSAVED_FILE);
                MemorySegment contents = arena.allocateFrom(unsavedContents);
                unsaved.set(ADDRESS, 0, arena.allocateFrom(file));
                unsaved.set(ADDRESS, 8, contents);
                unsaved.set(JAVA_LONG, 16, contents.byteSize() - 1);
                unsavedCount = 1;
            }
            return (MemorySegment) parseTranslationUnit.invokeExact(index, arena.allocateFrom(file), argv,
                    args.size(), unsaved, unsavedCount, options);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static void dispose(MemorySegment translationUnit) {
        try {
            disposeTranslationUnit.invokeExact(translationUnit);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** A diagnostic of the translation unit: its severity and clang's own rendering of it. */
    record Diagnostic(int severity, String text) {
        boolean isError() {
            return severity >= DIAGNOSTIC_ERROR;
        }
    }

    static List<Diagnostic> diagnostics(MemorySegment translationUnit) {
        try {
            List<Diagnostic> list = new ArrayList<>();
            int count = (int) getNumDiagnostics.invokeExact(translationUnit);
            int options = (int) defaultDiagnosticDisplayOptions.invokeExact();
            for (int i = 0; i < count; i++) {
                MemorySegment diagnostic = (MemorySegment) getDiagnostic.invokeExact(translationUnit, i);
                int severity = (int) getDiagnosticSeverity.invokeExact(diagnostic);
                String text = string((MemorySegment) formatDiagnostic.invokeExact((SegmentAllocator) ARENA, diagnostic, options));
                disposeDiagnostic.invokeExact(diagnostic);
                list.add(new Diagnostic(severity, text));
            }
            return list;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static Cursor translationUnitCursor(MemorySegment translationUnit) {
        try {
            return new Cursor((MemorySegment) getTranslationUnitCursor.invokeExact((SegmentAllocator) ARENA, translationUnit));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** A cursor: a node of clang's AST. */
    record Cursor(MemorySegment segment) {

        List<Cursor> children() {
            List<Cursor> outer = visited;
            visited = new ArrayList<>();
            try {
                int ignored = (int) visitChildren.invokeExact(segment, VISITOR, MemorySegment.NULL);
                return visited;
            } catch (Throwable t) {
                throw rethrow(t);
            } finally {
                visited = outer;
            }
        }

        int kind() {
            try {
                return (int) getCursorKind.invokeExact(segment);
            } catch (Throwable t) {
                throw rethrow(t);
            }
        }

        String spelling() {
            try {
                return string((MemorySegment) getCursorSpelling.invokeExact((SegmentAllocator) ARENA, segment));
            } catch (Throwable t) {
                throw rethrow(t);
            }
        }

        Type type() {
            try {
                return new Type((MemorySegment) getCursorType.invokeExact((SegmentAllocator) ARENA, segment));
            } catch (Throwable t) {
                throw rethrow(t);
            }
        }

        boolean isFromMainFile() {
            try {
                MemorySegment location = (MemorySegment) getCursorLocation.invokeExact((SegmentAllocator) ARENA, segment);
                return (int) locationIsFromMainFile.invokeExact(location) != 0;
            } catch (Throwable t) {
                throw rethrow(t);
            }
        }

        /** "LINE:COLUMN" of the cursor in its file, as jextract names an anonymous member's layout. */
        String lineColumn() {
            try {
                MemorySegment location = (MemorySegment) getCursorLocation.invokeExact((SegmentAllocator) ARENA, segment);
                MemorySegment numbers = ARENA.allocate(JAVA_INT, 2);
                getExpansionLocation.invokeExact(location, MemorySegment.NULL, numbers, numbers.asSlice(JAVA_INT.byteSize()),
                        MemorySegment.NULL);
                return numbers.getAtIndex(JAVA_INT, 0) + ":" + numbers.getAtIndex(JAVA_INT, 1);
            } catch (Throwable t) {
                throw rethrow(t);
            }
        }

        Type typedefUnderlyingType() {
            try {
                return new Type((MemorySegment) getTypedefDeclUnderlyingType.invokeExact((SegmentAllocator) ARENA, segment));
            } catch (Throwable t) {
                throw rethrow(t);
            }
        }

        Type enumIntegerType() {
            try {
                return new Type((MemorySegment) getEnumDeclIntegerType.invokeExact((SegmentAllocator) ARENA, segment));
            } catch (Throwable t) {
                throw rethrow(t);
            }
        }

        long enumConstantValue() {
            try {
                return (long) getEnumConstantDeclValue.invokeExact(segment);
            } catch (Throwable t) {
                throw rethrow(t);
            }
        }

        /** The parameter declarations of a function declaration, for their names. */
        List<Cursor> arguments() {
            try {
                int count = (int) cursorGetNumArguments.invokeExact(segment);
                List<Cursor> list = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    list.add(new Cursor((MemorySegment) cursorGetArgument.invokeExact((SegmentAllocator) ARENA, segment, i)));
                }
                return list;
            } catch (Throwable t) {
                throw rethrow(t);
            }
        }

        /** Offset of a field in bits, or a negative CXTypeLayoutError. */
        long offsetOfField() {
            try {
                return (long) cursorGetOffsetOfField.invokeExact(segment);
            } catch (Throwable t) {
                throw rethrow(t);
            }
        }

        /**
         * Whether a struct, union or enum has no tag of its own. clang 14 spells such a
         * declaration as the empty string, newer versions as "(unnamed ...)"/"(anonymous ...)".
         */
        boolean isUnnamed() {
            String spelling = spelling();
            return spelling.isEmpty() || spelling.contains("(unnamed") || spelling.contains("(anonymous") || isAnonymous();
        }

        boolean isAnonymous() {
            try {
                return (int) cursorIsAnonymous.invokeExact(segment) != 0;
            } catch (Throwable t) {
                throw rethrow(t);
            }
        }

        /** A C11 anonymous member's record ({@code union { int i; float f; };}): its fields are the outer record's. */
        boolean isAnonymousRecordDecl() {
            try {
                return (int) cursorIsAnonymousRecordDecl.invokeExact(segment) != 0;
            } catch (Throwable t) {
                throw rethrow(t);
            }
        }

        boolean isDefinition() {
            try {
                return (int) isCursorDefinition.invokeExact(segment) != 0;
            } catch (Throwable t) {
                throw rethrow(t);
            }
        }

        boolean isBitField() {
            try {
                return (int) cursorIsBitField.invokeExact(segment) != 0;
            } catch (Throwable t) {
                throw rethrow(t);
            }
        }

        boolean isMacroFunctionLike() {
            try {
                return (int) cursorIsMacroFunctionLike.invokeExact(segment) != 0;
            } catch (Throwable t) {
                throw rethrow(t);
            }
        }

        /** clang's constant evaluation of a variable's initializer, or null when it cannot be evaluated. */
        Evaluation evaluate() {
            try {
                MemorySegment result = (MemorySegment) cursorEvaluate.invokeExact(segment);
                if (result.equals(MemorySegment.NULL)) {
                    return null;
                }
                try {
                    int kind = (int) evalGetKind.invokeExact(result);
                    return switch (kind) {
                        case EVAL_INT -> {
                            boolean unsigned = (int) evalIsUnsignedInt.invokeExact(result) != 0;
                            long value = unsigned ? (long) evalGetAsUnsigned.invokeExact(result)
                                    : (long) evalGetAsLongLong.invokeExact(result);
                            yield new Evaluation.Int(value);
                        }
                        case EVAL_FLOAT -> new Evaluation.Float((double) evalGetAsDouble.invokeExact(result));
                        case EVAL_STR_LITERAL -> new Evaluation.Str(((MemorySegment) evalGetAsStr.invokeExact(result)).getString(0));
                        default -> null;
                    };
                } finally {
                    evalDispose.invokeExact(result);
                }
            } catch (Throwable t) {
                throw rethrow(t);
            }
        }
    }

    /** What clang's evaluator made of a constant expression. */
    sealed interface Evaluation {
        record Int(long value) implements Evaluation {
        }

        record Float(double value) implements Evaluation {
        }

        record Str(String value) implements Evaluation {
        }
    }

    /** A type as libclang sees it. */
    record Type(MemorySegment segment) {
        // enum CXTypeKind (the subset the generator distinguishes)
        static final int INVALID = 0, VOID = 2, BOOL = 3, CHAR_U = 4, UCHAR = 5, USHORT = 8, UINT = 9,
                ULONG = 10, ULONGLONG = 11, CHAR_S = 13, SCHAR = 14, SHORT = 16, INT = 17, LONG = 18,
                LONGLONG = 19, FLOAT = 21, DOUBLE = 22, POINTER = 101, RECORD = 105, ENUM = 106,
                TYPEDEF = 107, FUNCTION_NO_PROTO = 110, FUNCTION_PROTO = 111, CONSTANT_ARRAY = 112,
                INCOMPLETE_ARRAY = 114, ELABORATED = 119, ATTRIBUTED = 163;

        int kind() {
            return segment.get(JAVA_INT, 0);
        }

        String spelling() {
            try {
                return string((MemorySegment) getTypeSpelling.invokeExact((SegmentAllocator) ARENA, segment));
            } catch (Throwable t) {
                throw rethrow(t);
            }
        }

        Type canonical() {
            return call(getCanonicalType);
        }

        Type pointee() {
            return call(getPointeeType);
        }

        Type resultType() {
            return call(getResultType);
        }

        Type arrayElementType() {
            return call(getArrayElementType);
        }

        long arraySize() {
            try {
                return (long) getArraySize.invokeExact(segment);
            } catch (Throwable t) {
                throw rethrow(t);
            }
        }

        int argumentCount() {
            try {
                return (int) getNumArgTypes.invokeExact(segment);
            } catch (Throwable t) {
                throw rethrow(t);
            }
        }

        Type argument(int i) {
            try {
                return new Type((MemorySegment) getArgType.invokeExact((SegmentAllocator) ARENA, segment, i));
            } catch (Throwable t) {
                throw rethrow(t);
            }
        }

        boolean isVariadic() {
            try {
                return (int) isFunctionTypeVariadic.invokeExact(segment) != 0;
            } catch (Throwable t) {
                throw rethrow(t);
            }
        }

        Cursor declaration() {
            try {
                return new Cursor((MemorySegment) getTypeDeclaration.invokeExact((SegmentAllocator) ARENA, segment));
            } catch (Throwable t) {
                throw rethrow(t);
            }
        }

        /** Offset in bits of the named field in this record, also one of an anonymous member; or a negative CXTypeLayoutError. */
        long offsetOf(String field) {
            try {
                return (long) typeGetOffsetOf.invokeExact(segment, ARENA.allocateFrom(field));
            } catch (Throwable t) {
                throw rethrow(t);
            }
        }

        /** Size in bytes, or a negative CXTypeLayoutError for incomplete or dependent types. */
        long size() {
            try {
                return (long) typeGetSizeOf.invokeExact(segment);
            } catch (Throwable t) {
                throw rethrow(t);
            }
        }

        long alignment() {
            try {
                return (long) typeGetAlignOf.invokeExact(segment);
            } catch (Throwable t) {
                throw rethrow(t);
            }
        }

        private Type call(MethodHandle handle) {
            try {
                return new Type((MemorySegment) handle.invokeExact((SegmentAllocator) ARENA, segment));
            } catch (Throwable t) {
                throw rethrow(t);
            }
        }
    }
}
