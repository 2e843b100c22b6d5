/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets;

import io.github.panamasockets.generated.sockaddr_in;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicInteger;

import static io.github.panamasockets.Sockets.bind;
import static io.github.panamasockets.Sockets.close;
import static io.github.panamasockets.Sockets.connect;
import static io.github.panamasockets.Errno.errno;
import static io.github.panamasockets.Sockets.fcntl;
import static io.github.panamasockets.Sockets.getsockname;
import static io.github.panamasockets.Sockets.listen;
import static io.github.panamasockets.Sockets.recv;
import static io.github.panamasockets.Sockets.socket;
import static io.github.panamasockets.generated.sockets_h.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The errno layer: each failing call leaves exactly C's errno, and it survives the JVM's own work. */
class ErrnoTest {

    /** EBADF as bound (LayoutsAndConstantsTest checks every bound constant against the C compiler). */
    static final int ebadf = EBADF();

    /** A socket bound to a loopback port and not listening: connecting to that port is refused, with no race. */
    private static int[] boundNotListening(Arena arena) {
        int fd = socket(PF_INET(), SOCK_STREAM(), IPPROTO_TCP());
        MemorySegment addr = UdpLoopbackTest.v4(arena, 0);
        assertEquals(0, bind(fd, addr, (int) sockaddr_in.sizeof()));
        assertEquals(0, getsockname(fd, addr, arena.allocateFrom(socklen_t, (int) sockaddr_in.sizeof())));
        return new int[] {fd, Short.toUnsignedInt(ntohs(sockaddr_in.sin_port(addr)))};
    }

    @Test
    void connectToAClosedPortIsRefused() {
        try (Arena arena = Arena.ofConfined()) {
            int[] holder = boundNotListening(arena);
            int sock = socket(PF_INET(), SOCK_STREAM(), IPPROTO_TCP());
            assertEquals(-1, connect(sock, UdpLoopbackTest.v4(arena, holder[1]), (int) sockaddr_in.sizeof()));
            assertEquals(ECONNREFUSED(), errno());
            close(sock);
            close(holder[0]);
        }
    }

    @Test
    void bindToAPortInUse() {
        try (Arena arena = Arena.ofConfined()) {
            int[] first = boundNotListening(arena);
            assertEquals(0, listen(first[0], 5));
            int second = socket(PF_INET(), SOCK_STREAM(), IPPROTO_TCP());
            assertEquals(-1, bind(second, UdpLoopbackTest.v4(arena, first[1]), (int) sockaddr_in.sizeof()));
            assertEquals(EADDRINUSE(), errno());
            close(second);
            close(first[0]);
        }
    }

    @Test
    void recvOnAClosedDescriptor() {
        try (Arena arena = Arena.ofConfined()) {
            int fd = socket(PF_INET(), SOCK_STREAM(), IPPROTO_TCP());
            assertEquals(0, close(fd));
            assertEquals(-1, recv(fd, arena.allocate(8), 8, 0));
            assertEquals(ebadf, errno());
        }
    }

    @Test
    void nonBlockingRecvWithNothingToRead() {
        try (Arena arena = Arena.ofConfined()) {
            int[] listener = boundNotListening(arena);
            assertEquals(0, listen(listener[0], 5));
            int client = socket(PF_INET(), SOCK_STREAM(), IPPROTO_TCP());
            assertEquals(0, connect(client, UdpLoopbackTest.v4(arena, listener[1]), (int) sockaddr_in.sizeof()));
            assertEquals(-1, recv(client, arena.allocate(8), 8, MSG_DONTWAIT()));
            assertEquals(EAGAIN(), errno());
            int flags = fcntl(client, F_GETFL(), 0);
            assertEquals(0, fcntl(client, F_SETFL(), flags | O_NONBLOCK()));
            assertEquals(-1, recv(client, arena.allocate(8), 8, 0));
            assertEquals(EAGAIN(), errno());
            close(client);
            close(listener[0]);
        }
    }

    @Test
    void errnoSurvivesAllocationGcAndOtherThreads() throws Exception {
        try (Arena arena = Arena.ofConfined()) {
            int[] holder = boundNotListening(arena);
            int sock = socket(PF_INET(), SOCK_STREAM(), IPPROTO_TCP());
            assertEquals(-1, connect(sock, UdpLoopbackTest.v4(arena, holder[1]), (int) sockaddr_in.sizeof()));
            BindingsProbe.churn();                 // allocation, System.gc(), EBADF on another thread
            assertEquals(ECONNREFUSED(), errno());
            close(sock);
            close(holder[0]);
        }
    }

    @Test
    void aCallThatSucceedsLeavesErrnoAsItWas() throws Exception {
        // C's contract: errno starts at 0 and only a failing call changes it. The JVM leaves its
        // own errno behind (ENOENT from class loading, typically), which must never show through.
        int[] seen = new int[3];
        Thread fresh = Thread.ofPlatform().start(() -> {
            leaveEnoentInTheRealErrno();
            int sock = socket(PF_INET(), SOCK_STREAM(), IPPROTO_TCP());
            seen[0] = errno();                           // nothing failed yet: 0
            close(-1);
            seen[1] = errno();                           // EBADF
            leaveEnoentInTheRealErrno();
            close(sock);                                 // succeeds
            seen[2] = errno();                           // still EBADF
        });
        fresh.join(10_000);
        assertEquals(0, seen[0]);
        assertEquals(ebadf, seen[1]);
        assertEquals(ebadf, seen[2]);
    }

    /** Looking for a class that does not exist makes the JVM fail file lookups: errno becomes ENOENT. */
    private static void leaveEnoentInTheRealErrno() {
        try {
            Class.forName("io.github.panamasockets.NoSuchClass" + System.nanoTime());
        } catch (ClassNotFoundException expected) {
            // the point was the failed lookups
        }
    }

    @Test
    void eachThreadHasItsOwnErrno() throws Exception {
        AtomicInteger seenByOther = new AtomicInteger();
        try (Arena arena = Arena.ofConfined()) {
            int[] holder = boundNotListening(arena);
            int sock = socket(PF_INET(), SOCK_STREAM(), IPPROTO_TCP());
            assertEquals(-1, connect(sock, UdpLoopbackTest.v4(arena, holder[1]), (int) sockaddr_in.sizeof()));
            Thread other = Thread.ofPlatform().start(() -> {
                close(-1);
                seenByOther.set(errno());
            });
            other.join(10_000);
            assertTrue(!other.isAlive());
            assertEquals(ebadf, seenByOther.get());
            assertEquals(ECONNREFUSED(), errno());
            close(sock);
            close(holder[0]);
        }
    }
}
