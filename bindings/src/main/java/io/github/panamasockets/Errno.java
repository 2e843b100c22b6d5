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
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * What jextract does not give: the exact {@code errno} of each call.
 *
 * <p>Between a downcall and the Java code that reads {@code errno} the JVM runs code of its own
 * (GC, safepoints, class loading) that may overwrite it. So each call that can fail is linked
 * again, from the generated descriptor and address, with {@code captureCallState("errno")}: the
 * linker copies {@code errno} into a segment right after the call returns, before the JVM can
 * touch it. The segment is per thread and reused, so a call allocates nothing.
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

    /** Each thread's capture segment, allocated once on its first call and reused after. */
    private static final ThreadLocal<MemorySegment> CAPTURED =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(CAPTURE_LAYOUT));

    private Errno() {
    }

    /** A downcall handle like the generated one, which also captures errno into its first argument. */
    static MethodHandle capturing(MemorySegment address, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(address, descriptor, CAPTURE_ERRNO);
    }

    /** The errno that the last capturing call made on this thread left. */
    public static int errno() {
        return CAPTURED.get().get(JAVA_INT, ERRNO_OFFSET);
    }

    /** libc's {@code perror}, printing the message for the errno of the last capturing call of this thread. */
    public static void perror(MemorySegment s) {
        // Everything that may run JVM code of its own (the thread-local lookup, the first linking
        // of perror, which loads classes and so makes syscalls that set errno) happens before
        // errno is written; after the write comes the perror downcall alone.
        MemorySegment captured = CAPTURED.get();
        MethodHandle perror = sockets_h.perror$handle();
        MemorySegment errnoLocation = sockets_h.__errno_location();
        errnoLocation.set(JAVA_INT, 0, captured.get(JAVA_INT, ERRNO_OFFSET));
        try {
            perror.invokeExact(s);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static AssertionError unreachable(Throwable t) {
        return new AssertionError("should not reach here", t);
    }

    // One holder class a function: a handle is linked on first use only, as jextract does.

    private static final class socket {
        static final MethodHandle HANDLE = capturing(sockets_h.socket$address(), sockets_h.socket$descriptor());
    }

    public static int socket(int domain, int type, int protocol) {
        try {
            return (int) socket.HANDLE.invokeExact(CAPTURED.get(), domain, type, protocol);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class bind {
        static final MethodHandle HANDLE = capturing(sockets_h.bind$address(), sockets_h.bind$descriptor());
    }

    public static int bind(int fd, MemorySegment addr, int len) {
        try {
            return (int) bind.HANDLE.invokeExact(CAPTURED.get(), fd, addr, len);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class listen {
        static final MethodHandle HANDLE = capturing(sockets_h.listen$address(), sockets_h.listen$descriptor());
    }

    public static int listen(int fd, int n) {
        try {
            return (int) listen.HANDLE.invokeExact(CAPTURED.get(), fd, n);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class accept {
        static final MethodHandle HANDLE = capturing(sockets_h.accept$address(), sockets_h.accept$descriptor());
    }

    public static int accept(int fd, MemorySegment addr, MemorySegment addrLen) {
        try {
            return (int) accept.HANDLE.invokeExact(CAPTURED.get(), fd, addr, addrLen);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class connect {
        static final MethodHandle HANDLE = capturing(sockets_h.connect$address(), sockets_h.connect$descriptor());
    }

    public static int connect(int fd, MemorySegment addr, int len) {
        try {
            return (int) connect.HANDLE.invokeExact(CAPTURED.get(), fd, addr, len);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class send {
        static final MethodHandle HANDLE = capturing(sockets_h.send$address(), sockets_h.send$descriptor());
    }

    public static long send(int fd, MemorySegment buf, long n, int flags) {
        try {
            return (long) send.HANDLE.invokeExact(CAPTURED.get(), fd, buf, n, flags);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class recv {
        static final MethodHandle HANDLE = capturing(sockets_h.recv$address(), sockets_h.recv$descriptor());
    }

    public static long recv(int fd, MemorySegment buf, long n, int flags) {
        try {
            return (long) recv.HANDLE.invokeExact(CAPTURED.get(), fd, buf, n, flags);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class sendto {
        static final MethodHandle HANDLE = capturing(sockets_h.sendto$address(), sockets_h.sendto$descriptor());
    }

    public static long sendto(int fd, MemorySegment buf, long n, int flags, MemorySegment addr, int addrLen) {
        try {
            return (long) sendto.HANDLE.invokeExact(CAPTURED.get(), fd, buf, n, flags, addr, addrLen);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class recvfrom {
        static final MethodHandle HANDLE = capturing(sockets_h.recvfrom$address(), sockets_h.recvfrom$descriptor());
    }

    public static long recvfrom(int fd, MemorySegment buf, long n, int flags, MemorySegment addr, MemorySegment addrLen) {
        try {
            return (long) recvfrom.HANDLE.invokeExact(CAPTURED.get(), fd, buf, n, flags, addr, addrLen);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class close {
        static final MethodHandle HANDLE = capturing(sockets_h.close$address(), sockets_h.close$descriptor());
    }

    public static int close(int fd) {
        try {
            return (int) close.HANDLE.invokeExact(CAPTURED.get(), fd);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class shutdown {
        static final MethodHandle HANDLE = capturing(sockets_h.shutdown$address(), sockets_h.shutdown$descriptor());
    }

    public static int shutdown(int fd, int how) {
        try {
            return (int) shutdown.HANDLE.invokeExact(CAPTURED.get(), fd, how);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class setsockopt {
        static final MethodHandle HANDLE = capturing(sockets_h.setsockopt$address(), sockets_h.setsockopt$descriptor());
    }

    public static int setsockopt(int fd, int level, int optname, MemorySegment optval, int optlen) {
        try {
            return (int) setsockopt.HANDLE.invokeExact(CAPTURED.get(), fd, level, optname, optval, optlen);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class getsockopt {
        static final MethodHandle HANDLE = capturing(sockets_h.getsockopt$address(), sockets_h.getsockopt$descriptor());
    }

    public static int getsockopt(int fd, int level, int optname, MemorySegment optval, MemorySegment optlen) {
        try {
            return (int) getsockopt.HANDLE.invokeExact(CAPTURED.get(), fd, level, optname, optval, optlen);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class getsockname {
        static final MethodHandle HANDLE = capturing(sockets_h.getsockname$address(), sockets_h.getsockname$descriptor());
    }

    public static int getsockname(int fd, MemorySegment addr, MemorySegment len) {
        try {
            return (int) getsockname.HANDLE.invokeExact(CAPTURED.get(), fd, addr, len);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class fork {
        static final MethodHandle HANDLE = capturing(sockets_h.fork$address(), sockets_h.fork$descriptor());
    }

    public static int fork() {
        try {
            return (int) fork.HANDLE.invokeExact(CAPTURED.get());
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class waitpid {
        static final MethodHandle HANDLE = capturing(sockets_h.waitpid$address(), sockets_h.waitpid$descriptor());
    }

    public static int waitpid(int pid, MemorySegment statLoc, int options) {
        try {
            return (int) waitpid.HANDLE.invokeExact(CAPTURED.get(), pid, statLoc, options);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class select {
        static final MethodHandle HANDLE = capturing(sockets_h.select$address(), sockets_h.select$descriptor());
    }

    public static int select(int nfds, MemorySegment readfds, MemorySegment writefds, MemorySegment exceptfds,
                             MemorySegment timeout) {
        try {
            return (int) select.HANDLE.invokeExact(CAPTURED.get(), nfds, readfds, writefds, exceptfds, timeout);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class read {
        static final MethodHandle HANDLE = capturing(sockets_h.read$address(), sockets_h.read$descriptor());
    }

    public static long read(int fd, MemorySegment buf, long nbytes) {
        try {
            return (long) read.HANDLE.invokeExact(CAPTURED.get(), fd, buf, nbytes);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class write {
        static final MethodHandle HANDLE = capturing(sockets_h.write$address(), sockets_h.write$descriptor());
    }

    public static long write(int fd, MemorySegment buf, long n) {
        try {
            return (long) write.HANDLE.invokeExact(CAPTURED.get(), fd, buf, n);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class fcntl {
        // fcntl is variadic: this is the shape with one int argument (F_GETFL, F_SETFL, ...)
        static final MethodHandle HANDLE = LINKER.downcallHandle(sockets_h.fcntl.address(),
                FunctionDescriptor.of(sockets_h.C_INT, sockets_h.C_INT, sockets_h.C_INT, sockets_h.C_INT),
                CAPTURE_ERRNO, Linker.Option.firstVariadicArg(2));
    }

    public static int fcntl(int fd, int cmd, int arg) {
        try {
            return (int) fcntl.HANDLE.invokeExact(CAPTURED.get(), fd, cmd, arg);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    private static final class inet_pton {
        static final MethodHandle HANDLE = capturing(sockets_h.inet_pton$address(), sockets_h.inet_pton$descriptor());
    }

    public static int inet_pton(int af, MemorySegment cp, MemorySegment buf) {
        try {
            return (int) inet_pton.HANDLE.invokeExact(CAPTURED.get(), af, cp, buf);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }
}
