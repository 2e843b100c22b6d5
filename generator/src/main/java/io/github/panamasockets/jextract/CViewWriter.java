/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.jextract;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes the C view of the header class: {@code <header>_c extends <header>_h}, whose static
 * methods of the same names and signatures hide the header class's calls with
 *
 * <ul>
 * <li>C's errno, for each function of the errno list: the call is linked with
 *     {@code captureCallState("errno")} and, when its result says it failed, the captured value
 *     becomes the thread's errno ({@code io.github.panamasockets.Errno}), as in C;</li>
 * <li>Java signal handlers dispatched before and after each call
 *     ({@code io.github.panamasockets.SignalDispatch.poll()}, one volatile load when no signal is
 *     pending): a signal the native recorder took while the call blocked runs its Java handler
 *     before the program sees the call's result, and one taken while Java code ran runs before
 *     the next call can block;</li>
 * <li>checked pointer arguments, for every function that takes one: a heap segment, a segment of
 *     a closed arena, or one smaller than the struct it points to or the length passed beside it
 *     is an exception naming the call and the argument ({@code io.github.panamasockets.Args}),
 *     where C would read or write memory that is not there;</li>
 * <li>a nested class for each struct, union and function-pointer class, so that one static
 *     import of a subclass gives every name;</li>
 * <li>one descriptor for almost every call, {@link ErasedCall}'s, so that a program's first calls
 *     link one shape, not one per signature: every function that fits it is in the view, errno
 *     or not.</li>
 * </ul>
 *
 * Not a jextract shape: jextract has no errno. It is written from the same parse, so nothing in it
 * is typed twice; the hand-written layer above it keeps only errno's storage and its policy.
 */
final class CViewWriter {

    private final String pkg;
    private final String h;
    private final String c;
    private final ErrnoList errnoList;
    private final InlineList inlineList;

    CViewWriter(String pkg, String headerClass, String viewClass, ErrnoList errnoList, InlineList inlineList) {
        this.pkg = pkg;
        this.h = headerClass;
        this.c = viewClass;
        this.errnoList = errnoList;
        this.inlineList = inlineList;
    }

    /** {@code sockets_h} -> {@code sockets_c}. */
    static String viewClassName(String headerClass) {
        return (headerClass.endsWith("_h") ? headerClass.substring(0, headerClass.length() - 2) : headerClass) + "_c";
    }

    String write(Model.Unit unit) {
        List<Model.Function> functions = unit.members().stream()
                .filter(Model.Function.class::isInstance).map(Model.Function.class::cast).toList();
        for (String name : errnoList.conditions().keySet()) {
            if (functions.stream().noneMatch(f -> f.name().equals(name))) {
                throw new GeneratorException("errno list names " + name + ", which is not generated (not in the argfile, not found, or skipped)");
            }
        }
        for (String name : inlineList.kinds().keySet()) {
            if (functions.stream().noneMatch(f -> f.name().equals(name))) {
                throw new GeneratorException("inline list names " + name + ", which is not generated (not in the argfile, not found, or skipped)");
            }
            if (errnoList.conditions().containsKey(name)) {
                throw new GeneratorException("inline list names " + name + ", which the errno list names too: inline code sets no errno");
            }
        }
        StringBuilder out = new StringBuilder(Code.PREAMBLE.formatted(pkg));
        out.append("import io.github.panamasockets.Args;\nimport io.github.panamasockets.Errno;\nimport io.github.panamasockets.SignalDispatch;\n\n");
        out.append("""
                /**
                 * The functions of {@link %1$s} as a C program sees them: C's errno for the calls that
                 * set it, checked pointer arguments for every call that takes one, and each struct class
                 * as a nested class, so that one static import gives every name. Not a jextract shape.
                 */
                public class %2$s extends %1$s {

                    protected %2$s() {
                        // Should not be called directly
                    }
                """.formatted(h, c));
        if (inlineList.kinds().containsValue(InlineList.Kind.BSWAP)) {
            out.append("\n    /** The machine's byte order, for the byte-order functions computed in Java. */\n");
            out.append("    private static final boolean LITTLE_ENDIAN$ = java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.LITTLE_ENDIAN;\n");
        }
        out.append(ErasedCall.members(h));
        if (functions.stream().anyMatch(f -> errnoList.conditions().containsKey(f.name()) && ErasedCall.fitsVariadic(f.signature()))) {
            out.append(ErasedCall.variadicKindsMember());
        }
        for (Model.Struct struct : unit.structs()) {
            alias(out, struct.className());
        }
        for (Model.FunctionPointer pointer : unit.functionPointers()) {
            alias(out, pointer.className());
        }
        for (Model.Function f : functions) {
            ErrnoList.Condition condition = errnoList.conditions().get(f.name());
            InlineList.Kind inline = inlineList.kind(f.name());
            if (inline != null) {
                inline(out, f, inline);
            } else if (f.signature().variadic()) {
                if (condition != null) {
                    variadic(out, f, condition);
                }
            } else if (condition != null || !checks(f).isEmpty() || ErasedCall.fits(f.signature(), 0)) {
                function(out, f, condition);
            }
        }
        return out.append("}\n").toString();
    }

    private void alias(StringBuilder out, String className) {
        out.append("\n    /** {@link ").append(pkg).append(".").append(className).append("}, for a static import. */\n");
        out.append("    public static final class ").append(className).append(" extends ").append(pkg).append(".")
                .append(className).append(" {\n");
        out.append("        private ").append(className).append("() {\n        }\n    }\n");
    }

    /**
     * One {@code Args.check(...)} line per pointer parameter, with the bytes the call may touch
     * there, by the first rule that fits:
     * <ol>
     * <li>followed by two {@code size_t}: their product ({@code fread(ptr, size, n, f)});</li>
     * <li>followed by a length: {@code size_t}, {@code socklen_t} or {@code int __n}
     *     ({@code recv(fd, buf, n, ...)}, {@code bind(fd, addr, len)}, {@code fgets(s, n, f)});</li>
     * <li>followed by a {@code socklen_t *}: the length it holds ({@code accept(fd, addr, &len)});</li>
     * <li>a struct array followed by its count, {@code nfds_t} or {@code int __maxevents}:
     *     count times the struct ({@code poll}, {@code epoll_wait});</li>
     * <li>{@code void *} in a call with one {@code size_t}: that ({@code memset(s, c, n)});</li>
     * <li>else what it points to, when the bindings know its size (a struct, a scalar), or 0.</li>
     * </ol>
     */
    static List<String> checks(Model.Function f) {
        List<Model.Param> params = f.signature().params();
        long sizeParams = params.stream().filter(p -> p.cType().equals("size_t")).count();
        List<String> checks = new ArrayList<>();
        for (int i = 0; i < params.size(); i++) {
            Model.Param p = params.get(i);
            if (p.type() != JType.Value.POINTER) {
                continue;
            }
            String min = p.pointeeBytes() + "L";
            Model.Param next = i + 1 < params.size() ? params.get(i + 1) : null;
            Model.Param after = i + 2 < params.size() ? params.get(i + 2) : null;
            if (next != null && after != null && next.cType().equals("size_t") && after.cType().equals("size_t")) {
                min = "Args.times(" + next.name() + ", " + after.name() + ")";
            } else if (next != null && isLength(next)) {
                min = lengthExpression(next);
            } else if (next != null && next.cType().replace(" ", "").matches("socklen_t\\*(restrict|__restrict)?")) {
                min = "Args.lengthAt(\"" + f.name() + "\", \"" + next.name() + "\", " + next.name() + ")";
            } else if (next != null && p.pointeeBytes() > 0 && isCount(next)) {
                // a negative int count is C's EINVAL, not an overrun: it checks nothing here
                String count = next.type().carrier().equals("int") ? "Math.max(0, " + next.name() + ")" : next.name();
                min = "Args.times(" + p.pointeeBytes() + "L, " + count + ")";
            } else if (sizeParams == 1 && p.cType().contains("void *")) {
                Model.Param size = params.stream().filter(q -> q.cType().equals("size_t")).findFirst().orElseThrow();
                min = lengthExpression(size);
            }
            checks.add("Args.check(\"" + f.name() + "\", \"" + p.name() + "\", " + p.name() + ", " + min + ");");
        }
        return checks;
    }

    private static boolean isCount(Model.Param p) {
        return p.cType().equals("nfds_t") || p.cType().equals("int") && p.name().equals("__maxevents");
    }

    private static boolean isLength(Model.Param p) {
        return p.cType().equals("size_t") || p.cType().equals("socklen_t") || p.cType().equals("int") && p.name().equals("__n");
    }

    private static String lengthExpression(Model.Param p) {
        if (p.cType().equals("int")) {
            return "Math.max(0, " + p.name() + ")";   // fgets' int n: C reads nothing for n <= 0
        }
        return p.type().carrier().equals("int") ? "Integer.toUnsignedLong(" + p.name() + ")" : p.name();
    }

    private void function(StringBuilder out, Model.Function f, ErrnoList.Condition listed) {
        ErrnoList.Condition condition = listed == ErrnoList.Condition.NONE ? null : listed;
        if (ErasedCall.fits(f.signature(), condition != null && condition.restores ? 1 : 0)) {
            erasedFunction(out, f, listed);
        } else {
            exactFunction(out, f, listed);
        }
    }

    /**
     * A function linked with the one erased shape ({@link ErasedCall}). Every call in the JVM's
     * own threads goes through the capturing handle, errno or not (a call without errno ignores
     * what was captured), so a program links one shape before its first forked child; a forked
     * child's path takes the plain handle, which allocates nothing.
     */
    private void erasedFunction(StringBuilder out, Model.Function f, ErrnoList.Condition listed) {
        ErrnoList.Condition condition = listed == ErrnoList.Condition.NONE ? null : listed;
        String n = f.name();
        Model.Signature s = f.signature();
        String result = s.result().carrier();
        boolean isVoid = result.equals("void");
        boolean blocking = errnoList.blocking().contains(n);
        boolean restores = condition != null && condition.restores;
        String find = "findOrThrow(\"" + n + "\")";
        out.append("\n");
        holder(out, n + "$p", find, "ERASED$, VARIADIC$");
        // a restoring call goes through its trampoline ps_r_NAME (sockets_trampolines.c), errno put back inside it
        holder(out, n + "$c", restores ? "SignalDispatch.restoring(\"" + n + "\")" : find, "ERASED$, VARIADIC$, Errno.CAPTURE");
        if (blocking) {
            // the native trampoline (sockets_trampolines.c) that marks the thread as blocked in a call
            holder(out, n + "$t", "SignalDispatch.trampoline(\"" + n + "\")", "ERASED$, VARIADIC$, Errno.CAPTURE");
        }
        out.append(javadoc(f, listed));
        out.append("    public static ").append(result).append(" ").append(n).append("(").append(Code.parameters(s)).append(") {\n");
        for (String check : checks(f)) {
            out.append("        ").append(check).append("\n");
        }
        out.append("        SignalDispatch.poll();\n");
        out.append("        Errno.Capture errno$ = Errno.capture();\n");
        out.append("        try {\n");
        String assign = isVoid ? "long ignored$ = " : "r$ = ";
        if (!isVoid) {
            out.append("            ").append(result).append(" r$;\n");
        }
        out.append("            if (errno$.inChild()) {\n");
        String plain = condition == null ? n + "$p.HANDLE" : restore(out, condition, n + "$p.HANDLE", "                ");
        out.append("                ").append(assign).append(erasedInvoke(s, plain, false, false)).append(";\n");
        if (condition != null) {
            out.append("                if (").append(condition.test).append(") {\n");
            out.append("                    errno$.failedInChild();\n                }\n");
        }
        out.append("            } else {\n");
        String capturing = blocking ? "(SignalDispatch.direct() ? " + n + "$t.HANDLE : " + n + "$c.HANDLE)" : n + "$c.HANDLE";
        out.append("                ").append(assign).append(erasedInvoke(s, capturing, true, restores)).append(";\n");
        if (condition != null) {
            out.append("                if (").append(condition.test).append(") {\n");
            out.append("                    errno$.failed();\n                }\n");
        }
        out.append("            }\n");
        out.append("            SignalDispatch.poll();\n");
        out.append(isVoid ? "" : "            return r$;\n");
        catches(out, "        ");
        out.append("    }\n");
    }

    /**
     * An invocation of an erased handle, as an expression of the function's result type: after
     * errno's capture segment when {@code capturing}, and the program's errno as the first long
     * when {@code restores} (the restoring trampoline's first argument).
     */
    private static String erasedInvoke(Model.Signature s, String handle, boolean capturing, boolean restores) {
        String args = ErasedCall.arguments(s, restores ? List.of("(long) errno$.errno()") : List.of());
        return ErasedCall.result(s, "(long) " + handle + ".invokeExact(" + (capturing ? "errno$.segment(), " : "") + args + ")");
    }

    /** A nested class holding one downcall handle, linked when the class is first used. */
    private static void holder(StringBuilder out, String className, String address, String descriptorAndOptions) {
        out.append("    private static final class ").append(className).append(" {\n");
        out.append("        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(").append(address)
                .append(", ").append(descriptorAndOptions).append(");\n");
        out.append("    }\n\n");
    }

    private void exactFunction(StringBuilder out, Model.Function f, ErrnoList.Condition listed) {
        ErrnoList.Condition condition = listed == ErrnoList.Condition.NONE ? null : listed;
        String n = f.name();
        Model.Signature s = f.signature();
        String result = s.result().carrier();
        String args = Code.arguments(s);
        boolean blocking = errnoList.blocking().contains(n);
        out.append("\n");
        if (condition != null) {
            out.append("    private static final class ").append(n).append("$c {\n");
            out.append("        static final FunctionDescriptor DESC = ").append(Code.descriptor(s, h, "        ")).append(";\n");
            if (condition.restores) {
                // the trampoline ps_r_NAME (sockets_trampolines.c): errno put back inside the same native call
                out.append("        static final FunctionDescriptor RDESC = DESC.insertArgumentLayouts(0, ").append(h).append(".C_INT);\n");
                out.append("        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(SignalDispatch.restoring(\"")
                        .append(n).append("\"), RDESC, Errno.CAPTURE);\n");
            } else {
                out.append("        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(findOrThrow(\"")
                        .append(n).append("\"), DESC, Errno.CAPTURE);\n");
            }
            out.append("    }\n\n");
        }
        if (blocking) {
            // the native trampoline (sockets_trampolines.c) that marks the thread as blocked in a call
            holder(out, n + "$t", "SignalDispatch.trampoline(\"" + n + "\")", condition == null ? h + "." + n + "$descriptor()"
                    : condition.restores ? n + "$c.RDESC, Errno.CAPTURE" : n + "$c.DESC, Errno.CAPTURE");
        }
        out.append(javadoc(f, listed));
        out.append("    public static ").append(result).append(" ").append(n).append("(").append(Code.parameters(s)).append(") {\n");
        for (String check : checks(f)) {
            out.append("        ").append(check).append("\n");
        }
        out.append("        SignalDispatch.poll();\n");
        if (condition == null && blocking) {
            if (result.equals("void")) {
                throw new GeneratorException("errno list: " + n + " is blocking with 'none' and returns void: not supported");
            }
            out.append("        ").append(result).append(" r$;\n");
            out.append("        try {\n");
            out.append("            r$ = SignalDispatch.direct() ? (").append(result).append(") ").append(n).append("$t.HANDLE.invokeExact(")
                    .append(args).append(") : ").append(h).append(".").append(n).append("(").append(args).append(");\n");
            catches(out, "        ");
            out.append("        SignalDispatch.poll();\n");
            out.append("        return r$;\n    }\n");
            return;
        }
        if (condition == null) {
            out.append("        ").append(result.equals("void") ? "" : result + " r$ = ").append(h).append(".").append(n)
                    .append("(").append(args).append(");\n");
            out.append("        SignalDispatch.poll();\n");
            out.append(result.equals("void") ? "" : "        return r$;\n").append("    }\n");
            return;
        }
        // a restoring call takes the program's errno as its first argument: its trampoline puts it back
        String leading = condition.restores ? "errno$.segment(), errno$.errno()" : "errno$.segment()";
        String capturedArgs = args.isEmpty() ? leading : leading + ", " + args;
        String cast = "(" + result + ") ";
        out.append("        Errno.Capture errno$ = Errno.capture();\n");
        out.append("        try {\n");
        out.append("            ").append(result).append(" r$;\n");
        out.append("            if (errno$.inChild()) {\n");
        String plain = restore(out, condition, h + "." + n + "$handle()", "                ");
        out.append("                r$ = ").append(cast).append(plain).append(".invokeExact(").append(args).append(");\n");
        out.append("                if (").append(condition.test).append(") {\n");
        out.append("                    errno$.failedInChild();\n                }\n");
        out.append("            } else {\n");
        String capturing = blocking ? "(SignalDispatch.direct() ? " + n + "$t.HANDLE : " + n + "$c.HANDLE)" : n + "$c.HANDLE";
        out.append("                r$ = ").append(cast).append(capturing).append(".invokeExact(").append(capturedArgs).append(");\n");
        out.append("                if (").append(condition.test).append(") {\n");
        out.append("                    errno$.failed();\n                }\n");
        out.append("            }\n");
        out.append("            SignalDispatch.poll();\n");
        out.append("            return r$;\n");
        catches(out, "        ");
        out.append("    }\n");
    }

    /**
     * For 'always' and 'nonzero' on a forked child's path, puts the program's errno back before
     * the plain call (a child has no other thread, so nothing runs in between), and returns the
     * name of the handle to invoke. The handle is fetched first: its first use initializes a
     * class, whose loading makes system calls that would overwrite the errno just put back.
     * Elsewhere the errno goes in as the trampoline's argument ({@link #trampolines}).
     */
    private static String restore(StringBuilder out, ErrnoList.Condition condition, String handle, String indent) {
        if (!condition.restores) {
            return handle;
        }
        out.append(indent).append("MethodHandle h$ = ").append(handle).append(";\n");
        out.append(indent).append("errno$.restore();\n");
        return "h$";
    }

    private static void catches(StringBuilder out, String indent) {
        out.append(indent).append("} catch (Error | RuntimeException ex$) {\n");
        out.append(indent).append("    throw ex$;\n");
        out.append(indent).append("} catch (Throwable ex$) {\n");
        out.append(indent).append("    throw new AssertionError(\"should not reach here\", ex$);\n");
        out.append(indent).append("}\n");
    }

    /**
     * The native trampolines of the C view. {@code ps_b_<name>} for each blocking call: its C
     * declaration, the thread marked as blocked in a call for the signal recorder
     * ({@code PS_ENTER}: a handler may then run at once, inside the call, as C's does), then the
     * call. {@code ps_r_<name>} for each 'always' and 'nonzero' call: the program's errno as a
     * first argument, put back in C's errno right before the call, inside the one downcall, where
     * no JVM code (a safepoint poll's futex, class loading) can change it in between; a blocking
     * one's {@code ps_b_} takes it too. Compiled with {@code bindings/src/main/c/recorder.c}
     * (bindings/src/main/c/build).
     */
    static String trampolines(Model.Unit unit, ErrnoList list, String header) {
        boolean anyBlocking = !list.blocking().isEmpty();
        StringBuilder out = new StringBuilder("""
                /* Generated by the project's generator from %s and errno.list: do not edit.
                 * ps_b_: each blocking call of the C view, as a trampoline that tells the signal recorder the
                 * thread is inside it (recorder.c, docs/signals.md). ps_r_: each 'always' and 'nonzero' call,
                 * with the program's errno put back inside the same native call. SPDX-License-Identifier: Apache-2.0 */
                #include <errno.h>
                #include "%s"
                """.formatted(header, header));
        if (anyBlocking) {
            out.append("#include \"recorder.h\"\n");
        }
        for (Model.HeaderMember m : unit.members()) {
            if (!(m instanceof Model.Function f)) {
                continue;
            }
            ErrnoList.Condition condition = list.conditions().get(f.name());
            boolean restores = condition != null && condition.restores;
            boolean blocking = list.blocking().contains(f.name());
            if (!restores && !blocking) {
                continue;
            }
            if (f.signature().variadic() || f.signature().result().carrier().equals("void")) {
                throw new GeneratorException("errno list: " + f.name() + " is " + (blocking ? "blocking" : "'always' or 'nonzero'")
                        + " but variadic or void: no trampoline");
            }
            if (restores) {
                trampoline(out, f, "ps_r_", true, false);
            }
            if (blocking) {
                trampoline(out, f, "ps_b_", restores, true);
            }
        }
        return out.toString();
    }

    private static void trampoline(StringBuilder out, Model.Function f, String prefix, boolean restores, boolean blocking) {
        String decl = f.cDecl().strip().replaceFirst("^extern\\s+", "");
        java.util.regex.Matcher call = java.util.regex.Pattern.compile("(?<=[\\s*])" + f.name() + "\\((\\s*void\\s*\\)|\\s*\\))?").matcher(decl);
        if (!call.find()) {
            throw new GeneratorException("cannot name the trampoline of " + f.name() + " in: " + decl);
        }
        String opening = prefix + f.name() + "(" + (!restores ? (call.group(1) == null ? "" : call.group(1))
                : call.group(1) != null ? "int ps_errno)" : "int ps_errno, ");
        String renamed = decl.substring(0, call.start()) + opening + decl.substring(call.end());
        String ret = decl.substring(0, call.start()).strip();
        List<String> names = f.signature().params().stream().map(Model.Param::name).toList();
        out.append("\n").append(renamed).append("\n{\n");
        if (blocking) {
            out.append("    PS_ENTER();\n");
        }
        if (restores) {
            out.append("    errno = ps_errno;\n");
        }
        out.append("    ").append(ret).append(ret.endsWith("*") ? "" : " ").append("r = ").append(f.name()).append("(")
                .append(String.join(", ", names)).append(");\n");
        if (blocking) {
            out.append("    PS_LEAVE();\n");
        }
        out.append("    return r;\n}\n");
    }

    private String javadoc(Model.Function f, ErrnoList.Condition condition) {
        String doc = Code.javadoc("    ", null, f.cDecl());
        String note = condition == null
                ? "Pointer arguments checked; errno untouched (the call does not set it)."
                : condition == ErrnoList.Condition.NONE
                ? "errno untouched (the call does not set it); Java signal handlers dispatched around it."
                : "errno: the call's, kept when the result " + condition.words + "; pointer arguments checked.";
        if (errnoList.blocking().contains(f.name())) {
            note += " Blocking: through its trampoline once a Java handler is installed (a handler may run inside it).";
        }
        return doc.replace("     * }\n     */\n", "     * }\n     * " + note + "\n     */\n");
    }

    /** A variadic call's invoker class, as jextract's, whose calls keep errno. */
    private void variadic(StringBuilder out, Model.Function f, ErrnoList.Condition condition) {
        String n = f.name();
        Model.Signature s = f.signature();
        if (Code.returnsStruct(s) || condition.restores || condition == ErrnoList.Condition.NONE) {
            throw new GeneratorException("errno list: " + n + " is variadic and returns a struct or needs 'always' or 'nonzero': not supported");
        }
        String result = s.result().carrier();
        List<String> fixed = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Model.Param p : s.params()) {
            fixed.add(p.type().carrier() + " " + p.name());
            names.add(p.name());
        }
        String varargs = "x" + s.params().size();
        fixed.add("Object... " + varargs);
        boolean erased = ErasedCall.fitsVariadic(s);
        names.add(varargs);
        out.append("\n").append(javadoc(f, condition).replace("     * {@snippet", "     * Variadic invoker class for:\n     * {@snippet"));
        out.append("    public static class ").append(n).append(" {\n");
        out.append("        private static final FunctionDescriptor BASE_DESC = ").append(Code.descriptor(s, h, "            ")).append(";\n");
        out.append("        private static final MemorySegment ADDR = findOrThrow(\"").append(n).append("\");\n\n");
        out.append("""
                        private final MemoryLayout[] layouts;
                        private final FunctionDescriptor descriptor;
                        private final byte[] kinds; // the erased shape's: each variadic argument an int, a long or a pointer; null if not
                        private MethodHandle spreader; // linked on the first call, as a function's handle is
                        private %2$s.%1$s plain; // linked on a child path's first call: the fork rehearsal's, in the parent

                        private %1$s(MemoryLayout[] layouts, FunctionDescriptor descriptor) {
                            this.layouts = layouts;
                            this.descriptor = descriptor;
                            this.kinds = %3$s;
                        }

                        /**
                         * An invoker for the variadic arguments of these layouts, with errno capture. Linked on
                         * its first call, as the other functions' handles are: a program makes its invokers as
                         * constants at start, and links only those it calls (a usage message's, never).
                         */
                        public static %1$s makeInvoker(MemoryLayout... layouts) {
                            return new %1$s(layouts.clone(), BASE_DESC.appendArgumentLayouts(layouts));
                        }

                        /** The capturing handle, linked once. */
                        private MethodHandle spreader() {
                            MethodHandle s = spreader;
                            if (s == null) {
                                Linker.Option fva$ = Linker.Option.firstVariadicArg(BASE_DESC.argumentLayouts().size());
                                var mh$ = Linker.nativeLinker().downcallHandle(ADDR, descriptor, fva$, Errno.CAPTURE);
                                spreader = s = mh$.asSpreader(Object[].class, layouts.length);
                            }
                            return s;
                        }

                        /** The plain invoker a child's path calls (no capture: docs/fork-in-a-jvm.md, step 2), linked once. */
                        private %2$s.%1$s plain() {
                            %2$s.%1$s p = plain;
                            if (p == null) {
                                plain = p = %2$s.%1$s.makeInvoker(layouts);
                            }
                            return p;
                        }

                        /** {@return the address} */
                        public static MemorySegment address() {
                            return ADDR;
                        }

                        /** {@return the specialized descriptor} */
                        public FunctionDescriptor descriptor() {
                            return descriptor;
                        }

                """.formatted(n, h, erased ? "variadicKinds$(layouts, " + (ErasedCall.LONGS - s.params().size()) + ", "
                        + (ErasedCall.KEPT - ErasedCall.pointers(s)) + ")" : "null"));
        if (erased) {
            out.append(ErasedCall.variadicHolder());
        }
        out.append("        public ").append(result).append(" apply(").append(String.join(", ", fixed)).append(") {\n");
        for (String check : checks(f)) {
            out.append("            ").append(check).append("\n");
        }
        String joined = String.join(", ", names);
        out.append("            SignalDispatch.poll();\n");
        out.append("            Errno.Capture errno$ = Errno.capture();\n");
        out.append("            try {\n");
        out.append("                ").append(result).append(" r$;\n");
        out.append("                if (errno$.inChild()) {\n");
        out.append("                    r$ = plain().apply(").append(joined).append(");\n");
        out.append("                    if (").append(condition.test).append(") {\n");
        out.append("                        errno$.failedInChild();\n                    }\n");
        out.append(erased ? "                } else if (kinds == null) {\n" : "                } else {\n");
        out.append("                    r$ = (").append(result).append(") spreader().invokeExact(errno$.segment(), ").append(joined).append(");\n");
        if (erased) {
            out.append("                    if (").append(condition.test).append(") {\n");
            out.append("                        errno$.failed();\n                    }\n");
            out.append("                } else {\n");
            out.append(ErasedCall.variadicCall(s, varargs, "                    "));
        }
        out.append("                    if (").append(condition.test).append(") {\n");
        out.append("                        errno$.failed();\n                    }\n");
        out.append("                }\n");
        out.append("                SignalDispatch.poll();\n");
        out.append("                return r$;\n");
        catches(out, "            ");
        out.append("        }\n    }\n");
    }

    static Map.Entry<String, String> file(String pkg, String headerClass, ErrnoList list, InlineList inline, Model.Unit unit) {
        String view = viewClassName(headerClass);
        return Map.entry(view, new CViewWriter(pkg, headerClass, view, list, inline).write(unit));
    }

    /**
     * A function of the inline list, computed in Java with no downcall, as an optimised C program
     * computes it with no call: glibc's byte-order macros, gcc's builtin memset. A fill into an
     * address of unknown size (a zero-length segment, NULL among them) is C's own call: Java code
     * cannot write there safely, and C's memset faults where C's would.
     */
    private void inline(StringBuilder out, Model.Function f, InlineList.Kind kind) {
        String n = f.name();
        Model.Signature s = f.signature();
        List<Model.Param> params = s.params();
        String result = s.result().carrier();
        out.append("\n");
        switch (kind) {
            case BSWAP -> {
                boolean fits = !s.variadic() && params.size() == 1 && params.get(0).type().carrier().equals(result)
                        && (result.equals("short") || result.equals("int"));
                if (!fits) {
                    throw new GeneratorException("inline list: " + n + " is bswap, which needs uint16_t " + n
                            + "(uint16_t) or uint32_t " + n + "(uint32_t), got: " + f.cDecl());
                }
                String box = result.equals("short") ? "Short" : "Integer";
                String p = params.get(0).name();
                out.append(Code.javadoc("    ", null, f.cDecl()).replace("     * }\n     */\n",
                        "     * }\n     * Computed in Java, no call: with optimisation glibc's header makes it inline code: its bytes\n"
                                + "     * swapped on a little-endian machine, unchanged on a big-endian one.\n     */\n"));
                out.append("    public static ").append(result).append(" ").append(n).append("(").append(Code.parameters(s)).append(") {\n");
                out.append("        return LITTLE_ENDIAN$ ? ").append(box).append(".reverseBytes(").append(p).append(") : ").append(p).append(";\n");
                out.append("    }\n");
            }
            case FILL -> {
                boolean fits = !s.variadic() && params.size() == 3 && result.equals("MemorySegment")
                        && JType.Value.POINTER.equals(params.get(0).type()) && params.get(1).type().carrier().equals("int")
                        && params.get(2).cType().equals("size_t");
                if (!fits) {
                    throw new GeneratorException("inline list: " + n + " is fill, which needs void *" + n
                            + "(void *, int, size_t), got: " + f.cDecl());
                }
                String p = params.get(0).name(), v = params.get(1).name(), len = params.get(2).name();
                out.append(Code.javadoc("    ", null, f.cDecl()).replace("     * }\n     */\n",
                        "     * }\n     * Computed in Java, no call: with optimisation gcc makes it inline code (its builtin). Pointer\n"
                                + "     * arguments checked; an address of unknown size (a zero-length segment) goes to C's call.\n     */\n"));
                out.append("    public static MemorySegment ").append(n).append("(").append(Code.parameters(s)).append(") {\n");
                for (String check : checks(f)) {
                    out.append("        ").append(check).append("\n");
                }
                out.append("        if (").append(p).append(".byteSize() == 0) {\n");
                out.append("            SignalDispatch.poll();\n");
                out.append("            MemorySegment r$ = ").append(h).append(".").append(n).append("(").append(Code.arguments(s)).append(");\n");
                out.append("            SignalDispatch.poll();\n");
                out.append("            return r$;\n");
                out.append("        }\n");
                out.append("        ").append(p).append(".asSlice(0, ").append(len).append(").fill((byte) ").append(v).append(");\n");
                out.append("        return ").append(p).append(";\n");
                out.append("    }\n");
            }
        }
    }
}
