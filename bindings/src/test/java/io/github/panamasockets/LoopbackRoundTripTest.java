/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets;

import io.github.panamasockets.generated.fd_set;
import io.github.panamasockets.generated.in_addr;
import io.github.panamasockets.generated.sockaddr_in;
import io.github.panamasockets.generated.timeval;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;

import static io.github.panamasockets.generated.sockets_h.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every bound function called for real, through the generated calls only (no errno layer),
 * with hand-laid sockaddr_in segments, on loopback.
 */
class LoopbackRoundTripTest {

    /** A sockaddr_in for 127.0.0.1:port, laid out by hand as a C program does. */
    private static MemorySegment loopback(Arena arena, int port) {
        MemorySegment addr = sockaddr_in.allocate(arena);
        memset(addr, 0, sockaddr_in.sizeof());
        sockaddr_in.sin_family(addr, (short) AF_INET());
        in_addr.s_addr(sockaddr_in.sin_addr(addr), inet_addr(arena.allocateFrom("127.0.0.1")));
        sockaddr_in.sin_port(addr, htons((short) port));
        return addr;
    }

    /** Binds fd to 127.0.0.1 port 0 and returns the port the kernel chose (getsockname). */
    private static int bindAnyPort(Arena arena, int fd) {
        MemorySegment addr = loopback(arena, 0);
        assertEquals(0, bind(fd, addr, (int) sockaddr_in.sizeof()));
        MemorySegment len = arena.allocateFrom(socklen_t, (int) sockaddr_in.sizeof());
        assertEquals(0, getsockname(fd, addr, len));
        int port = Short.toUnsignedInt(ntohs(sockaddr_in.sin_port(addr)));
        assertTrue(port > 0);
        return port;
    }

    /** recv until n bytes came, at most 100 calls. */
    private static String receive(int fd, MemorySegment buf, int n) {
        int total = 0;
        for (int calls = 0; total < n && calls < 100; calls++) {
            long got = recv(fd, buf.asSlice(total), n - total, 0);
            assertTrue(got > 0, "recv returned " + got);
            total += (int) got;
        }
        return buf.getString(0).substring(0, n);
    }

    @Test
    void tcpRoundTrip() {
        try (Arena arena = Arena.ofConfined()) {
            int server = socket(PF_INET(), SOCK_STREAM(), IPPROTO_TCP());
            assertTrue(server >= 0);
            MemorySegment one = arena.allocateFrom(C_INT, 1);
            assertEquals(0, setsockopt(server, SOL_SOCKET(), SO_REUSEADDR(), one, (int) C_INT.byteSize()));
            MemorySegment option = arena.allocate(C_INT);
            MemorySegment optionLen = arena.allocateFrom(socklen_t, (int) C_INT.byteSize());
            assertEquals(0, getsockopt(server, SOL_SOCKET(), SO_REUSEADDR(), option, optionLen));
            assertNotEquals(0, option.get(C_INT, 0));
            int port = bindAnyPort(arena, server);
            assertEquals(0, listen(server, 5));

            int client = socket(PF_INET(), SOCK_STREAM(), IPPROTO_TCP());
            assertEquals(0, connect(client, loopback(arena, port), (int) sockaddr_in.sizeof()));
            MemorySegment peer = sockaddr_in.allocate(arena);
            MemorySegment peerLen = arena.allocateFrom(socklen_t, (int) sockaddr_in.sizeof());
            int conn = accept(server, peer, peerLen);
            assertTrue(conn >= 0);
            assertEquals(sockaddr_in.sizeof(), peerLen.get(socklen_t, 0));
            assertEquals(AF_INET(), sockaddr_in.sin_family(peer));
            // inet_ntoa takes struct in_addr by value: the slice of the peer address is passed as is
            assertEquals("127.0.0.1", inet_ntoa(sockaddr_in.sin_addr(peer)).getString(0));

            MemorySegment buf = arena.allocate(64);
            MemorySegment hello = arena.allocateFrom("hello, loopback");
            assertEquals(15, send(client, hello, 15, 0));
            assertEquals("hello, loopback", receive(conn, buf, 15));

            MemorySegment reply = arena.allocateFrom("back");
            assertEquals(4, write(conn, reply, 4));
            assertEquals(1, waitReadable(arena, client));
            buf.fill((byte) 0);
            assertEquals(4, read(client, buf, 64));
            assertEquals("back", buf.getString(0));

            // fcntl is variadic: F_GETFL takes no argument, F_SETFL one int
            int flags = fcntl.makeInvoker().apply(client, F_GETFL());
            assertEquals(0, flags & O_NONBLOCK());
            assertEquals(0, fcntl.makeInvoker(C_INT).apply(client, F_SETFL(), flags | O_NONBLOCK()));
            assertEquals(O_NONBLOCK(), fcntl.makeInvoker().apply(client, F_GETFL()) & O_NONBLOCK());
            assertEquals(-1, recv(client, buf, 64, MSG_DONTWAIT()));   // nothing to read (errno: ErrnoTest)

            assertEquals(0, shutdown(client, SHUT_WR()));
            assertEquals(0, recv(conn, buf, 64, 0));                   // end of stream after SHUT_WR
            assertEquals(0, close(conn));
            assertEquals(0, close(client));
            assertEquals(0, close(server));
        }
    }

    /** select() on one fd for up to 5 s; returns select's result. */
    private static int waitReadable(Arena arena, int fd) {
        MemorySegment set = fd_set.allocate(arena);
        memset(set, 0, fd_set.sizeof());
        long bits = Long.SIZE;
        fd_set.__fds_bits(set, fd / bits, fd_set.__fds_bits(set, fd / bits) | 1L << (fd % bits));
        MemorySegment timeout = timeval.allocate(arena);
        timeval.tv_sec(timeout, 5);
        timeval.tv_usec(timeout, 0);
        return select(fd + 1, set, MemorySegment.NULL, MemorySegment.NULL, timeout);
    }

    @Test
    void udpDatagram() {
        try (Arena arena = Arena.ofConfined()) {
            int receiver = socket(PF_INET(), SOCK_DGRAM(), IPPROTO_UDP());
            int port = bindAnyPort(arena, receiver);
            int sender = socket(PF_INET(), SOCK_DGRAM(), IPPROTO_UDP());
            MemorySegment datagram = arena.allocateFrom("datagram");
            assertEquals(8, sendto(sender, datagram, 8, 0, loopback(arena, port), (int) sockaddr_in.sizeof()));
            MemorySegment buf = arena.allocate(32);
            MemorySegment from = sockaddr_in.allocate(arena);
            MemorySegment fromLen = arena.allocateFrom(socklen_t, (int) sockaddr_in.sizeof());
            assertEquals(8, recvfrom(receiver, buf, 32, 0, from, fromLen));
            assertEquals("datagram", buf.getString(0));
            assertEquals(htonl(INADDR_LOOPBACK()), in_addr.s_addr(sockaddr_in.sin_addr(from)));
            assertEquals(0, close(sender));
            assertEquals(0, close(receiver));
        }
    }

    @Test
    void byteOrder() {
        assertEquals((short) 0x3412, htons((short) 0x1234));
        assertEquals((short) 0x1234, ntohs((short) 0x3412));
        assertEquals(0x78563412, htonl(0x12345678));
        assertEquals(0x12345678, ntohl(0x78563412));
    }

    @Test
    void addressConversions() {
        try (Arena arena = Arena.ofConfined()) {
            assertEquals(htonl(INADDR_LOOPBACK()), inet_addr(arena.allocateFrom("127.0.0.1")));
            assertEquals(INADDR_NONE(), inet_addr(arena.allocateFrom("999.1.1.1")));

            MemorySegment in = in_addr.allocate(arena);
            in_addr.s_addr(in, htonl(0x0a010203));
            assertEquals("10.1.2.3", inet_ntoa(in).getString(0));

            MemorySegment parsed = in_addr.allocate(arena);
            assertEquals(1, inet_pton(AF_INET(), arena.allocateFrom("192.168.7.9"), parsed));
            MemorySegment text = arena.allocate(16);
            assertEquals(text.address(), inet_ntop(AF_INET(), parsed, text, 16).address());
            assertEquals("192.168.7.9", text.getString(0));
            assertEquals(0, inet_pton(AF_INET(), arena.allocateFrom("not an address"), parsed));
        }
    }

    @Test
    void libcHelpers() {
        try (Arena arena = Arena.ofConfined()) {
            assertEquals(1234, atoi(arena.allocateFrom("1234")));
            assertEquals(0, atoi(arena.allocateFrom("abc")));   // the echo client's port "abc"
            MemorySegment block = arena.allocate(8);
            assertEquals(block.address(), memset(block, 0x5a, 8).address());
            assertEquals(0x5a5a5a5a5a5a5a5aL, block.get(C_LONG, 0));
            assertEquals(0, fflush(MemorySegment.NULL));
        }
    }

    @Test
    void getpidIsThisProcess() {
        assertEquals(ProcessHandle.current().pid(), getpid());
    }

    @Test
    void signalRestoresCsSigpipeDeath() throws Exception {
        // in a JVM of its own: this one must keep ignoring SIGPIPE
        NativeProbe.Result result = NativeProbe.java("sigpipe");
        assertEquals("was set\n", result.stdout(), result.stderr());   // the JVM had its own handler
        assertEquals(128 + SIGPIPE(), result.status());                  // killed by SIGPIPE, as C would be
    }

    @Test
    void forkWaitpidAndExit() throws Exception {
        // In a JVM of its own, quiet and interpreted: forking this busy test JVM hung children in
        // about 1 run in 5 (a safepoint in progress at the fork). Making fork safe under load is
        // the fork server's job, proven by its own stress test; this one proves the bindings work.
        NativeProbe.Result result = NativeProbe.java(List.of("-Xint", "-XX:+UseSerialGC", "-XX:-UsePerfData"), "fork");
        assertEquals("reaped 1, exit status 7\n", result.stdout(), result.stderr());
        assertEquals(0, result.status());
    }
}
