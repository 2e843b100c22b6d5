/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets;

import io.github.panamasockets.generated.sockets_c;

import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The BSD socket API as a C program has it, from one import:
 * <pre>{@code
 * import static io.github.panamasockets.Sockets.*;
 * }</pre>
 * gives every function, constant, typedef layout, global and struct class of the bindings, each
 * call with C's errno where C has errno and with its pointer arguments checked (the generated
 * {@code sockets_c}, over jextract's {@code sockets_h}), and, written here, what a C program has
 * that no header declares as a function: {@code errno}, {@code perror} of that errno, the
 * function-like macros ({@code FD_SET}, {@code SIG_DFL}, ...), C's string literals and argv, and
 * a {@code fork()} that is safe in a JVM ({@link JvmFork}). A name here hides the generated one.
 */
public final class Sockets extends sockets_c {

    private Sockets() {
    }

    // ---- errno -------------------------------------------------------------------------------

    /** C's {@code errno}: set by the last call of this thread that failed, else 0. */
    public static int errno() {
        return Errno.errno();
    }

    /** C's {@code errno = value}. */
    public static void errno(int value) {
        Errno.errno(value);
    }

    /** C's {@code perror(s)}: {@code s}, a colon, and the message of this thread's errno, on stderr. */
    public static void perror(MemorySegment s) {
        Errno.perror(s);
    }

    // ---- processes ---------------------------------------------------------------------------

    /** {@code fork()} made safe for a JVM: see {@link JvmFork#fork}. */
    public static int fork() {
        return JvmFork.fork();
    }

    /** {@code _exit()}, callable in a forked child (and a stand-in in a rehearsal): see {@link JvmFork#_exit}. */
    public static void _exit(int status) {
        JvmFork._exit(status);
    }

    /**
     * Unblocks these signals on the calling thread only, which a launcher that blocked them for the
     * whole JVM (native/tools/sigblock) makes the one thread they can land on, as in a C program:
     * see {@link ProgramSignals#receive}. A signal program's twin calls it first.
     */
    public static void receiveSignals(int... signals) {
        ProgramSignals.receive(signals);
    }

    // ---- C strings ---------------------------------------------------------------------------

    /** The C string literal {@code literal}: made once, then the same segment every time. See {@link CStrings}. */
    public static MemorySegment C(String literal) {
        return CStrings.C(literal);
    }

    /** C's argv, as the exact bytes the program was given. See {@link CStrings#argv}. */
    public static MemorySegment[] argv(String[] args) {
        return CStrings.argv(args);
    }

    /** The C string at {@code s} as a Java string. */
    public static String string(MemorySegment s) {
        return CStrings.string(s);
    }

    // ---- fcntl with an int argument, the shape every sockets program uses --------------------

    private static final class Fcntl {
        static final sockets_c.fcntl NO_ARG = sockets_c.fcntl.makeInvoker();
        static final sockets_c.fcntl INT_ARG = sockets_c.fcntl.makeInvoker(C_INT);
    }

    /** {@code fcntl(fd, cmd)} (F_GETFL, F_GETFD, F_GETOWN), with errno. */
    public static int fcntl(int fd, int cmd) {
        return Fcntl.NO_ARG.apply(fd, cmd);
    }

    /** {@code fcntl(fd, cmd, arg)} (F_SETFL, F_SETFD, F_SETOWN), with errno. */
    public static int fcntl(int fd, int cmd, int arg) {
        return Fcntl.INT_ARG.apply(fd, cmd, arg);
    }

    // ---- address conversions: the binary address's size depends on the family ----------------

    private static long addressBytes(int af) {
        return af == AF_INET6() ? in6_addr.sizeof() : af == AF_INET() ? in_addr.sizeof() : 0;
    }

    /** {@code inet_pton(af, src, dst)}, with errno; {@code dst} must hold the family's address (4 or 16 bytes). */
    public static int inet_pton(int af, MemorySegment cp, MemorySegment buf) {
        Args.check("inet_pton", "__buf", buf, addressBytes(af));
        return sockets_c.inet_pton(af, cp, buf);
    }

    /** {@code inet_ntop(af, src, dst, size)}, with errno; {@code src} must hold the family's address. */
    public static MemorySegment inet_ntop(int af, MemorySegment cp, MemorySegment buf, int len) {
        Args.check("inet_ntop", "__cp", cp, addressBytes(af));
        return sockets_c.inet_ntop(af, cp, buf, len);
    }

    // ---- <sys/select.h> macros ---------------------------------------------------------------

    private static long fdBitOffset(String macro, int fd, MemorySegment set) {
        Args.check(macro, "set", set, fd_set.sizeof());
        if (fd < 0 || fd >= FD_SETSIZE()) {
            throw new IllegalArgumentException(macro + "(): fd " + fd + " is not in 0.." + (FD_SETSIZE() - 1)
                    + " (C would write outside the fd_set)");
        }
        return (long) (fd / Long.SIZE) * Long.BYTES;
    }

    /** The macro {@code FD_ZERO(set)}: no descriptor in the set. */
    public static void FD_ZERO(MemorySegment set) {
        Args.check("FD_ZERO", "set", set, fd_set.sizeof());
        set.asSlice(0, fd_set.sizeof()).fill((byte) 0);
    }

    /** The macro {@code FD_SET(fd, set)}. */
    public static void FD_SET(int fd, MemorySegment set) {
        long offset = fdBitOffset("FD_SET", fd, set);
        set.set(JAVA_LONG, offset, set.get(JAVA_LONG, offset) | 1L << (fd % Long.SIZE));
    }

    /** The macro {@code FD_CLR(fd, set)}. */
    public static void FD_CLR(int fd, MemorySegment set) {
        long offset = fdBitOffset("FD_CLR", fd, set);
        set.set(JAVA_LONG, offset, set.get(JAVA_LONG, offset) & ~(1L << (fd % Long.SIZE)));
    }

    /** The macro {@code FD_ISSET(fd, set)}: C's nonzero is true. */
    public static boolean FD_ISSET(int fd, MemorySegment set) {
        long offset = fdBitOffset("FD_ISSET", fd, set);
        return (set.get(JAVA_LONG, offset) & 1L << (fd % Long.SIZE)) != 0;
    }

    // ---- <signal.h> macros -------------------------------------------------------------------

    /** The macro {@code SIG_DFL}: {@code (__sighandler_t) 0}. */
    public static MemorySegment SIG_DFL() {
        return MemorySegment.NULL;
    }

    /** The macro {@code SIG_IGN}: {@code (__sighandler_t) 1}. */
    public static MemorySegment SIG_IGN() {
        return MemorySegment.ofAddress(1);
    }

    /** The macro {@code SIG_ERR}: {@code (__sighandler_t) -1}. */
    public static MemorySegment SIG_ERR() {
        return MemorySegment.ofAddress(-1);
    }

    /** The macro {@code act.sa_handler} ({@code __sigaction_handler.sa_handler}), read. */
    public static MemorySegment sa_handler(MemorySegment act) {
        return sigaction.__sigaction_handler.sa_handler(sigaction.__sigaction_handler(act));
    }

    /** The macro {@code act.sa_handler = handler}. */
    public static void sa_handler(MemorySegment act, MemorySegment handler) {
        sigaction.__sigaction_handler.sa_handler(sigaction.__sigaction_handler(act), handler);
    }

    /** The macro {@code act.sa_sigaction = handler} (with SA_SIGINFO). */
    public static void sa_sigaction(MemorySegment act, MemorySegment handler) {
        sigaction.__sigaction_handler.sa_sigaction(sigaction.__sigaction_handler(act), handler);
    }

    /**
     * C's {@code act.sa_handler = handler} for a handler written in Java: {@link #sigaction} then
     * installs a native recorder in its place and the Java method runs on the program's thread when
     * the interrupted call returns, never in signal context. See {@link SignalDispatch}.
     */
    public static void sa_handler(MemorySegment act, sigaction.__sigaction_handler.sa_handler.Function handler) {
        sa_handler(act, SignalDispatch.handler(handler));
    }

    /** C's {@code act.sa_sigaction = handler} (with SA_SIGINFO) for a handler written in Java: see {@link #sa_handler(MemorySegment, sigaction.__sigaction_handler.sa_handler.Function)}. */
    public static void sa_sigaction(MemorySegment act, sigaction.__sigaction_handler.sa_sigaction.Function handler) {
        sa_sigaction(act, SignalDispatch.sigactionHandler(handler));
    }

    /**
     * {@code sigaction(sig, act, oact)}, with C's errno: one rt_sigaction, as C's. A Java handler
     * ({@link #sa_handler(MemorySegment, sigaction.__sigaction_handler.sa_handler.Function)}) is
     * installed as the native recorder with the mask and flags given; see {@link SignalDispatch#sigaction}.
     */
    public static int sigaction(int sig, MemorySegment act, MemorySegment oact) {
        return SignalDispatch.sigaction(sig, act, oact);
    }

    // ---- <netinet/in.h> macros ---------------------------------------------------------------

    /** The macro {@code addr.s6_addr} ({@code __in6_u.__u6_addr8}): the 16 bytes of an IPv6 address. */
    public static MemorySegment s6_addr(MemorySegment in6) {
        return in6_addr.__in6_u.__u6_addr8(in6_addr.__in6_u(in6));
    }
}
