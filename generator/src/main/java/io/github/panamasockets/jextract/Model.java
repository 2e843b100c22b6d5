/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.jextract;

import java.util.List;

/** What the parser found in the headers and the writers turn into Java: one record per kind of declaration. */
final class Model {

    private Model() {
    }

    /** Anything written to the header class, in the order the headers declare it. */
    sealed interface HeaderMember permits Function, Typedef, Constant, Global {
    }

    /** A parameter, or a result when {@code name} is null. */
    record Param(String name, JType type) {
    }

    /** A function signature: of a declared function, or of what a function pointer points to. */
    record Signature(JType result, List<Param> params, boolean variadic) {
    }

    /** {@code cDecl} is the C declaration, shown as Javadoc. */
    record Function(String name, Signature signature, String cDecl) implements HeaderMember {
    }

    /** A typedef to a scalar or a pointer: a layout field of the header class. */
    record Typedef(String name, JType.Value type, String cDecl) implements HeaderMember {
    }

    /** A macro or enum constant: {@code javaType} is int, long, ... or MemorySegment for a string. */
    record Constant(String name, String javaType, String javaValue, String cDecl) implements HeaderMember {
    }

    /** A global variable such as {@code stdout}. */
    record Global(String name, JType type, String cDecl) implements HeaderMember {
    }

    /**
     * A struct or union field, at {@code offset} bytes; {@code misaligned} when a packed struct puts it
     * off its natural {@code alignment}; {@code pointee} is set when the field is a function pointer.
     */
    record Field(String name, JType type, long offset, long size, long alignment, boolean misaligned,
                 String cDecl, Signature pointee) {
    }

    /**
     * A struct or union: a class of its own. A typedef to another struct is a subclass of it
     * ({@code superClass}), as jextract writes it; then the field list is empty.
     */
    record Struct(String className, boolean union, long size, long alignment, List<Field> fields,
                  String superClass, String cDecl) {
    }

    /** A typedef to a function pointer: a class with a functional interface, as jextract writes it. */
    record FunctionPointer(String className, Signature signature, String cDecl) {
    }

    /** Everything to write. */
    record Unit(List<HeaderMember> members, List<Struct> structs, List<FunctionPointer> functionPointers) {
    }
}
