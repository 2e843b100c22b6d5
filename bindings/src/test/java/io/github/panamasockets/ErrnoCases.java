/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets;

import io.github.panamasockets.generated.sockets_h;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import static io.github.panamasockets.Sockets.*;
import static java.lang.foreign.MemorySegment.NULL;

/**
 * The Java twin of src/test/c/errno_cases.c: the same failing call of each function, through the
 * one import a program uses. Setup and cleanup go around the twins (plain {@code sockets_h}
 * calls), so that only the call under test can set {@code errno()}.
 */
final class ErrnoCases {

    private ErrnoCases() {
    }

    /** A function of bindings/errno.list and a call of it that fails: true when its result says so. */
    record Case(String name, Predicate<Fixture> fails) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** What a case opens (descriptors, streams, memory), released after it, as errno_cases.c's keep()/release(). */
    static final class Fixture implements AutoCloseable {
        final Arena arena = Arena.ofConfined();
        private final List<Integer> fds = new ArrayList<>();
        private final List<MemorySegment> streams = new ArrayList<>();

        int keep(int fd) {
            if (fd >= 0) {
                fds.add(fd);
            }
            return fd;
        }

        int tcp() {
            return keep(sockets_h.socket(AF_INET(), SOCK_STREAM(), 0));
        }

        int udp() {
            return keep(sockets_h.socket(AF_INET(), SOCK_DGRAM(), 0));
        }

        /** pipe(), both ends kept: [read end, write end]. */
        int[] pipe() {
            MemorySegment p = arena.allocate(C_INT, 2);
            if (sockets_h.pipe(p) != 0) {
                throw new IllegalStateException("pipe() failed");
            }
            return new int[] {keep(p.getAtIndex(C_INT, 0)), keep(p.getAtIndex(C_INT, 1))};
        }

        MemorySegment loopback(int port) {
            MemorySegment addr = sockaddr_in.allocate(arena);
            sockaddr_in.sin_family(addr, (short) AF_INET());
            in_addr.s_addr(sockaddr_in.sin_addr(addr), htonl(INADDR_LOOPBACK()));
            sockaddr_in.sin_port(addr, htons((short) port));
            return addr;
        }

        /** A port of a TCP socket bound to loopback and not listening: connections to it are refused. */
        int closedPort() {
            MemorySegment addr = loopback(0);
            int fd = tcp();
            sockets_h.bind(fd, addr, (int) sockaddr_in.sizeof());
            sockets_h.getsockname(fd, addr, arena.allocateFrom(socklen_t, (int) sockaddr_in.sizeof()));
            return Short.toUnsignedInt(ntohs(sockaddr_in.sin_port(addr)));
        }

        MemorySegment keepStream(MemorySegment f) {
            if (f.address() == 0) {
                throw new IllegalStateException("fdopen() failed");
            }
            streams.add(f);
            return f;
        }

        /** A stream that only reads (a pipe's read end) or only writes (its write end); it owns its descriptor. */
        MemorySegment stream(boolean writeEnd) {
            MemorySegment p = arena.allocate(C_INT, 2);
            sockets_h.pipe(p);
            keep(p.getAtIndex(C_INT, writeEnd ? 0 : 1));
            return keepStream(sockets_h.fdopen(p.getAtIndex(C_INT, writeEnd ? 1 : 0), C(writeEnd ? "w" : "r")));
        }

        /** A stream on an unconnected UDP socket holding a buffered byte that cannot be sent (no address). */
        MemorySegment undeliverable() {
            MemorySegment f = sockets_h.fdopen(sockets_h.socket(AF_INET(), SOCK_DGRAM(), 0), C("w"));
            sockets_h.fputs(C("x"), f);
            return f;
        }

        /**
         * An unbuffered stream on a pipe, so that the printf call under test makes its own write():
         * whose reader is gone (EPIPE), or whose descriptor the pipe's read end was put in place of
         * (EBADF), as errno_cases.c's unwritable().
         */
        MemorySegment unwritable(boolean broken) {
            MemorySegment p = arena.allocate(C_INT, 2);
            if (sockets_h.pipe(p) != 0) {
                throw new IllegalStateException("pipe() failed");
            }
            int readEnd = p.getAtIndex(C_INT, 0);
            int writeEnd = p.getAtIndex(C_INT, 1);
            MemorySegment f = keepStream(sockets_h.fdopen(writeEnd, C("w")));
            sockets_h.setvbuf(f, NULL, _IONBF(), 0);
            if (broken) {
                sockets_h.close(readEnd);
            } else {
                keep(readEnd);
                sockets_h.dup2(readEnd, writeEnd);
            }
            return f;
        }

        @Override
        public void close() {
            streams.reversed().forEach(sockets_h::fclose);
            fds.reversed().forEach(sockets_h::close);
            arena.close();
        }
    }

    private static Case c(String name, Predicate<Fixture> fails) {
        return new Case(name, fails);
    }

    /** The cases, in errno_cases.c's order. */
    static final List<Case> CASES = List.of(
            c("socket", f -> f.keep(socket(12345, SOCK_STREAM(), 0)) < 0),
            c("socketpair", f -> {
                MemorySegment sv = f.arena.allocate(C_INT, 2);
                int r = socketpair(AF_INET(), SOCK_STREAM(), 0, sv);
                if (r == 0) {
                    f.keep(sv.getAtIndex(C_INT, 0));
                    f.keep(sv.getAtIndex(C_INT, 1));
                }
                return r < 0;
            }),
            c("bind", f -> bind(f.tcp(), f.loopback(0), 1) < 0),
            c("listen", f -> listen(f.pipe()[0], 5) < 0),
            c("accept", f -> f.keep(accept(f.tcp(), NULL, NULL)) < 0),
            c("accept4", f -> {
                int fd = f.keep(sockets_h.socket(AF_INET(), SOCK_STREAM() | SOCK_NONBLOCK(), 0));
                sockets_h.bind(fd, f.loopback(0), (int) sockaddr_in.sizeof());
                sockets_h.listen(fd, 5);
                return f.keep(accept4(fd, NULL, NULL, SOCK_CLOEXEC())) < 0;
            }),
            c("connect", f -> connect(f.tcp(), f.loopback(f.closedPort()), (int) sockaddr_in.sizeof()) < 0),
            c("send", f -> send(f.tcp(), C("x"), 1, MSG_NOSIGNAL()) < 0),
            c("recv", f -> recv(f.tcp(), f.arena.allocate(8), 8, 0) < 0),
            c("sendto", f -> sendto(f.udp(), C("x"), 1, 0, NULL, 0) < 0),
            c("recvfrom", f -> recvfrom(f.udp(), f.arena.allocate(8), 8, MSG_DONTWAIT(), sockaddr_in.allocate(f.arena),
                    f.arena.allocateFrom(socklen_t, (int) sockaddr_in.sizeof())) < 0),
            c("sendmsg", f -> {
                MemorySegment msg = msghdr.allocate(f.arena);
                msghdr.msg_iovlen(msg, 2000);                     // more than UIO_MAXIOV
                return sendmsg(f.udp(), msg, 0) < 0;
            }),
            c("recvmsg", f -> recvmsg(f.pipe()[0], msghdr.allocate(f.arena), 0) < 0),
            c("shutdown", f -> shutdown(f.tcp(), SHUT_RDWR()) < 0),
            c("getsockname", f -> getsockname(-1, sockaddr_in.allocate(f.arena),
                    f.arena.allocateFrom(socklen_t, (int) sockaddr_in.sizeof())) < 0),
            c("getpeername", f -> getpeername(f.tcp(), sockaddr_in.allocate(f.arena),
                    f.arena.allocateFrom(socklen_t, (int) sockaddr_in.sizeof())) < 0),
            c("setsockopt", f -> setsockopt(f.tcp(), 12345, 1, f.arena.allocateFrom(C_INT, 1), 4) < 0),
            c("getsockopt", f -> getsockopt(f.tcp(), SOL_SOCKET(), SO_TYPE(), f.arena.allocate(C_INT),
                    f.arena.allocateFrom(socklen_t, -1)) < 0),
            c("inet_pton", f -> inet_pton(12345, C("127.0.0.1"), f.arena.allocate(16)) < 0),
            c("inet_ntop", f -> {
                MemorySegment addr = in_addr.allocate(f.arena);
                in_addr.s_addr(addr, htonl(INADDR_LOOPBACK()));
                return inet_ntop(AF_INET(), addr, f.arena.allocate(4), 4).address() == 0;
            }),
            c("getaddrinfo", f -> {
                MemorySegment hints = addrinfo.allocate(f.arena);
                addrinfo.ai_family(hints, 12345);
                addrinfo.ai_flags(hints, AI_NUMERICHOST());
                MemorySegment res = f.arena.allocate(C_POINTER);
                int r = getaddrinfo(C("127.0.0.1"), NULL, hints, res);
                if (r == 0) {
                    sockets_h.freeaddrinfo(res.get(C_POINTER, 0));
                }
                return r != 0;
            }),
            c("getnameinfo", f -> getnameinfo(f.loopback(7), 1, f.arena.allocate(64), 64, NULL, 0, NI_NUMERICHOST()) != 0),
            c("poll", f -> poll(NULL, 0x7fffffffL, 0) < 0),      // more than any RLIMIT_NOFILE
            c("select", f -> select(-1, NULL, NULL, NULL, timeval.allocate(f.arena)) < 0),
            c("epoll_create1", f -> f.keep(epoll_create1(12345)) < 0),
            c("epoll_ctl", f -> epoll_ctl(f.keep(sockets_h.epoll_create1(0)), EPOLL_CTL_DEL(), f.tcp(),
                    epoll_event.allocate(f.arena)) < 0),
            c("epoll_wait", f -> epoll_wait(f.keep(sockets_h.epoll_create1(0)), epoll_event.allocate(f.arena), 0, 0) < 0),
            c("fcntl", f -> fcntl(-1, F_GETFL()) < 0),
            c("sigaction", f -> sigaction(SIGKILL(), sigaction.allocate(f.arena), NULL) < 0),   // zeroed: SIG_DFL
            c("sigaddset", f -> {
                MemorySegment set = sigset_t.allocate(f.arena);
                sockets_h.sigemptyset(set);
                return sigaddset(set, 1000) < 0;
            }),
            c("sigprocmask", f -> {
                MemorySegment set = sigset_t.allocate(f.arena);
                sockets_h.sigemptyset(set);
                return sigprocmask(12345, set, NULL) < 0;
            }),
            c("signal", f -> signal(SIGKILL(), SIG_IGN()).equals(SIG_ERR())),
            c("kill", f -> kill(getpid(), 12345) < 0),
            c("raise", f -> raise(12345) < 0),
            c("close", f -> close(-1) < 0),
            c("read", f -> read(f.pipe()[1], f.arena.allocate(1), 1) < 0),
            c("write", f -> write(f.pipe()[0], C("x"), 1) < 0),
            c("dup", f -> f.keep(dup(-1)) < 0),
            c("dup2", f -> dup2(f.pipe()[0], -1) < 0),
            c("waitpid", f -> waitpid(getpid(), f.arena.allocate(C_INT), WNOHANG()) < 0),   // never a child of itself
            c("fdopen", f -> {
                MemorySegment stream = fdopen(f.pipe()[0], C("z"));
                if (stream.address() != 0) {
                    sockets_h.fclose(stream);
                }
                return stream.address() == 0;
            }),
            c("fflush", f -> fflush(f.keepStream(f.undeliverable())) == EOF()),
            c("fputs", f -> fputs(C("x"), f.stream(false)) == EOF()),
            c("fputc", f -> fputc('x', f.stream(false)) == EOF()),
            c("fclose", f -> fclose(f.undeliverable()) == EOF()),
            c("fgets", f -> fgets(f.arena.allocate(8), 8, f.stream(true)).address() == 0),
            c("fwrite", f -> fwrite(C("x"), 1, 1, f.stream(false)) == 0),
            c("fread", f -> fread(f.arena.allocate(1), 1, 1, f.stream(true)) == 0),
            c("setvbuf", f -> setvbuf(f.stream(false), NULL, 12345, 0) != 0),
            c("printf", f -> {
                // SIGPIPE is left to the JVM, whose handler ignores it; C's SIG_DFL after the call would kill it
                printf invoker = printf.makeInvoker();
                MemorySegment stream = f.unwritable(true);
                MemorySegment out = sockets_h.stdout();
                sockets_h.stdout(stream);   // glibc's stdout is a variable: the JVM's fd 1 stays as it is
                try {
                    return invoker.apply(C("x")) < 0;
                } finally {
                    sockets_h.stdout(out);
                }
            }),
            c("fprintf", f -> fprintf.makeInvoker(C_INT).apply(f.unwritable(false), C("%d"), 42) < 0),
            c("snprintf", f -> snprintf.makeInvoker(C_INT).apply(f.arena.allocate(8), 8, C("%lc"), 0xD800) < 0),
            c("strtol", f -> strtol(C("99999999999999999999"), NULL, 10) == Long.MAX_VALUE),
            c("malloc", f -> {
                MemorySegment p = malloc(1L << 62);
                sockets_h.free(p);
                return p.address() == 0;
            }),
            c("calloc", f -> {
                MemorySegment p = calloc(1L << 40, 1L << 40);
                sockets_h.free(p);
                return p.address() == 0;
            }));

    /** The case called {@code name}. */
    static Case named(String name) {
        return CASES.stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no case " + name));
    }

    /** Runs a case from errno 0 as errno_cases.c does; true when its call failed. errno() is then the call's. */
    static boolean run(Case c) {
        errno(0);
        try (Fixture f = new Fixture()) {
            return c.fails().test(f);
        }
    }

    /**
     * In a JVM of its own, since perror writes to fd 2 and the other mode needs calls never made before:
     * <ul>
     * <li>{@code ErrnoCases perror NAME}: run case NAME, let the JVM do its own work, then
     *     perror("NAME"), as {@code errno_cases perror NAME} does in C;</li>
     * <li>{@code ErrnoCases first-always}: close(-1) (EBADF), then the first call in this JVM of
     *     each function of errno.list's kind {@code always}, each succeeding; prints "NAME ERRNO"
     *     after each, which must still be EBADF.</li>
     * </ul>
     */
    public static void main(String[] args) {
        switch (args[0]) {
            case "perror" -> {
                run(named(args[1]));
                BindingsProbe.churn();
                perror(C(args[1]));
            }
            case "first-always" -> firstCallsOfAlwaysTwins();
            default -> throw new IllegalArgumentException(args[0]);
        }
        exit(0);
    }

    private static void firstCallsOfAlwaysTwins() {
        try (Fixture f = new Fixture()) {
            int[] p = f.pipe();
            MemorySegment out = f.keepStream(sockets_h.fdopen(sockets_h.dup(p[1]), C("w")));
            MemorySegment in = f.keepStream(sockets_h.fdopen(sockets_h.dup(p[0]), C("r")));
            sockets_h.setvbuf(out, NULL, _IONBF(), 0);
            close(-1);
            List<String> seen = new ArrayList<>();
            seen.add("strtol " + (strtol(C("42"), NULL, 10) == 42 ? errno() : -1));
            seen.add("fwrite " + (fwrite(C("ab\n"), 1, 3, out) == 3 ? errno() : -1));
            seen.add("fread " + (fread(f.arena.allocate(1), 1, 1, in) == 1 ? errno() : -1));
            seen.add("fgets " + (fgets(f.arena.allocate(8), 8, in).address() != 0 ? errno() : -1));
            seen.forEach(System.out::println);
        }
    }
}
