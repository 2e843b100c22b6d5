/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.benchmarks;

import io.github.panamasockets.generated.sockets_h;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * The FFM handles the bindings do not have, linked from the generated descriptors and addresses
 * exactly as {@code Errno} links its own:
 * <ul>
 * <li>{@code critical(false)}: no thread-state transition around the call (the call must not
 *     block for long nor call back into Java; a non-blocking recv and getpid qualify);</li>
 * <li>{@code captureCallState("errno")} for getpid, which {@code Errno} does not bind since it
 *     cannot fail, so that the trivial call can be measured with capture too;</li>
 * <li>both options together;</li>
 * <li>errno capture into a segment the caller holds (what the per-thread lookup costs);</li>
 * <li>no capture at all: recv through a C shim of native/jni's library that returns -errno, as
 *     the JNI binding does (what the JDK's capture costs against a shim's).</li>
 * </ul>
 * Capturing handles take a per-thread segment looked up on each call, as {@code Errno} does.
 */
public final class Ffm {

    private static final Linker LINKER = Linker.nativeLinker();
    private static final Linker.Option CRITICAL = Linker.Option.critical(false);
    private static final Linker.Option CAPTURE = Linker.Option.captureCallState("errno");
    private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final long ERRNO_OFFSET = CAPTURE_LAYOUT.byteOffset(groupElement("errno"));
    private static final ThreadLocal<MemorySegment> CAPTURED =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(CAPTURE_LAYOUT));

    static final MethodHandle GETPID_CRITICAL = link(sockets_h.getpid$address(), sockets_h.getpid$descriptor(), CRITICAL);
    static final MethodHandle GETPID_CAPTURE = link(sockets_h.getpid$address(), sockets_h.getpid$descriptor(), CAPTURE);
    static final MethodHandle RECV_CRITICAL = link(sockets_h.recv$address(), sockets_h.recv$descriptor(), CRITICAL);
    static final MethodHandle RECV_CAPTURE = link(sockets_h.recv$address(), sockets_h.recv$descriptor(), CAPTURE);
    static final MethodHandle SEND_CRITICAL = link(sockets_h.send$address(), sockets_h.send$descriptor(), CRITICAL);
    static final MethodHandle RECV_CRITICAL_CAPTURE = link(sockets_h.recv$address(), sockets_h.recv$descriptor(),
            CRITICAL, CAPTURE);

    static final MethodHandle RECV_SHIM = link(SymbolLookup.libraryLookup(NativeLibs.file("libpsbench.so"), Arena.global())
            .find("psbench_recv_errno").orElseThrow(), sockets_h.recv$descriptor());

    private Ffm() {
    }

    private static MethodHandle link(MemorySegment address, FunctionDescriptor descriptor, Linker.Option... options) {
        return LINKER.downcallHandle(address, descriptor, options);
    }

    public static int getpidCritical() {
        try {
            return (int) GETPID_CRITICAL.invokeExact();
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    public static int getpidCapture() {
        try {
            return (int) GETPID_CAPTURE.invokeExact(CAPTURED.get());
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    public static long recvCritical(int fd, MemorySegment buf, long n, int flags) {
        try {
            return (long) RECV_CRITICAL.invokeExact(fd, buf, n, flags);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    public static long sendCritical(int fd, MemorySegment buf, long n, int flags) {
        try {
            return (long) SEND_CRITICAL.invokeExact(fd, buf, n, flags);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    public static long recvCriticalCapture(int fd, MemorySegment buf, long n, int flags) {
        try {
            return (long) RECV_CRITICAL_CAPTURE.invokeExact(CAPTURED.get(), fd, buf, n, flags);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** A capture segment of the caller's own, for {@link #recvCapture} (no thread-local lookup per call). */
    public static MemorySegment newCaptureSegment(Arena arena) {
        return arena.allocate(CAPTURE_LAYOUT);
    }

    /** recv with errno captured into a segment the caller holds, instead of the per-thread one. */
    public static long recvCapture(MemorySegment captured, int fd, MemorySegment buf, long n, int flags) {
        try {
            return (long) RECV_CAPTURE.invokeExact(captured, fd, buf, n, flags);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** recv through the C shim: the result, or -errno. */
    public static long recvShim(int fd, MemorySegment buf, long n, int flags) {
        try {
            return (long) RECV_SHIM.invokeExact(fd, buf, n, flags);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** The errno captured into {@code captured}. */
    public static int errno(MemorySegment captured) {
        return captured.get(JAVA_INT, ERRNO_OFFSET);
    }

    /** The errno of this thread's last call through a capturing handle of this class. */
    public static int errno() {
        return CAPTURED.get().get(JAVA_INT, ERRNO_OFFSET);
    }
}
