/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.benchmarks;

import io.github.panamasockets.Sockets;

import io.github.panamasockets.Errno;
import io.github.panamasockets.generated.in_addr;
import io.github.panamasockets.generated.sockaddr_in;
import io.github.panamasockets.generated.sockets_h;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * Two connected TCP sockets on 127.0.0.1, made with the FFM binding (the C reference does the
 * same in native/jni/LoopbackPair.c): a listener on port 0, connect, accept, listener closed,
 * TCP_NODELAY on both ends. Every lane reads the same kind of descriptor: plain ints, so the
 * JNI and JNR lanes use them as they are.
 */
public final class LoopbackPair implements AutoCloseable {

    /** Not in the generated bindings (the header filter leaves them out); values of Linux x86-64. */
    public static final int MSG_PEEK = 2;
    public static final int TCP_NODELAY = 1;

    /** The connecting end and the accepted end. */
    public final int client;
    public final int server;

    public LoopbackPair() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment addr = sockaddr_in.allocate(arena);
            sockaddr_in.sin_family(addr, (short) sockets_h.AF_INET());
            sockaddr_in.sin_port(addr, (short) 0); // the kernel picks a free port
            in_addr.s_addr(sockaddr_in.sin_addr(addr), sockets_h.htonl(sockets_h.INADDR_LOOPBACK()));
            MemorySegment len = arena.allocate(JAVA_INT);
            len.set(JAVA_INT, 0, (int) addr.byteSize());

            int listener = check(Sockets.socket(sockets_h.PF_INET(), sockets_h.SOCK_STREAM(), sockets_h.IPPROTO_TCP()), "socket");
            check(Sockets.bind(listener, addr, (int) addr.byteSize()), "bind");
            check(Sockets.listen(listener, 1), "listen");
            check(Sockets.getsockname(listener, addr, len), "getsockname");
            client = check(Sockets.socket(sockets_h.PF_INET(), sockets_h.SOCK_STREAM(), sockets_h.IPPROTO_TCP()), "socket");
            check(Sockets.connect(client, addr, (int) addr.byteSize()), "connect");
            server = check(Sockets.accept(listener, MemorySegment.NULL, MemorySegment.NULL), "accept");
            Sockets.close(listener);
            MemorySegment one = arena.allocate(JAVA_INT);
            one.set(JAVA_INT, 0, 1);
            check(Sockets.setsockopt(client, sockets_h.IPPROTO_TCP(), TCP_NODELAY, one, 4), "setsockopt");
            check(Sockets.setsockopt(server, sockets_h.IPPROTO_TCP(), TCP_NODELAY, one, 4), "setsockopt");
        }
    }

    private static int check(int r, String call) {
        if (r < 0) {
            throw new IllegalStateException(call + "() failed: errno " + Errno.errno());
        }
        return r;
    }

    /** Sends all of {@code msg} from the client end and waits (bounded) until the server end has it queued. */
    public void queueOnServer(MemorySegment msg, MemorySegment scratch) {
        if (Sockets.send(client, msg, msg.byteSize(), 0) != msg.byteSize()) {
            throw new IllegalStateException("send() failed: errno " + Errno.errno());
        }
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (Sockets.recv(server, scratch, msg.byteSize(), MSG_PEEK | sockets_h.MSG_DONTWAIT()) != msg.byteSize()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("queued bytes did not arrive within 5 s");
            }
            Thread.onSpinWait();
        }
    }

    @Override
    public void close() {
        Sockets.close(client);
        Sockets.close(server);
    }
}
