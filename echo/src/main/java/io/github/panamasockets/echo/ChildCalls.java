/* ChildCalls.java: the calls a long-lived child of TCPEchoServer-ForkN makes for every client
 * that the bindings' usual forms would make with an allocation, in shapes that make none.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.echo;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import io.github.panamasockets.JvmFork;
import io.github.panamasockets.generated.sockets_h;

import static io.github.panamasockets.Sockets.*; /* the socket API as C has it, errno and all, from one import */

/*
 * A child of TCPEchoServer-ForkN is a copy of the JVM with one thread and no GC, and it serves
 * clients for ever: one allocated byte a client would, some thousands of clients later, need a
 * new TLAB from an eden that only a GC (a thread the child does not have) could empty, and the
 * child would wait for ever (docs/fork-in-a-jvm.md). Three of its calls allocate in their
 * usual form: printf's invoker takes Object... (an array a call, and an Integer for a pid > 127),
 * and inet_ntoa's char * comes back as a new MemorySegment object every call. Here each is a
 * handle of exact shape, made once, and the char * stays the address it is (a long: the size of
 * a pointer on the 64-bit platforms the bindings support), which printf's variadic "%s" takes as
 * C does. Each invokeExact below is the only call site of its handle, so the rehearsal of the
 * child's path in the parent (TCPEchoServerForkN.prepareChildPath) links and warms exactly the
 * sites and handles the child will use, past java.lang.invoke's customisation threshold.
 */
final class ChildCalls {

    private ChildCalls() {
    }

    /* jextract's plain printf, not the errno twin of the one import: these handles capture no errno
     * (a capture allocates, docs/fork-in-a-jvm.md step 2) and the book's child never reads printf's */
    private static final MethodHandle PRINTF_D = sockets_h.printf.makeInvoker(C_INT).handle();  /* printf(fmt, int) */
    private static final MethodHandle PRINTF_S = sockets_h.printf.makeInvoker(C_LONG).handle(); /* printf(fmt, char *) */
    private static final MethodHandle INET_NTOA = Linker.nativeLinker().downcallHandle(
            inet_ntoa$address(), FunctionDescriptor.of(C_LONG, in_addr.layout())); /* char *inet_ntoa(struct in_addr) */

    /* While the parent rehearses the child's path (JvmFork.rehearsing(), on the rehearsal's
     * thread), printf gets a format that prints nothing, through the same handle, so that the
     * rehearsal writes nothing to stdout (whose buffer every child would inherit) yet runs each
     * call as the child will. */
    private static final MemorySegment NOTHING = C("");

    /** printf(format, value). */
    static int printf(MemorySegment format, int value) {
        try {
            MemorySegment fmt = JvmFork.rehearsing() ? NOTHING : format; /* a variable: invokeExact would see a ?: as Object */
            return (int) PRINTF_D.invokeExact(fmt, value);
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    /** printf(format, string) with a "%s" whose C string is at the address {@code string}. */
    static int printfAddress(MemorySegment format, long string) {
        try {
            MemorySegment fmt = JvmFork.rehearsing() ? NOTHING : format; /* a variable: invokeExact would see a ?: as Object */
            return (int) PRINTF_S.invokeExact(fmt, string);
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    /** inet_ntoa(in): the address of its static buffer (the dotted quad, NUL-terminated). */
    static long inet_ntoa(MemorySegment in) {
        try {
            return (long) INET_NTOA.invokeExact(in);
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }
}
