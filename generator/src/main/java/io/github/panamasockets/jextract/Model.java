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

    /**
     * A parameter, or a result when {@code name} is null. For a declared function's parameters
     * {@code cType} is the C type as declared ({@code size_t}, {@code socklen_t}, ...) and
     * {@code pointeeBytes} the size of what a pointer parameter points to when the bindings know it
     * (an included struct, a scalar, a pointer), else 0: what the C view checks arguments against.
     */
    record Param(String name, JType type, String cType, long pointeeBytes) {
        Param(String name, JType type) {
            this(name, type, "", 0);
        }
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
     * off its natural {@code alignment}; {@code pointee} is set when the field is a function pointer;
     * {@code anonymous} for a C11 anonymous struct or union member ({@code union { int i; float f; };}):
     * its fields are the outer struct's, as jextract merges them, and {@code name} is its layout's.
     */
    record Field(String name, JType type, long offset, long size, long alignment, boolean misaligned,
                 String cDecl, Signature pointee, Struct anonymous) {
    }

    /**
     * A struct or union: a class of its own. A typedef to another struct is a subclass of it
     * ({@code superClass}), as jextract writes it; then the field list is empty. A field whose type
     * is an unnamed struct or union ({@code union { ... } __in6_u;}) gets a nested class named after
     * the field, as jextract writes it: {@code nested}.
     */
    record Struct(String className, boolean union, long size, long alignment, List<Field> fields,
                  String superClass, String cDecl, List<Struct> nested) {
    }

    /** A typedef to a function pointer: a class with a functional interface, as jextract writes it. */
    record FunctionPointer(String className, Signature signature, String cDecl) {
    }

    /** Everything to write. */
    record Unit(List<HeaderMember> members, List<Struct> structs, List<FunctionPointer> functionPointers) {
    }
}
