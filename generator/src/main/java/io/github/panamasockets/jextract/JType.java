/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.jextract;

/**
 * How a C type appears in generated Java: its layout expression, the Java carrier type of
 * its values and the static type of its layout. {@code headerClass} is substituted when the
 * expression is written, since the primitive layouts live on the header class.
 */
sealed interface JType {

    /** Layout expression, e.g. {@code sockets_h.C_INT} or {@code in_addr.layout()}. */
    String layout(String headerClass);

    /** The Java type of a value of this C type. */
    String carrier();

    /** The static type of {@link #layout}, e.g. {@code OfInt}, {@code GroupLayout}. */
    String layoutType();

    /** int, short, char, pointer, ...: one of the header class's C_* layouts. */
    record Value(String layoutName, String carrier, String layoutType) implements JType {
        static final Value BOOL = new Value("C_BOOL", "boolean", "OfBoolean");
        static final Value CHAR = new Value("C_CHAR", "byte", "OfByte");
        static final Value SHORT = new Value("C_SHORT", "short", "OfShort");
        static final Value INT = new Value("C_INT", "int", "OfInt");
        static final Value LONG = new Value("C_LONG", "long", "OfLong");
        static final Value LONG_LONG = new Value("C_LONG_LONG", "long", "OfLong");
        static final Value FLOAT = new Value("C_FLOAT", "float", "OfFloat");
        static final Value DOUBLE = new Value("C_DOUBLE", "double", "OfDouble");
        static final Value POINTER = new Value("C_POINTER", "MemorySegment", "AddressLayout");

        @Override
        public String layout(String headerClass) {
            return headerClass + "." + layoutName;
        }
    }

    /** A struct or union passed or stored by value: the generated class of that name. */
    record Struct(String className) implements JType {
        @Override
        public String layout(String headerClass) {
            return className + ".layout()";
        }

        @Override
        public String carrier() {
            return "MemorySegment";
        }

        @Override
        public String layoutType() {
            return "GroupLayout";
        }
    }

    /** A fixed-size array (only as a struct field). */
    record Array(JType element, long count) implements JType {
        @Override
        public String layout(String headerClass) {
            return "MemoryLayout.sequenceLayout(" + count + ", " + element.layout(headerClass) + ")";
        }

        @Override
        public String carrier() {
            return "MemorySegment";
        }

        @Override
        public String layoutType() {
            return "SequenceLayout";
        }

        /** The innermost element type and the dimensions, outermost first. */
        JType leaf() {
            return element instanceof Array inner ? inner.leaf() : element;
        }

        java.util.List<Long> dimensions() {
            java.util.List<Long> dims = new java.util.ArrayList<>();
            dims.add(count);
            if (element instanceof Array inner) {
                dims.addAll(inner.dimensions());
            }
            return dims;
        }
    }

    /** {@code void}, only as a function result. */
    record Void() implements JType {
        @Override
        public String layout(String headerClass) {
            throw new IllegalStateException("void has no layout");
        }

        @Override
        public String carrier() {
            return "void";
        }

        @Override
        public String layoutType() {
            throw new IllegalStateException("void has no layout");
        }
    }
}
