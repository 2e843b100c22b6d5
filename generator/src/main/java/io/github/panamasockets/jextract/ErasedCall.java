/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.jextract;

import java.util.ArrayList;
import java.util.List;

/**
 * The one shape the C view links its calls with, where a call fits it: six {@code long}s and
 * {@link #KEPT} pointers in, a {@code long} out ({@code ERASED$}), every argument passed as a
 * variadic one ({@code VARIADIC$}). The FFM linker spins a stub class and its method-handle forms
 * once per descriptor and options, 2 to 4 ms each before a program's first call of that shape
 * (benchmarks/README.md, section 4b); with one shape a program spins them once in the JVM's
 * threads (every call there captures errno, whether or not it keeps it) and once more in a
 * forked child's path (which captures nothing), instead of once per C signature.
 *
 * <p>It is the same call, on x86-64 and AArch64 Linux (the conventions the generated bindings are
 * made for): an integer or pointer argument goes in the next of six (eight) registers whatever its
 * width or whether it is variadic, and the callee reads only the low bits of its type (a narrower
 * argument is widened as the FFM linker widens it, with sign extension), so the padding registers
 * are never read; an integer or pointer result comes back in {@code rax} ({@code x0}), narrowed
 * here as the linker narrows it. On x86-64 a variadic call also sets {@code al} to the number of
 * vector registers used, 0: a variadic callee (printf) reads it, any other ignores it. A pointer
 * argument goes twice: its address among the six, and the segment itself among the kept pointers,
 * which the callee never reads (past the six; to a variadic callee excess arguments) but which the
 * linker treats as it treats any pointer argument: a heap segment is refused, a closed or another
 * thread's confined arena too, and the arena is held open, and kept reachable, until the call
 * returns. A call with a floating-point, struct or boolean value, more than six arguments or more
 * than {@link #KEPT} pointers keeps its own descriptor; so does a variadic invoker whose layouts
 * do not fit ({@code variadicKinds$}).
 */
final class ErasedCall {

    /** The integer argument registers of x86-64's System V calling convention. */
    static final int LONGS = 6;
    /**
     * Pointers kept alive per call: select() has four. The same four for every call: keeping one for
     * the calls with at most one (a second shape) saved only 8 of the 17 instructions the NULLs and
     * padding add to a capturing recv, and cost a second stub at start (benchmarks/README.md, 4b).
     */
    static final int KEPT = 4;

    private ErasedCall() {
    }

    /** Whether a call of this signature, after {@code leading} extra int arguments, fits the shape. */
    static boolean fits(Model.Signature s, int leading) {
        if (s.variadic() || s.params().size() + leading > LONGS || pointers(s) > KEPT) {
            return false;
        }
        if (!(s.result() instanceof JType.Void) && !integral(s.result())) {
            return false;
        }
        return s.params().stream().allMatch(p -> integral(p.type()));
    }

    private static boolean integral(JType type) {
        return type == JType.Value.CHAR || type == JType.Value.SHORT || type == JType.Value.INT
                || type == JType.Value.LONG || type == JType.Value.LONG_LONG || type == JType.Value.POINTER;
    }

    /** How many of the call's fixed parameters are pointers. */
    static long pointers(Model.Signature s) {
        return s.params().stream().filter(p -> p.type() == JType.Value.POINTER).count();
    }

    /** The view's members the erased calls use: the descriptor, and the result pointer's size. */
    static String members(String h) {
        List<String> layouts = new ArrayList<>();
        layouts.add("JAVA_LONG");
        for (int i = 0; i < LONGS; i++) {
            layouts.add("JAVA_LONG");
        }
        for (int i = 0; i < KEPT; i++) {
            layouts.add("ADDRESS");
        }
        return """

                    /**
                     * The shape of every call below that fits it: six integer or pointer arguments as longs, each
                     * pointer argument's segment again, for the linker to check and hold open, and the result as
                     * a long (ErasedCall in the generator says why that is the same call). One shape, so the
                     * linker spins its classes once, not once per signature.
                     */
                    private static final FunctionDescriptor ERASED$ = FunctionDescriptor.of(%s);

                    /**
                     * Every argument of the erased shape passed as a variadic one: the same registers, and {@code al}
                     * set to the number of vector registers used (0), which a variadic callee reads and any other
                     * ignores, so printf's calls share the shape too.
                     */
                    private static final Linker.Option VARIADIC$ = Linker.Option.firstVariadicArg(0);

                    /** The size of what a returned pointer points to, as {@link %s#C_POINTER} gives it. */
                    private static final long POINTEE$ = %s.C_POINTER.targetLayout().orElseThrow().byteSize();

                    /** A returned address as the linker returns a {@code C_POINTER}. */
                    private static MemorySegment pointer$(long address) {
                        return MemorySegment.ofAddress(address).reinterpret(POINTEE$);
                    }
                """.formatted(String.join(", ", layouts), h, h);
    }

    /**
     * The arguments of an erased invocation after any prefix the linker adds (errno's capture
     * segment): the {@code leading} longs, each parameter widened to a long, zeros to six, then
     * each pointer parameter's segment and NULL to {@link #KEPT}.
     */
    static String arguments(Model.Signature s, List<String> leading) {
        List<String> longs = new ArrayList<>(leading);
        for (Model.Param p : s.params()) {
            longs.add(widened(p));
        }
        while (longs.size() < LONGS) {
            longs.add("0L");
        }
        longs.addAll(kept(s));
        return String.join(", ", longs);
    }

    /** A parameter as one of the six longs: a pointer's address, or the value widened as the linker widens it. */
    private static String widened(Model.Param p) {
        if (p.type() == JType.Value.POINTER) {
            return p.name() + ".address()";
        }
        if (p.type() == JType.Value.LONG || p.type() == JType.Value.LONG_LONG) {
            return p.name();
        }
        return "(long) " + p.name();   // sign-extended, as the linker widens an int, short or char
    }

    /** The kept pointers of a call: each pointer parameter's segment, then NULL to {@link #KEPT}. */
    private static List<String> kept(Model.Signature s) {
        List<String> kept = new ArrayList<>();
        for (Model.Param p : s.params()) {
            if (p.type() == JType.Value.POINTER) {
                kept.add(p.name());
            }
        }
        while (kept.size() < KEPT) {
            kept.add("MemorySegment.NULL");
        }
        return kept;
    }

    /** {@code raw}, a long expression, as a value of the function's result type ({@code raw} for void). */
    static String result(Model.Signature s, String raw) {
        JType r = s.result();
        if (r == JType.Value.POINTER) {
            return "pointer$(" + raw + ")";
        }
        if (r == JType.Value.INT || r == JType.Value.SHORT || r == JType.Value.CHAR) {
            return "(" + r.carrier() + ") " + raw;   // the low bits: the rest of rax is undefined
        }
        return raw;
    }

    /**
     * Whether a variadic function's invokers may take the erased shape: its fixed arguments fit it.
     * Which invokers do is decided when one is made, from its layouts ({@code variadicKinds$}).
     */
    static boolean fitsVariadic(Model.Signature s) {
        return s.variadic() && fits(new Model.Signature(s.result(), s.params(), false), 0) && s.params().size() < LONGS;
    }

    /**
     * A variadic function's erased handle: the view's one shape, its fixed arguments then the
     * variadic ones as the six longs, then the pointers. The arguments past those its format (or
     * command) reads are excess arguments, which a variadic function never reads (C11 7.21.6.1:
     * "evaluated but otherwise ignored").
     */
    static String variadicHolder() {
        return """
                        /** The erased shape (ErasedCall in the generator), for every invoker whose arguments fit it. */
                        private static final class Erased {
                            static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, ERASED$, VARIADIC$, Errno.CAPTURE);
                        }

                """;
    }

    /** The erased call of a variadic invoker whose {@code kinds} say its arguments fit, assigning {@code r$}. */
    static String variadicCall(Model.Signature s, String varargs, String indent) {
        int slots = LONGS - s.params().size();
        StringBuilder out = new StringBuilder();
        out.append(indent).append("if (").append(varargs).append(".length != kinds.length) {\n");
        out.append(indent).append("    throw new IllegalArgumentException(\"array is not of length \" + kinds.length);\n");
        out.append(indent).append("}\n");
        out.append(indent).append("long[] v$ = new long[").append(slots).append("];\n");
        out.append(indent).append("MemorySegment[] k$ = {").append(String.join(", ", kept(s))).append("};\n");
        out.append(indent).append("for (int i = 0, p = ").append(pointers(s)).append("; i < kinds.length; i++) {\n");
        out.append(indent).append("    switch (kinds[i]) {\n");
        out.append(indent).append("        case 'i' -> v$[i] = (Integer) ").append(varargs).append("[i];\n");
        out.append(indent).append("        case 'l' -> v$[i] = (Long) ").append(varargs).append("[i];\n");
        out.append(indent).append("        default -> {\n");
        out.append(indent).append("            MemorySegment m = (MemorySegment) ").append(varargs).append("[i];\n");
        out.append(indent).append("            v$[i] = m.address();\n");
        out.append(indent).append("            k$[p++] = m;\n");
        out.append(indent).append("        }\n");
        out.append(indent).append("    }\n");
        out.append(indent).append("}\n");
        List<String> args = new ArrayList<>();
        args.add("errno$.segment()");
        for (Model.Param p : s.params()) {
            args.add(widened(p));
        }
        for (int i = 0; i < slots; i++) {
            args.add("v$[" + i + "]");
        }
        for (int i = 0; i < KEPT; i++) {
            args.add("k$[" + i + "]");
        }
        out.append(indent).append("r$ = ").append(result(s, "(long) Erased.HANDLE.invokeExact(" + String.join(", ", args) + ")")).append(";\n");
        return out.toString();
    }

    /** The view's helper that decides, from an invoker's layouts, whether its calls take the erased shape. */
    static String variadicKindsMember() {
        return """

                    /**
                     * For a variadic invoker: each layout's kind in the erased shape ('i' an int, 'l' a long, 'p' a
                     * pointer), or null when they do not fit it (a double, more than {@code slots} of them, more than
                     * {@code pointers} pointers): such an invoker links its own descriptor.
                     */
                    private static byte[] variadicKinds$(MemoryLayout[] layouts, int slots, int pointers) {
                        if (layouts.length > slots) {
                            return null;
                        }
                        byte[] kinds = new byte[layouts.length];
                        for (int i = 0; i < layouts.length; i++) {
                            if (layouts[i] instanceof AddressLayout) {
                                kinds[i] = 'p';
                                if (--pointers < 0) {
                                    return null;
                                }
                            } else if (layouts[i] instanceof ValueLayout.OfInt) {
                                kinds[i] = 'i';
                            } else if (layouts[i] instanceof ValueLayout.OfLong) {
                                kinds[i] = 'l';
                            } else {
                                return null;
                            }
                        }
                        return kinds;
                    }
                """;
    }
}
