/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets;

import io.github.panamasockets.generated.sockets_h;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

import static io.github.panamasockets.generated.sockets_h.C_INT;
import static io.github.panamasockets.generated.sockets_h.C_LONG;
import static io.github.panamasockets.generated.sockets_h.C_POINTER;
import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * What jextract does not give: the exact {@code errno} of each call.
 *
 * <p>Between a downcall and the Java code that reads {@code errno} the JVM runs code of its own
 * (GC, safepoints, class loading) that may overwrite it. So each call that can fail is linked
 * again, with the generated descriptor and the generated lookup's symbol, with
 * {@code captureCallState("errno")}: the
 * linker copies {@code errno} into a segment right after the call returns, before the JVM can
 * touch it. The segment is per thread and reused, so a call allocates nothing of its own (the
 * JDK's check of the segment does when the call runs interpreted or compiled by C1: see
 * {@link #forkedChild}). As in C, a call
 * that fails (returns a negative value) sets this thread's {@link #errno()}; one that succeeds
 * leaves it as it was.
 *
 * <p>The methods have the C names and the generated signatures, so a program imports the ones it
 * needs by name, which shadows the generated, non-capturing calls of the same name:
 * <pre>{@code
 * import static io.github.panamasockets.generated.sockets_h.*;
 * import static io.github.panamasockets.Errno.socket;
 * import static io.github.panamasockets.Errno.perror;
 * }</pre>
 * and then reads as C does: {@code if ((sock = socket(PF_INET(), SOCK_STREAM(), IPPROTO_TCP())) < 0) ...}.
 *
 * <p>{@link #perror} makes C's message: it writes the captured value back through
 * {@code __errno_location()} immediately before calling libc's {@code perror}.
 */
public final class Errno {

    private static final Linker LINKER = Linker.nativeLinker();
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");
    private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final long ERRNO_OFFSET = CAPTURE_LAYOUT.byteOffset(groupElement("errno"));

    /**
     * A thread's errno as C would see it. The linker captures errno after every call, but C's
     * errno changes only when a call fails: after a call that succeeds, the captured value is
     * whatever the JVM last left there (often ENOENT from loading a class). So the captured value
     * becomes this thread's errno only when a call returns a negative value, which is how every
     * call here reports failure; it starts at 0, as C's does.
     */
    private static final class State {
        /** Where the linker writes errno; allocated once per thread, reused by every call. */
        final MemorySegment captured = Arena.ofAuto().allocate(CAPTURE_LAYOUT);
        /**
         * This thread's C errno ({@code __errno_location()}), looked up once, when first needed
         * ({@link #perror}, or {@link #prepareThread} before a fork): a downcall that returns a
         * pointer makes a new segment object each time, and {@link #perror} in a forked child
         * must allocate nothing. A child of fork() is a copy of the thread that forked, at the
         * same addresses, so the location stays right there. A program that never fails never
         * links {@code __errno_location} (one downcall stub less at start-up).
         */
        private MemorySegment errnoLocation;
        int errno;

        MemorySegment errnoLocation() {
            if (errnoLocation == null) {
                errnoLocation = sockets_h.__errno_location();
            }
            return errnoLocation;
        }

        /** Keeps the captured errno if the call failed; returns the call's result unchanged. */
        int failed(int result) {
            if (result < 0) {
                errno = captured.get(JAVA_INT, ERRNO_OFFSET);
            }
            return result;
        }

        long failed(long result) {
            if (result < 0) {
                errno = captured.get(JAVA_INT, ERRNO_OFFSET);
            }
            return result;
        }

        /** In a forked child, after a plain downcall: keeps C's errno, read at once, if the call failed. */
        int failedInChild(int result) {
            if (result < 0) {
                errno = errnoLocation().get(JAVA_INT, 0);
            }
            return result;
        }

        long failedInChild(long result) {
            if (result < 0) {
                errno = errnoLocation().get(JAVA_INT, 0);
            }
            return result;
        }
    }

    private static final ThreadLocal<State> STATE = ThreadLocal.withInitial(State::new);

    /**
     * True in a child of {@link JvmFork#fork} (and while {@link JvmFork#rehearse} runs a child's
     * path). A capturing downcall allocates a small object on each call when it runs interpreted
     * or by C1 (the JDK slices the capture segment: {@code SharedUtils.checkCaptureSegment}), and
     * a forked child must allocate nothing: a child whose copy of the heap has no room left would
     * ask for a GC that no thread of it can run. So in a child each call is the generated, plain
     * downcall, and errno is read from {@code __errno_location()} at once after it: a child has no
     * other thread, no safepoint, no GC and nothing left to load that could change errno in
     * between (which is why a whole JVM needs the capture).
     */
    static boolean forkedChild;

    /** For {@link JvmFork}: a capturing {@code ()int} downcall (fork, or its stand-in) on this thread's state. */
    static int callCapturing(MethodHandle handle) throws Throwable {
        State state = STATE.get();
        return state.failed((int) handle.invokeExact(state.captured));
    }

    /** For {@link JvmFork}: sets this thread's errno, as a failing call would. */
    static void setErrno(int value) {
        STATE.get().errno = value;
    }

    /** For {@link JvmFork}: makes this thread's state now, so that a child of it never has to. */
    static void prepareThread() {
        STATE.get().errnoLocation();
        Perror.handle.type();
    }

    private Errno() {
    }

    /**
     * Where the generated bindings find their symbols (sockets_h$shared's lookup, the same two
     * lookups in the same order): the class loader's libraries first, then libc.
     */
    static final SymbolLookup SYMBOLS = SymbolLookup.loaderLookup().or(LINKER.defaultLookup());

    /**
     * A downcall handle like the generated one, which also captures errno into its first argument.
     * The descriptor is the generated one, written out again in the holder class
     * (ErrnoDescriptorsTest checks that each equals {@code sockets_h.NAME$descriptor()}, and the
     * symbol the generated address): asking sockets_h for it would
     * initialise the generated holder class, which links a plain handle as well, a second
     * downcall stub that a program calling through this class never uses (~5 ms of start-up each).
     */
    static MethodHandle capturing(String name, FunctionDescriptor descriptor) {
        MemorySegment address = SYMBOLS.find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("unresolved symbol: " + name));
        return LINKER.downcallHandle(address, descriptor, CAPTURE_ERRNO);
    }

    /** This thread's errno: what the last call of this class that failed on this thread set, or 0. */
    public static int errno() {
        return STATE.get().errno;
    }

    /** libc's {@code perror}, printing the message for the errno of the last capturing call of this thread. */
    public static void perror(MemorySegment s) {
        // Everything that may run JVM code of its own (the thread-local lookup, the first linking
        // of perror, which loads classes and so makes syscalls that set errno) happens before
        // errno is written; after the write comes the perror downcall alone.
        State state = STATE.get();
        int errno = state.errno;
        MethodHandle perror = Perror.handle;
        MemorySegment errnoLocation = state.errnoLocation();
        errnoLocation.set(JAVA_INT, 0, errno);
        try {
            perror.invokeExact(s);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    /**
     * perror's downcall, linked on first use. Not final: while {@link JvmFork#rehearse} runs a
     * child's path in the parent, it is a stand-in of the same type that prints nothing, so that
     * the call site above is linked, and everything behind it run, before any child needs it.
     */
    static final class Perror {
        static MethodHandle handle = sockets_h.perror$handle();

        private Perror() {
        }
    }

    private static AssertionError unreachable(Throwable t) {
        return new AssertionError("should not reach here", t);
    }

    // One holder class a function: a handle is linked on first use only, as jextract does.

    private static final class socket {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_INT, C_INT);
        static final MethodHandle HANDLE = capturing("socket", DESC);
    }

    public static int socket(int domain, int type, int protocol) {
        State state = STATE.get();
        try {
            if (forkedChild) {
                return state.failedInChild((int) sockets_h.socket$handle().invokeExact(domain, type, protocol));
            }
            return state.failed((int) socket.HANDLE.invokeExact(state.captured, domain, type, protocol));
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class bind {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_INT);
        static final MethodHandle HANDLE = capturing("bind", DESC);
    }

    public static int bind(int fd, MemorySegment addr, int len) {
        State state = STATE.get();
        try {
            if (forkedChild) {
                return state.failedInChild((int) sockets_h.bind$handle().invokeExact(fd, addr, len));
            }
            return state.failed((int) bind.HANDLE.invokeExact(state.captured, fd, addr, len));
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class listen {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_INT);
        static final MethodHandle HANDLE = capturing("listen", DESC);
    }

    public static int listen(int fd, int n) {
        State state = STATE.get();
        try {
            if (forkedChild) {
                return state.failedInChild((int) sockets_h.listen$handle().invokeExact(fd, n));
            }
            return state.failed((int) listen.HANDLE.invokeExact(state.captured, fd, n));
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class accept {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = capturing("accept", DESC);
    }

    public static int accept(int fd, MemorySegment addr, MemorySegment addrLen) {
        State state = STATE.get();
        try {
            if (forkedChild) {
                return state.failedInChild((int) sockets_h.accept$handle().invokeExact(fd, addr, addrLen));
            }
            return state.failed((int) accept.HANDLE.invokeExact(state.captured, fd, addr, addrLen));
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class connect {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_INT);
        static final MethodHandle HANDLE = capturing("connect", DESC);
    }

    public static int connect(int fd, MemorySegment addr, int len) {
        State state = STATE.get();
        try {
            if (forkedChild) {
                return state.failedInChild((int) sockets_h.connect$handle().invokeExact(fd, addr, len));
            }
            return state.failed((int) connect.HANDLE.invokeExact(state.captured, fd, addr, len));
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class send {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_LONG, C_INT, C_POINTER, C_LONG, C_INT);
        static final MethodHandle HANDLE = capturing("send", DESC);
    }

    public static long send(int fd, MemorySegment buf, long n, int flags) {
        State state = STATE.get();
        try {
            if (forkedChild) {
                return state.failedInChild((long) sockets_h.send$handle().invokeExact(fd, buf, n, flags));
            }
            return state.failed((long) send.HANDLE.invokeExact(state.captured, fd, buf, n, flags));
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class recv {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_LONG, C_INT, C_POINTER, C_LONG, C_INT);
        static final MethodHandle HANDLE = capturing("recv", DESC);
    }

    public static long recv(int fd, MemorySegment buf, long n, int flags) {
        State state = STATE.get();
        try {
            if (forkedChild) {
                return state.failedInChild((long) sockets_h.recv$handle().invokeExact(fd, buf, n, flags));
            }
            return state.failed((long) recv.HANDLE.invokeExact(state.captured, fd, buf, n, flags));
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class sendto {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_LONG, C_INT, C_POINTER, C_LONG, C_INT, C_POINTER, C_INT);
        static final MethodHandle HANDLE = capturing("sendto", DESC);
    }

    public static long sendto(int fd, MemorySegment buf, long n, int flags, MemorySegment addr, int addrLen) {
        State state = STATE.get();
        try {
            if (forkedChild) {
                return state.failedInChild((long) sockets_h.sendto$handle().invokeExact(fd, buf, n, flags, addr, addrLen));
            }
            return state.failed((long) sendto.HANDLE.invokeExact(state.captured, fd, buf, n, flags, addr, addrLen));
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class recvfrom {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_LONG, C_INT, C_POINTER, C_LONG, C_INT, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = capturing("recvfrom", DESC);
    }

    public static long recvfrom(int fd, MemorySegment buf, long n, int flags, MemorySegment addr, MemorySegment addrLen) {
        State state = STATE.get();
        try {
            if (forkedChild) {
                return state.failedInChild((long) sockets_h.recvfrom$handle().invokeExact(fd, buf, n, flags, addr, addrLen));
            }
            return state.failed((long) recvfrom.HANDLE.invokeExact(state.captured, fd, buf, n, flags, addr, addrLen));
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class close {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT);
        static final MethodHandle HANDLE = capturing("close", DESC);
    }

    public static int close(int fd) {
        State state = STATE.get();
        try {
            if (forkedChild) {
                return state.failedInChild((int) sockets_h.close$handle().invokeExact(fd));
            }
            return state.failed((int) close.HANDLE.invokeExact(state.captured, fd));
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class shutdown {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_INT);
        static final MethodHandle HANDLE = capturing("shutdown", DESC);
    }

    public static int shutdown(int fd, int how) {
        State state = STATE.get();
        try {
            if (forkedChild) {
                return state.failedInChild((int) sockets_h.shutdown$handle().invokeExact(fd, how));
            }
            return state.failed((int) shutdown.HANDLE.invokeExact(state.captured, fd, how));
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class setsockopt {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_INT, C_INT, C_POINTER, C_INT);
        static final MethodHandle HANDLE = capturing("setsockopt", DESC);
    }

    public static int setsockopt(int fd, int level, int optname, MemorySegment optval, int optlen) {
        State state = STATE.get();
        try {
            if (forkedChild) {
                return state.failedInChild((int) sockets_h.setsockopt$handle().invokeExact(fd, level, optname, optval, optlen));
            }
            return state.failed((int) setsockopt.HANDLE.invokeExact(state.captured, fd, level, optname, optval, optlen));
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class getsockopt {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_INT, C_INT, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = capturing("getsockopt", DESC);
    }

    public static int getsockopt(int fd, int level, int optname, MemorySegment optval, MemorySegment optlen) {
        State state = STATE.get();
        try {
            if (forkedChild) {
                return state.failedInChild((int) sockets_h.getsockopt$handle().invokeExact(fd, level, optname, optval, optlen));
            }
            return state.failed((int) getsockopt.HANDLE.invokeExact(state.captured, fd, level, optname, optval, optlen));
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class getsockname {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = capturing("getsockname", DESC);
    }

    public static int getsockname(int fd, MemorySegment addr, MemorySegment len) {
        State state = STATE.get();
        try {
            if (forkedChild) {
                return state.failedInChild((int) sockets_h.getsockname$handle().invokeExact(fd, addr, len));
            }
            return state.failed((int) getsockname.HANDLE.invokeExact(state.captured, fd, addr, len));
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class fork {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT);
        static final MethodHandle HANDLE = capturing("fork", DESC);
    }

    public static int fork() {
        State state = STATE.get();
        try {
            if (forkedChild) {
                return state.failedInChild((int) sockets_h.fork$handle().invokeExact());
            }
            return state.failed((int) fork.HANDLE.invokeExact(state.captured));
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class waitpid {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_INT);
        static final MethodHandle HANDLE = capturing("waitpid", DESC);
    }

    public static int waitpid(int pid, MemorySegment statLoc, int options) {
        State state = STATE.get();
        try {
            if (forkedChild) {
                return state.failedInChild((int) sockets_h.waitpid$handle().invokeExact(pid, statLoc, options));
            }
            return state.failed((int) waitpid.HANDLE.invokeExact(state.captured, pid, statLoc, options));
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class select {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_POINTER, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = capturing("select", DESC);
    }

    public static int select(int nfds, MemorySegment readfds, MemorySegment writefds, MemorySegment exceptfds,
                             MemorySegment timeout) {
        State state = STATE.get();
        try {
            if (forkedChild) {
                return state.failedInChild((int) sockets_h.select$handle().invokeExact(nfds, readfds, writefds, exceptfds, timeout));
            }
            return state.failed((int) select.HANDLE.invokeExact(state.captured, nfds, readfds, writefds, exceptfds, timeout));
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class read {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_LONG, C_INT, C_POINTER, C_LONG);
        static final MethodHandle HANDLE = capturing("read", DESC);
    }

    public static long read(int fd, MemorySegment buf, long nbytes) {
        State state = STATE.get();
        try {
            if (forkedChild) {
                return state.failedInChild((long) sockets_h.read$handle().invokeExact(fd, buf, nbytes));
            }
            return state.failed((long) read.HANDLE.invokeExact(state.captured, fd, buf, nbytes));
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class write {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_LONG, C_INT, C_POINTER, C_LONG);
        static final MethodHandle HANDLE = capturing("write", DESC);
    }

    public static long write(int fd, MemorySegment buf, long n) {
        State state = STATE.get();
        try {
            if (forkedChild) {
                return state.failedInChild((long) sockets_h.write$handle().invokeExact(fd, buf, n));
            }
            return state.failed((long) write.HANDLE.invokeExact(state.captured, fd, buf, n));
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class fcntl {
        // fcntl is variadic: this is the shape with one int argument (F_GETFL, F_SETFL, ...)
        static final MethodHandle HANDLE = LINKER.downcallHandle(sockets_h.fcntl.address(),
                FunctionDescriptor.of(sockets_h.C_INT, sockets_h.C_INT, sockets_h.C_INT, sockets_h.C_INT),
                CAPTURE_ERRNO, Linker.Option.firstVariadicArg(2));
        static final MethodHandle PLAIN = LINKER.downcallHandle(sockets_h.fcntl.address(),
                FunctionDescriptor.of(sockets_h.C_INT, sockets_h.C_INT, sockets_h.C_INT, sockets_h.C_INT),
                Linker.Option.firstVariadicArg(2));
    }

    public static int fcntl(int fd, int cmd, int arg) {
        State state = STATE.get();
        try {
            if (forkedChild) {
                return state.failedInChild((int) fcntl.PLAIN.invokeExact(fd, cmd, arg));
            }
            return state.failed((int) fcntl.HANDLE.invokeExact(state.captured, fd, cmd, arg));
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class inet_pton {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = capturing("inet_pton", DESC);
    }

    public static int inet_pton(int af, MemorySegment cp, MemorySegment buf) {
        State state = STATE.get();
        try {
            if (forkedChild) {
                return state.failedInChild((int) sockets_h.inet_pton$handle().invokeExact(af, cp, buf));
            }
            return state.failed((int) inet_pton.HANDLE.invokeExact(state.captured, af, cp, buf));
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }
}
