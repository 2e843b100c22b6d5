/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets;

import io.github.panamasockets.generated.in_addr;
import io.github.panamasockets.generated.sockaddr_in;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

import static io.github.panamasockets.generated.sockets_h.*;

/**
 * The Java side of the subprocess tests: the same output as src/test/c/errno_twin.c, through
 * the generated bindings only. It runs in a JVM of its own because libc writes straight to
 * fd 1 and 2.
 */
public final class BindingsProbe {

    private BindingsProbe() {
    }

    public static void main(String[] args) {
        try (Arena arena = Arena.ofConfined()) {
            switch (args[0]) {
                case "printf" -> printfShapes(arena);
                case "perror" -> perrorAfterGc(arena, Integer.parseInt(args[1]));
                case "fork" -> forkAndWait(arena);
                case "sigpipe" -> sigpipeKillsAsInC(arena);
                default -> throw new IllegalArgumentException(args[0]);
            }
        }
    }

    /** The printf shapes of errno_twin.c: one invoker per argument shape, as a C program's calls. */
    private static void printfShapes(Arena arena) {
        printf.makeInvoker().apply(arena.allocateFrom("plain line\n"));
        printf.makeInvoker(C_INT, C_INT).apply(arena.allocateFrom("int %d, negative %d\n"), 42, -7);
        printf.makeInvoker(C_LONG, C_INT).apply(arena.allocateFrom("long %ld, hex %x\n"), 1234567890123L, 0xbeef);
        printf.makeInvoker(C_DOUBLE, C_POINTER, C_INT).apply(arena.allocateFrom("double %.3f, string %s, char %c\n"),
                3.14159, arena.allocateFrom("hi"), (int) 'x');
        printf.makeInvoker(C_POINTER, C_INT, C_POINTER, C_INT).apply(arena.allocateFrom("%s=%d;%s=%d\n"),
                arena.allocateFrom("a"), 1, arena.allocateFrom("b"), 2);
        fflush(stdout());
        exit(0);
    }

    /**
     * connect() to a closed port, then Java work that allocates, collects and fails calls on
     * another thread, then perror: the message must still be the one for the connect's errno.
     */
    private static void perrorAfterGc(Arena arena, int port) {
        MemorySegment addr = sockaddr_in.allocate(arena);
        int sock = Sockets.socket(PF_INET(), SOCK_STREAM(), IPPROTO_TCP());
        memset(addr, 0, sockaddr_in.sizeof());
        sockaddr_in.sin_family(addr, (short) AF_INET());
        in_addr.s_addr(sockaddr_in.sin_addr(addr), inet_addr(arena.allocateFrom("127.0.0.1")));
        sockaddr_in.sin_port(addr, htons((short) port));
        if (Sockets.connect(sock, addr, (int) sockaddr_in.sizeof()) < 0) {
            churn();
            Errno.perror(arena.allocateFrom("connect() failed"));
        }
        exit(1);
    }

    /**
     * fork(), a child that only calls _exit(7), and the parent reaping it with waitpid. This runs
     * in a quiet JVM of its own (see LoopbackRoundTripTest): forking the busy test JVM can leave a
     * child stuck on a safepoint that was in progress at the fork (docs/fork-in-a-jvm.md). A child
     * still alive after 10 s is killed and reported, never waited for silently.
     */
    private static void forkAndWait(Arena arena) {
        _exit$handle();                  // link everything the child touches before fork
        MemorySegment status = arena.allocate(C_INT);
        int pid = fork();
        if (pid == 0) {
            _exit(7);
        }
        if (pid < 0) {
            printf.makeInvoker().apply(arena.allocateFrom("fork failed\n"));
            exit(2);
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        int reaped = 0;
        while (reaped == 0 && System.nanoTime() < deadline) {
            reaped = waitpid(pid, status, WNOHANG());
            if (reaped == 0) {
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        if (reaped != pid) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            printf.makeInvoker(C_INT).apply(arena.allocateFrom("child %d hung\n"), pid);
            fflush(stdout());
            exit(3);
        }
        printf.makeInvoker(C_INT, C_INT).apply(arena.allocateFrom("reaped %d, exit status %d\n"),
                pid == reaped ? 1 : 0, (status.get(C_INT, 0) >> 8) & 0xff);
        fflush(stdout());
        exit(0);
    }

    /**
     * signal(SIGPIPE, SIG_DFL), then send() to a peer that has gone: the JVM ignores SIGPIPE, a C
     * program is killed by it; with the default disposition back, this process must die as C's does.
     * SIG_DFL is ((__sighandler_t) 0), a pointer macro the bindings leave out: NULL is its value.
     */
    private static void sigpipeKillsAsInC(Arena arena) {
        MemorySegment previous = signal(SIGPIPE(), MemorySegment.NULL);
        printf.makeInvoker().apply(arena.allocateFrom(previous.equals(MemorySegment.NULL) ? "was default\n" : "was set\n"));
        fflush(stdout());
        int listener = socket(PF_INET(), SOCK_STREAM(), IPPROTO_TCP());
        MemorySegment addr = sockaddr_in.allocate(arena);
        memset(addr, 0, sockaddr_in.sizeof());
        sockaddr_in.sin_family(addr, (short) AF_INET());
        in_addr.s_addr(sockaddr_in.sin_addr(addr), htonl(INADDR_LOOPBACK()));
        bind(listener, addr, (int) sockaddr_in.sizeof());
        listen(listener, 1);
        getsockname(listener, addr, arena.allocateFrom(socklen_t, (int) sockaddr_in.sizeof()));
        int client = socket(PF_INET(), SOCK_STREAM(), IPPROTO_TCP());
        connect(client, addr, (int) sockaddr_in.sizeof());
        close(accept(listener, MemorySegment.NULL, MemorySegment.NULL));
        MemorySegment data = arena.allocateFrom("x");
        for (int i = 0; i < 100; i++) {      // the first send draws the RST, a later one the SIGPIPE
            send(client, data, 1, 0);
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        exit(0);                            // reached only if SIGPIPE did not end the process
    }

    /** Allocation, a full GC and failing calls on another thread: everything that could disturb errno. */
    static void churn() {
        List<byte[]> garbage = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            garbage.add(new byte[16 * 1024]);
            if (garbage.size() > 100) {
                garbage.clear();
            }
        }
        System.gc();
        Thread other = Thread.ofPlatform().start(() -> Sockets.close(-1));   // EBADF, on that thread only
        try {
            other.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
