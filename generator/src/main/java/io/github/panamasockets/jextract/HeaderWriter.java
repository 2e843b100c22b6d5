/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.jextract;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Writes the header class (functions, typedefs, constants, globals) and its shared base
 * ({@code <header>$shared}: the C_* layouts and the helpers every generated class uses),
 * in the shape jextract emits.
 */
final class HeaderWriter {

    private final String pkg;
    private final String h;

    HeaderWriter(String pkg, String headerClass) {
        this.pkg = pkg;
        this.h = headerClass;
    }

    String shared() {
        return Code.PREAMBLE.formatted(pkg) + """
                /**
                 * Layouts of the C primitive types and the helpers shared by the generated classes.
                 */
                public class %1$s$shared {

                    %1$s$shared() {
                        // Should not be called directly
                    }

                    static final Arena LIBRARY_ARENA = Arena.ofAuto();
                    static final boolean TRACE_DOWNCALLS = Boolean.getBoolean("jextract.trace.downcalls");

                    static void traceDowncall(String name, Object... args) {
                         String traceArgs = Arrays.stream(args)
                                       .map(Object::toString)
                                       .collect(Collectors.joining(", "));
                         System.out.printf("%%s(%%s)\\n", name, traceArgs);
                    }

                    static MemorySegment findOrThrow(String symbol) {
                        return SYMBOL_LOOKUP.find(symbol)
                            .orElseThrow(() -> new UnsatisfiedLinkError("unresolved symbol: " + symbol));
                    }

                    static MethodHandle upcallHandle(Class<?> fi, String name, FunctionDescriptor fdesc) {
                        try {
                            return MethodHandles.lookup().findVirtual(fi, name, fdesc.toMethodType());
                        } catch (ReflectiveOperationException ex) {
                            throw new AssertionError(ex);
                        }
                    }

                    static MemoryLayout align(MemoryLayout layout, long align) {
                        return switch (layout) {
                            case PaddingLayout p -> p;
                            case ValueLayout v -> v.withByteAlignment(align);
                            case GroupLayout g -> {
                                MemoryLayout[] alignedMembers = g.memberLayouts().stream()
                                        .map(m -> align(m, align)).toArray(MemoryLayout[]::new);
                                yield g instanceof StructLayout ?
                                        MemoryLayout.structLayout(alignedMembers) : MemoryLayout.unionLayout(alignedMembers);
                            }
                            case SequenceLayout s -> MemoryLayout.sequenceLayout(s.elementCount(), align(s.elementLayout(), align));
                        };
                    }

                    static final SymbolLookup SYMBOL_LOOKUP = SymbolLookup.loaderLookup()
                            .or(Linker.nativeLinker().defaultLookup());

                    public static final ValueLayout.OfBoolean C_BOOL = ValueLayout.JAVA_BOOLEAN;
                    public static final ValueLayout.OfByte C_CHAR = ValueLayout.JAVA_BYTE;
                    public static final ValueLayout.OfShort C_SHORT = ValueLayout.JAVA_SHORT;
                    public static final ValueLayout.OfInt C_INT = ValueLayout.JAVA_INT;
                    public static final ValueLayout.OfLong C_LONG_LONG = ValueLayout.JAVA_LONG;
                    public static final ValueLayout.OfFloat C_FLOAT = ValueLayout.JAVA_FLOAT;
                    public static final ValueLayout.OfDouble C_DOUBLE = ValueLayout.JAVA_DOUBLE;
                    public static final AddressLayout C_POINTER = ValueLayout.ADDRESS
                            .withTargetLayout(MemoryLayout.sequenceLayout(java.lang.Long.MAX_VALUE, JAVA_BYTE));
                    public static final ValueLayout.OfLong C_LONG = ValueLayout.JAVA_LONG;
                }
                """.formatted(h);
    }

    String header(List<Model.HeaderMember> members) {
        StringBuilder out = new StringBuilder(Code.PREAMBLE.formatted(pkg));
        out.append("public class ").append(h).append(" extends ").append(h).append("$shared {\n\n");
        out.append("    ").append(h).append("() {\n        // Should not be called directly\n    }\n");
        Set<String> holders = members.stream().filter(Model.Function.class::isInstance)
                .map(m -> ((Model.Function) m).name()).collect(Collectors.toSet());
        for (Model.HeaderMember member : members) {
            out.append("\n");
            switch (visible(member, holders)) {
                case Model.Function f when f.signature().variadic() -> variadic(out, f);
                case Model.Function f -> function(out, f);
                case Model.Typedef t -> typedef(out, t);
                case Model.Constant c -> constant(out, c);
                case Model.Global g -> global(out, g);
            }
        }
        return out.append("}\n").toString();
    }

    /**
     * A function's holder class ({@code private static class tally}) shadows a struct class of the
     * same name (struct tally beside tally(), as struct sigaction beside sigaction()) throughout the
     * header class: there that struct is named by its qualified name, or its layout would not compile.
     */
    private Model.HeaderMember visible(Model.HeaderMember member, Set<String> holders) {
        return switch (member) {
            case Model.Function f -> {
                Model.Signature s = f.signature();
                List<Model.Param> params = s.params().stream()
                        .map(p -> new Model.Param(p.name(), visible(p.type(), holders), p.cType(), p.pointeeBytes())).toList();
                yield new Model.Function(f.name(), new Model.Signature(visible(s.result(), holders), params, s.variadic()),
                        f.cDecl());
            }
            case Model.Global g -> new Model.Global(g.name(), visible(g.type(), holders), g.cDecl());
            default -> member;
        };
    }

    private JType visible(JType type, Set<String> holders) {
        return switch (type) {
            case JType.Struct s when holders.contains(s.className()) && !pkg.isEmpty() -> new JType.Struct(pkg + "." + s.className());
            case JType.Array a -> new JType.Array(visible(a.element(), holders), a.count());
            default -> type;
        };
    }

    private void function(StringBuilder out, Model.Function f) {
        String n = f.name();
        Model.Signature s = f.signature();
        out.append("    private static class ").append(n).append(" {\n");
        out.append("        public static final FunctionDescriptor DESC = ").append(Code.descriptor(s, h, "        ")).append(";\n\n");
        out.append("        public static final MemorySegment ADDR = ").append(h).append(".findOrThrow(\"").append(n).append("\");\n\n");
        out.append("        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);\n");
        out.append("    }\n\n");
        out.append(Code.javadoc("    ", "Function descriptor for:", f.cDecl()));
        out.append("    public static FunctionDescriptor ").append(n).append("$descriptor() {\n");
        out.append("        return ").append(n).append(".DESC;\n    }\n\n");
        out.append(Code.javadoc("    ", "Downcall method handle for:", f.cDecl()));
        out.append("    public static MethodHandle ").append(n).append("$handle() {\n");
        out.append("        return ").append(n).append(".HANDLE;\n    }\n\n");
        out.append(Code.javadoc("    ", "Address for:", f.cDecl()));
        out.append("    public static MemorySegment ").append(n).append("$address() {\n");
        out.append("        return ").append(n).append(".ADDR;\n    }\n\n");
        out.append(Code.javadoc("    ", null, f.cDecl()));
        out.append("    public static ").append(s.result().carrier()).append(" ").append(n).append("(")
                .append(Code.parameters(s)).append(") {\n");
        out.append("        var mh$ = ").append(n).append(".HANDLE;\n");
        out.append("        try {\n");
        out.append("            if (TRACE_DOWNCALLS) {\n");
        out.append("                traceDowncall(\"").append(n).append("\"").append(trace(s)).append(");\n");
        out.append("            }\n");
        out.append("            ").append(Code.returnCast(s)).append("mh$.invokeExact(").append(Code.arguments(s)).append(");\n");
        out.append("        } catch (Error | RuntimeException ex$) {\n");
        out.append("           throw ex$;\n");
        out.append("        } catch (Throwable ex$) {\n");
        out.append("           throw new AssertionError(\"should not reach here\", ex$);\n");
        out.append("        }\n");
        out.append("    }\n");
    }

    private static String trace(Model.Signature s) {
        String args = Code.arguments(s);
        return args.isEmpty() ? "" : ", " + args;
    }

    private void variadic(StringBuilder out, Model.Function f) {
        String n = f.name();
        Model.Signature s = f.signature();
        List<String> fixed = new ArrayList<>();
        if (Code.returnsStruct(s)) {
            fixed.add("SegmentAllocator allocator");
        }
        for (Model.Param p : s.params()) {
            fixed.add(p.type().carrier() + " " + p.name());
        }
        String varargs = "x" + s.params().size();
        fixed.add("Object... " + varargs);
        List<String> names = new ArrayList<>();
        if (Code.returnsStruct(s)) {
            names.add("allocator");
        }
        s.params().forEach(p -> names.add(p.name()));
        names.add(varargs);
        out.append(Code.javadoc("    ", "Variadic invoker class for:", f.cDecl()));
        out.append("    public static class ").append(n).append(" {\n");
        out.append("        private static final FunctionDescriptor BASE_DESC = ")
                .append(Code.descriptor(s, h, "            ")).append(";\n");
        out.append("        private static final MemorySegment ADDR = ").append(h).append(".findOrThrow(\"").append(n).append("\");\n\n");
        out.append("""
                        private final MethodHandle handle;
                        private final FunctionDescriptor descriptor;
                        private final MethodHandle spreader;

                        private %1$s(MethodHandle handle, FunctionDescriptor descriptor, MethodHandle spreader) {
                            this.handle = handle;
                            this.descriptor = descriptor;
                            this.spreader = spreader;
                        }

                        /**
                         * Variadic invoker factory for:
                         * {@snippet lang=c :
                %2$s         * }
                         */
                        public static %1$s makeInvoker(MemoryLayout... layouts) {
                            FunctionDescriptor desc$ = BASE_DESC.appendArgumentLayouts(layouts);
                            Linker.Option fva$ = Linker.Option.firstVariadicArg(BASE_DESC.argumentLayouts().size());
                            var mh$ = Linker.nativeLinker().downcallHandle(ADDR, desc$, fva$);
                            var spreader$ = mh$.asSpreader(Object[].class, layouts.length);
                            return new %1$s(mh$, desc$, spreader$);
                        }

                        /**
                         * {@return the address}
                         */
                        public static MemorySegment address() {
                            return ADDR;
                        }

                        /**
                         * {@return the specialized method handle}
                         */
                        public MethodHandle handle() {
                            return handle;
                        }

                        /**
                         * {@return the specialized descriptor}
                         */
                        public FunctionDescriptor descriptor() {
                            return descriptor;
                        }

                """.formatted(n, indentLines(f.cDecl(), "         * ")));
        out.append("        public ").append(s.result().carrier()).append(" apply(").append(String.join(", ", fixed)).append(") {\n");
        out.append("            try {\n");
        out.append("                if (TRACE_DOWNCALLS) {\n");
        out.append("                    traceDowncall(\"").append(n).append("\", ").append(String.join(", ", names)).append(");\n");
        out.append("                }\n");
        out.append("                ").append(Code.returnCast(s)).append("spreader.invokeExact(")
                .append(String.join(", ", names)).append(");\n");
        out.append("            } catch (Error | RuntimeException ex$) {\n");
        out.append("                throw ex$; // wrong number or types of arguments, a heap segment, a closed arena\n");
        out.append("            } catch (Throwable ex$) {\n");
        out.append("               throw new AssertionError(\"should not reach here\", ex$);\n");
        out.append("            }\n");
        out.append("        }\n");
        out.append("    }\n");
    }

    private static String indentLines(String text, String prefix) {
        StringBuilder out = new StringBuilder();
        for (String line : text.split("\n")) {
            out.append(prefix).append(line).append("\n");
        }
        return out.toString();
    }

    private void typedef(StringBuilder out, Model.Typedef t) {
        out.append(Code.javadoc("    ", null, t.cDecl()));
        out.append("    public static final ").append(t.type().layoutType()).append(" ").append(t.name())
                .append(" = ").append(t.type().layout(h)).append(";\n");
    }

    private void constant(StringBuilder out, Model.Constant c) {
        String n = c.name();
        if (c.javaType().equals("MemorySegment")) {
            out.append(Code.javadoc("    ", null, c.cDecl()));
            out.append("    public static MemorySegment ").append(n).append("() {\n");
            out.append("        class Holder {\n");
            out.append("            static final MemorySegment ").append(n).append("\n");
            out.append("                = ").append(h).append(".LIBRARY_ARENA.allocateFrom(").append(c.javaValue()).append(");\n");
            out.append("        }\n");
            out.append("        return Holder.").append(n).append(";\n");
            out.append("    }\n");
            return;
        }
        out.append("    private static final ").append(c.javaType()).append(" ").append(n).append(" = ")
                .append(c.javaValue()).append(";\n");
        out.append(Code.javadoc("    ", null, c.cDecl()));
        out.append("    public static ").append(c.javaType()).append(" ").append(n).append("() {\n");
        out.append("        return ").append(n).append(";\n");
        out.append("    }\n");
    }

    private void global(StringBuilder out, Model.Global g) {
        String n = g.name();
        String holder = n + "$constants";
        String layoutType = g.type().layoutType();
        out.append("    private static class ").append(holder).append(" {\n");
        out.append("        public static final ").append(layoutType).append(" LAYOUT = ").append(g.type().layout(h)).append(";\n");
        out.append("        public static final MemorySegment SEGMENT = ").append(h).append(".findOrThrow(\"").append(n)
                .append("\").reinterpret(LAYOUT.byteSize());\n");
        out.append("    }\n\n");
        out.append(Code.javadoc("    ", "Layout for variable:", g.cDecl()));
        out.append("    public static ").append(layoutType).append(" ").append(n).append("$layout() {\n");
        out.append("        return ").append(holder).append(".LAYOUT;\n    }\n\n");
        out.append(Code.javadoc("    ", "Segment for variable:", g.cDecl()));
        out.append("    public static MemorySegment ").append(n).append("$segment() {\n");
        out.append("        return ").append(holder).append(".SEGMENT;\n    }\n\n");
        String carrier = g.type().carrier();
        out.append(Code.javadoc("    ", "Getter for variable:", g.cDecl()));
        out.append("    public static ").append(carrier).append(" ").append(n).append("() {\n");
        if (g.type() instanceof JType.Value) {
            out.append("        return ").append(holder).append(".SEGMENT.get(").append(holder).append(".LAYOUT, 0L);\n");
        } else {
            out.append("        return ").append(holder).append(".SEGMENT;\n");
        }
        out.append("    }\n\n");
        out.append(Code.javadoc("    ", "Setter for variable:", g.cDecl()));
        out.append("    public static void ").append(n).append("(").append(carrier).append(" varValue) {\n");
        if (g.type() instanceof JType.Value) {
            out.append("        ").append(holder).append(".SEGMENT.set(").append(holder).append(".LAYOUT, 0L, varValue);\n");
        } else {
            out.append("        MemorySegment.copy(varValue, 0L, ").append(holder).append(".SEGMENT, 0L, ")
                    .append(holder).append(".LAYOUT.byteSize());\n");
        }
        out.append("    }\n");
    }
}
