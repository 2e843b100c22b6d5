/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.jextract;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes a struct or union class in jextract's shape: {@code layout()} with names and explicit
 * padding, static getters and setters on a struct segment, {@code X$offset()} and
 * {@code X$layout()} per field, {@code sizeof()}, {@code allocate}, {@code reinterpret}.
 */
final class StructWriter {

    private final String pkg;
    private final String h;

    StructWriter(String pkg, String headerClass) {
        this.pkg = pkg;
        this.h = headerClass;
    }

    String write(Model.Struct struct) {
        return Code.PREAMBLE.formatted(pkg) + classText(struct, false);
    }

    /** The class of a struct; {@code nested} for the class of an unnamed struct or union field, inside its owner. */
    private String classText(Model.Struct struct, boolean nested) {
        StringBuilder out = new StringBuilder();
        out.append(Code.javadoc("", null, struct.cDecl()));
        String c = struct.className();
        String modifiers = nested ? "public static class " : "public class ";
        if (struct.superClass() != null) {
            out.append(modifiers).append(c).append(" extends ").append(struct.superClass()).append(" {\n\n");
            out.append("    ").append(c).append("() {\n        // Should not be called directly\n    }\n}\n");
            return out.toString();
        }
        out.append(modifiers).append(c).append(" {\n\n");
        out.append("    ").append(c).append("() {\n        // Should not be called directly\n    }\n\n");
        out.append("    private static final GroupLayout $LAYOUT = MemoryLayout.")
                .append(struct.union() ? "unionLayout" : "structLayout").append("(\n        ")
                .append(String.join(",\n        ", memberLayouts(struct, "        ")))
                .append("\n    ).withName(\"").append(c).append("\");\n\n");
        out.append("    /**\n     * The layout of this struct\n     */\n");
        out.append("    public static final GroupLayout layout() {\n        return $LAYOUT;\n    }\n");
        for (Model.Struct inner : struct.nested()) {
            out.append("\n").append(classText(inner, true).indent(4).replaceAll("(?m)^ +$", "").stripTrailing()).append("\n");
        }
        fields(out, struct, List.of(), 0);
        out.append("""

                    /**
                     * Obtains a slice of {@code arrayParam} which selects the array element at {@code index}.
                     * The returned segment has address {@code arrayParam.address() + index * layout().byteSize()}
                     */
                    public static MemorySegment asSlice(MemorySegment array, long index) {
                        return array.asSlice(layout().byteSize() * index);
                    }

                    /**
                     * The size (in bytes) of this struct
                     */
                    public static long sizeof() { return layout().byteSize(); }

                    /**
                     * Allocate a segment of size {@code layout().byteSize()} using {@code allocator}
                     */
                    public static MemorySegment allocate(SegmentAllocator allocator) {
                        return allocator.allocate(layout());
                    }

                    /**
                     * Allocate an array of size {@code elementCount} using {@code allocator}.
                     * The returned segment has size {@code elementCount * layout().byteSize()}.
                     */
                    public static MemorySegment allocateArray(long elementCount, SegmentAllocator allocator) {
                        return allocator.allocate(MemoryLayout.sequenceLayout(elementCount, layout()));
                    }

                    /**
                     * Reinterprets {@code addr} using target {@code arena} and {@code cleanupAction} (if any).
                     * The returned segment has size {@code layout().byteSize()}
                     */
                    public static MemorySegment reinterpret(MemorySegment addr, Arena arena, Consumer<MemorySegment> cleanup) {
                        return reinterpret(addr, 1, arena, cleanup);
                    }

                    /**
                     * Reinterprets {@code addr} using target {@code arena} and {@code cleanupAction} (if any).
                     * The returned segment has size {@code elementCount * layout().byteSize()}
                     */
                    public static MemorySegment reinterpret(MemorySegment addr, long elementCount, Arena arena, Consumer<MemorySegment> cleanup) {
                        return addr.reinterpret(layout().byteSize() * elementCount, arena, cleanup);
                    }
                }
                """);
        return out.toString();
    }

    /** The accessors of a struct's fields, an anonymous member's merged in at its offset under its layout's name. */
    private void fields(StringBuilder out, Model.Struct struct, List<String> path, long base) {
        for (Model.Field field : struct.fields()) {
            if (field.anonymous() != null) {
                List<String> inner = new ArrayList<>(path);
                inner.add(field.name());
                fields(out, field.anonymous(), inner, base + field.offset());
            } else {
                out.append("\n");
                field(out, field, path, base);
            }
        }
    }

    /** Member layouts with explicit padding wherever clang's offsets leave a gap; indent is a nested layout's. */
    private List<String> memberLayouts(Model.Struct struct, String indent) {
        List<String> layouts = new ArrayList<>();
        long end = 0;
        for (Model.Field field : struct.fields()) {
            if (!struct.union() && field.offset() > end) {
                layouts.add("MemoryLayout.paddingLayout(" + (field.offset() - end) + ")");
            }
            if (field.anonymous() != null) {
                Model.Struct inner = field.anonymous();
                layouts.add("MemoryLayout." + (inner.union() ? "unionLayout" : "structLayout") + "(\n" + indent + "    "
                        + String.join(",\n" + indent + "    ", memberLayouts(inner, indent + "    "))
                        + "\n" + indent + ").withName(\"" + field.name() + "\")");
                end = struct.union() ? Math.max(end, field.size()) : field.offset() + field.size();
                continue;
            }
            String layout = field.type().layout(h);
            if (field.misaligned()) {
                layout = h + ".align(" + layout + ", " + field.alignment() + ")";
            }
            layouts.add(layout + ".withName(\"" + field.name() + "\")");
            end = struct.union() ? Math.max(end, field.size()) : field.offset() + field.size();
        }
        if (struct.size() > end) {
            // a union's padding must cover the whole union, a struct's only its tail
            layouts.add("MemoryLayout.paddingLayout(" + (struct.union() ? struct.size() : struct.size() - end) + ")");
        }
        return layouts;
    }

    private void field(StringBuilder out, Model.Field field, List<String> anonymous, long base) {
        String n = field.name();
        String select = anonymous.stream().map(a -> "groupElement(\"" + a + "\"), ").collect(Collectors.joining())
                + "groupElement(\"" + n + "\")";
        String doc = field.cDecl();
        String layoutType = field.type().layoutType();
        if (field.pointee() != null) {
            out.append(Code.javadoc("    ", null, doc));
            out.append(Code.functionPointerClass(n, field.pointee(), h, "    ", true)).append("\n");
        }
        out.append("    private static final ").append(layoutType).append(" ").append(n).append("$LAYOUT = (")
                .append(layoutType).append(")$LAYOUT.select(").append(select).append(");\n\n");
        out.append(Code.javadoc("    ", "Layout for field:", doc));
        out.append("    public static final ").append(layoutType).append(" ").append(n).append("$layout() {\n");
        out.append("        return ").append(n).append("$LAYOUT;\n    }\n\n");
        out.append("    private static final long ").append(n).append("$OFFSET = ").append(base + field.offset()).append(";\n\n");
        out.append(Code.javadoc("    ", "Offset for field:", doc));
        out.append("    public static final long ").append(n).append("$offset() {\n");
        out.append("        return ").append(n).append("$OFFSET;\n    }\n\n");
        switch (field.type()) {
            case JType.Value v -> {
                out.append(Code.javadoc("    ", "Getter for field:", doc));
                out.append("    public static ").append(v.carrier()).append(" ").append(n).append("(MemorySegment struct) {\n");
                out.append("        return struct.get(").append(n).append("$LAYOUT, ").append(n).append("$OFFSET);\n    }\n\n");
                out.append(Code.javadoc("    ", "Setter for field:", doc));
                out.append("    public static void ").append(n).append("(MemorySegment struct, ").append(v.carrier())
                        .append(" fieldValue) {\n");
                out.append("        struct.set(").append(n).append("$LAYOUT, ").append(n).append("$OFFSET, fieldValue);\n    }\n");
            }
            case JType.Struct s -> sliceAccessors(out, n, doc);
            case JType.Array a -> {
                sliceAccessors(out, n, doc);
                arrayAccessors(out, n, doc, a, select);
            }
            case JType.Void v -> throw new IllegalStateException("void field " + n);
        }
    }

    private void sliceAccessors(StringBuilder out, String n, String doc) {
        out.append(Code.javadoc("    ", "Getter for field:", doc));
        out.append("    public static MemorySegment ").append(n).append("(MemorySegment struct) {\n");
        out.append("        return struct.asSlice(").append(n).append("$OFFSET, ").append(n).append("$LAYOUT.byteSize());\n    }\n\n");
        out.append(Code.javadoc("    ", "Setter for field:", doc));
        out.append("    public static void ").append(n).append("(MemorySegment struct, MemorySegment fieldValue) {\n");
        out.append("        MemorySegment.copy(fieldValue, 0L, struct, ").append(n).append("$OFFSET, ")
                .append(n).append("$LAYOUT.byteSize());\n    }\n");
    }

    private void arrayAccessors(StringBuilder out, String n, String doc, JType.Array array, String select) {
        List<Long> dims = array.dimensions();
        out.append("\n    private static long[] ").append(n).append("$DIMS = { ")
                .append(dims.stream().map(String::valueOf).collect(Collectors.joining(", "))).append(" };\n\n");
        out.append(Code.javadoc("    ", "Dimensions for array field:", doc));
        out.append("    public static long[] ").append(n).append("$dimensions() {\n");
        out.append("        return ").append(n).append("$DIMS;\n    }\n");
        List<String> indexParams = new ArrayList<>();
        List<String> indexArgs = new ArrayList<>();
        List<String> path = new ArrayList<>();
        path.add(select);
        for (int i = 0; i < dims.size(); i++) {
            indexParams.add("long index" + i);
            indexArgs.add("index" + i);
            path.add("sequenceElement()");
        }
        if (array.leaf() instanceof JType.Value v) {
            String params = String.join(", ", indexParams);
            String args = String.join(", ", indexArgs);
            // made at the first indexed access, not when the class loads: a layout's VarHandle costs the
            // classes the method-handle runtime spins for it (sockaddr_in's sin_zero, ~12, before listen())
            out.append("    private static final class ").append(n).append("$ELEM {\n");
            out.append("        static final VarHandle HANDLE = $LAYOUT.varHandle(").append(String.join(", ", path)).append(");\n");
            out.append("    }\n\n");
            out.append(Code.javadoc("    ", "Indexed getter for field:", doc));
            out.append("    public static ").append(v.carrier()).append(" ").append(n).append("(MemorySegment struct, ")
                    .append(params).append(") {\n");
            out.append("        return (").append(v.carrier()).append(")").append(n).append("$ELEM.HANDLE.get(struct, 0L, ")
                    .append(args).append(");\n    }\n\n");
            out.append(Code.javadoc("    ", "Indexed setter for field:", doc));
            out.append("    public static void ").append(n).append("(MemorySegment struct, ").append(params).append(", ")
                    .append(v.carrier()).append(" fieldValue) {\n");
            out.append("        ").append(n).append("$ELEM.HANDLE.set(struct, 0L, ").append(args).append(", fieldValue);\n    }\n");
        }
    }

    /** A top-level class for a function-pointer typedef. */
    String functionPointer(Model.FunctionPointer pointer) {
        return Code.PREAMBLE.formatted(pkg) + Code.javadoc("", null, pointer.cDecl())
                + Code.functionPointerClass(pointer.className(), pointer.signature(), h, "", false);
    }
}
