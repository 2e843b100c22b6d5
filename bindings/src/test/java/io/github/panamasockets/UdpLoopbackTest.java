/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.github.panamasockets.Sockets.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * UDP over 127.0.0.1 and ::1 as a C program writes it, from the one import: bind to port 0,
 * getsockname, sendto/recvfrom with the sender's address coming back, and a receive timeout.
 */
class UdpLoopbackTest {

    private static final byte[] PAYLOAD = {'p', 'i', 'n', 'g', 0, (byte) 0xff, '!'};

    /** 127.0.0.1:port (ErrnoTest's and LibcOutputTest's too). */
    static MemorySegment v4(Arena arena, int port) {
        MemorySegment addr = sockaddr_in.allocate(arena);
        memset(addr, 0, sockaddr_in.sizeof());
        sockaddr_in.sin_family(addr, (short) AF_INET());
        in_addr.s_addr(sockaddr_in.sin_addr(addr), htonl(INADDR_LOOPBACK()));
        sockaddr_in.sin_port(addr, htons((short) port));
        return addr;
    }

    /** [::1]:port, the address taken from libc's in6addr_loopback. */
    private static MemorySegment v6(Arena arena, int port) {
        MemorySegment addr = sockaddr_in6.allocate(arena);
        memset(addr, 0, sockaddr_in6.sizeof());
        sockaddr_in6.sin6_family(addr, (short) AF_INET6());
        sockaddr_in6.sin6_addr(addr, in6addr_loopback());
        sockaddr_in6.sin6_port(addr, htons((short) port));
        return addr;
    }

    /** A UDP socket of the family whose receives give up after 10 s: a lost datagram fails the test, never hangs it. */
    private static int udpSocket(Arena arena, int family) {
        int fd = socket(family, SOCK_DGRAM(), 0);
        assertTrue(fd >= 0, () -> "socket: errno " + errno());
        MemorySegment limit = timeval.allocate(arena);
        timeval.tv_sec(limit, 10);
        timeval.tv_usec(limit, 0);
        assertEquals(0, setsockopt(fd, SOL_SOCKET(), SO_RCVTIMEO(), limit, (int) timeval.sizeof()));
        return fd;
    }

    /** Binds fd to addr (port 0) and returns the port the kernel chose, read back with getsockname. */
    private static int bindAnyPort(Arena arena, int fd, MemorySegment addr, long size) {
        assertEquals(0, bind(fd, addr, (int) size), () -> "bind: errno " + errno());
        MemorySegment len = arena.allocateFrom(socklen_t, (int) size);
        assertEquals(0, getsockname(fd, addr, len), () -> "getsockname: errno " + errno());
        assertEquals(size, len.get(socklen_t, 0));
        short netPort = size == sockaddr_in.sizeof() ? sockaddr_in.sin_port(addr) : sockaddr_in6.sin6_port(addr);
        int port = Short.toUnsignedInt(ntohs(netPort));
        assertTrue(port > 0);
        return port;
    }

    @Test
    void echoOverIpv4() {
        try (Arena arena = Arena.ofConfined()) {
            int server = udpSocket(arena, AF_INET());
            int client = udpSocket(arena, AF_INET());
            int serverPort = bindAnyPort(arena, server, v4(arena, 0), sockaddr_in.sizeof());
            int clientPort = bindAnyPort(arena, client, v4(arena, 0), sockaddr_in.sizeof());

            MemorySegment out = arena.allocateFrom(C_CHAR, PAYLOAD);
            assertEquals(PAYLOAD.length, sendto(client, out, PAYLOAD.length, 0, v4(arena, serverPort), (int) sockaddr_in.sizeof()));

            // the server echoes to whoever sent: recvfrom's address, passed back to sendto as is
            MemorySegment buf = arena.allocate(64);
            MemorySegment from = sockaddr_in.allocate(arena);
            MemorySegment fromLen = arena.allocateFrom(socklen_t, (int) sockaddr_in.sizeof());
            long got = recvfrom(server, buf, buf.byteSize(), 0, from, fromLen);
            assertEquals(PAYLOAD.length, got, () -> "recvfrom: errno " + errno());
            assertArrayEquals(PAYLOAD, buf.asSlice(0, got).toArray(C_CHAR));
            assertEquals(sockaddr_in.sizeof(), fromLen.get(socklen_t, 0));
            assertEquals(AF_INET(), sockaddr_in.sin_family(from));
            assertEquals(htonl(INADDR_LOOPBACK()), in_addr.s_addr(sockaddr_in.sin_addr(from)));
            assertEquals(clientPort, Short.toUnsignedInt(ntohs(sockaddr_in.sin_port(from))));
            assertEquals(got, sendto(server, buf, got, 0, from, fromLen.get(socklen_t, 0)));

            MemorySegment back = arena.allocate(64);
            MemorySegment echoFrom = sockaddr_in.allocate(arena);
            MemorySegment echoFromLen = arena.allocateFrom(socklen_t, (int) sockaddr_in.sizeof());
            assertEquals(PAYLOAD.length, recvfrom(client, back, back.byteSize(), 0, echoFrom, echoFromLen));
            assertArrayEquals(PAYLOAD, back.asSlice(0, PAYLOAD.length).toArray(C_CHAR));
            assertEquals(serverPort, Short.toUnsignedInt(ntohs(sockaddr_in.sin_port(echoFrom))));

            assertEquals(0, close(client));
            assertEquals(0, close(server));
        }
    }

    @Test
    void echoOverIpv6() throws IOException {
        assumeTrue(hasIpv6Loopback(), "no ::1 on this machine (/proc/net/if_inet6 lists no loopback address)");
        try (Arena arena = Arena.ofConfined()) {
            // in6addr_loopback and inet_pton("::1") must be the same 16 bytes
            MemorySegment parsed = in6_addr.allocate(arena);
            assertEquals(1, inet_pton(AF_INET6(), C("::1"), parsed));
            assertArrayEquals(in6addr_loopback().toArray(C_CHAR), parsed.toArray(C_CHAR));
            assertEquals(1, s6_addr(parsed).get(C_CHAR, 15));

            int server = udpSocket(arena, AF_INET6());
            int client = udpSocket(arena, AF_INET6());
            int serverPort = bindAnyPort(arena, server, v6(arena, 0), sockaddr_in6.sizeof());
            int clientPort = bindAnyPort(arena, client, v6(arena, 0), sockaddr_in6.sizeof());

            MemorySegment to = sockaddr_in6.allocate(arena);
            memset(to, 0, sockaddr_in6.sizeof());
            sockaddr_in6.sin6_family(to, (short) AF_INET6());
            sockaddr_in6.sin6_addr(to, parsed);
            sockaddr_in6.sin6_port(to, htons((short) serverPort));
            MemorySegment out = arena.allocateFrom(C_CHAR, PAYLOAD);
            assertEquals(PAYLOAD.length, sendto(client, out, PAYLOAD.length, 0, to, (int) sockaddr_in6.sizeof()));

            MemorySegment buf = arena.allocate(64);
            MemorySegment from = sockaddr_storage.allocate(arena);
            MemorySegment fromLen = arena.allocateFrom(socklen_t, (int) sockaddr_storage.sizeof());
            long got = recvfrom(server, buf, buf.byteSize(), 0, from, fromLen);
            assertEquals(PAYLOAD.length, got, () -> "recvfrom: errno " + errno());
            assertArrayEquals(PAYLOAD, buf.asSlice(0, got).toArray(C_CHAR));
            assertEquals(sockaddr_in6.sizeof(), fromLen.get(socklen_t, 0));
            assertEquals(AF_INET6(), sockaddr_storage.ss_family(from));
            assertArrayEquals(in6addr_loopback().toArray(C_CHAR), sockaddr_in6.sin6_addr(from).toArray(C_CHAR));
            assertEquals(clientPort, Short.toUnsignedInt(ntohs(sockaddr_in6.sin6_port(from))));

            MemorySegment text = arena.allocate(INET6_ADDRSTRLEN());
            assertEquals(text.address(), inet_ntop(AF_INET6(), sockaddr_in6.sin6_addr(from), text, INET6_ADDRSTRLEN()).address());
            assertEquals("::1", string(text));

            assertEquals(got, sendto(server, buf, got, 0, from, fromLen.get(socklen_t, 0)));
            MemorySegment back = arena.allocate(64);
            assertEquals(PAYLOAD.length, recvfrom(client, back, back.byteSize(), 0, MemorySegment.NULL, MemorySegment.NULL));
            assertArrayEquals(PAYLOAD, back.asSlice(0, PAYLOAD.length).toArray(C_CHAR));

            assertEquals(0, close(client));
            assertEquals(0, close(server));
        }
    }

    @Test
    void receiveTimeoutFailsWithEagain() {
        try (Arena arena = Arena.ofConfined()) {
            int fd = socket(AF_INET(), SOCK_DGRAM(), 0);
            bindAnyPort(arena, fd, v4(arena, 0), sockaddr_in.sizeof());
            MemorySegment timeout = timeval.allocate(arena);
            timeval.tv_sec(timeout, 0);
            timeval.tv_usec(timeout, 200_000);
            assertEquals(0, setsockopt(fd, SOL_SOCKET(), SO_RCVTIMEO(), timeout, (int) timeval.sizeof()));

            // read back: the kernel keeps the timeout (rounded to its clock tick, so only "nonzero")
            MemorySegment kept = timeval.allocate(arena);
            MemorySegment keptLen = arena.allocateFrom(socklen_t, (int) timeval.sizeof());
            assertEquals(0, getsockopt(fd, SOL_SOCKET(), SO_RCVTIMEO(), kept, keptLen));
            assertTrue(timeval.tv_sec(kept) > 0 || timeval.tv_usec(kept) > 0);

            errno(0);
            assertEquals(-1, recv(fd, arena.allocate(16), 16, 0));   // nobody sends: the timeout expires
            assertEquals(EAGAIN(), errno());
            assertEquals(EWOULDBLOCK(), errno());
            assertEquals(0, close(fd));
        }
    }

    /** ::1 is configured when /proc/net/if_inet6 has the loopback address (on any interface). */
    private static boolean hasIpv6Loopback() throws IOException {
        Path table = Path.of("/proc/net/if_inet6");
        return Files.isReadable(table)
                && Files.readAllLines(table).stream().anyMatch(l -> l.startsWith("00000000000000000000000000000001 "));
    }
}
