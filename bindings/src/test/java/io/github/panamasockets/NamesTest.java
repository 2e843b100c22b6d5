/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.github.panamasockets.Sockets.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Names and addresses from the one import: getaddrinfo's list walked through ai_next,
 * gai_strerror against C's, getnameinfo numeric, inet_pton/inet_ntop both ways.
 */
class NamesTest {

    /** More entries than any resolver gives for one name: the walk stops there, whatever the list. */
    private static final int MAX_ENTRIES = 64;

    @TempDir
    static Path work;

    /** The text of the address in a sockaddr_in or sockaddr_in6, by inet_ntop. */
    private static String numeric(Arena arena, MemorySegment sa) {
        MemorySegment text = arena.allocate(INET6_ADDRSTRLEN());
        MemorySegment in = sockaddr.sa_family(sa) == AF_INET() ? sockaddr_in.sin_addr(sa) : sockaddr_in6.sin6_addr(sa);
        assertEquals(text.address(), inet_ntop(sockaddr.sa_family(sa), in, text, INET6_ADDRSTRLEN()).address());
        return string(text);
    }

    /** getaddrinfo() hints: any family, stream sockets. */
    private static MemorySegment streamHints(Arena arena) {
        MemorySegment hints = addrinfo.allocate(arena);
        memset(hints, 0, addrinfo.sizeof());
        addrinfo.ai_family(hints, AF_UNSPEC());
        addrinfo.ai_socktype(hints, SOCK_STREAM());
        return hints;
    }

    @Test
    void getaddrinfoWalksTheListForLocalhost() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment hints = streamHints(arena);
            MemorySegment res = arena.allocate(C_POINTER);
            int rc = getaddrinfo(C("localhost"), C("7"), hints, res);
            assertEquals(0, rc, () -> "getaddrinfo: " + string(gai_strerror(rc)));

            List<String> addresses = new ArrayList<>();
            MemorySegment ai = res.get(C_POINTER, 0);
            for (int n = 0; !ai.equals(MemorySegment.NULL); n++) {
                assertTrue(n < MAX_ENTRIES, "ai_next does not end");
                assertEquals(SOCK_STREAM(), addrinfo.ai_socktype(ai));
                MemorySegment sa = addrinfo.ai_addr(ai);
                int family = addrinfo.ai_family(ai);
                assertEquals(family, sockaddr.sa_family(sa));
                if (family == AF_INET()) {
                    assertEquals(sockaddr_in.sizeof(), addrinfo.ai_addrlen(ai));
                    assertEquals(7, Short.toUnsignedInt(ntohs(sockaddr_in.sin_port(sa))));
                } else {
                    assertEquals(AF_INET6(), family);
                    assertEquals(sockaddr_in6.sizeof(), addrinfo.ai_addrlen(ai));
                    assertEquals(7, Short.toUnsignedInt(ntohs(sockaddr_in6.sin6_port(sa))));
                }
                addresses.add(numeric(arena, sa));
                ai = addrinfo.ai_next(ai);
            }
            freeaddrinfo(res.get(C_POINTER, 0));
            assertFalse(addresses.isEmpty());
            assertTrue(addresses.contains("127.0.0.1") || addresses.contains("::1"), addresses.toString());
        }
    }

    @Test
    void anInvalidNameFailsWithCsMessage() throws Exception {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment hints = streamHints(arena);
            MemorySegment res = arena.allocate(C_POINTER);
            // a 70-letter label, longer than DNS allows: libc fails it without asking a name server (off loopback)
            int rc = getaddrinfo(C("a".repeat(70) + ".invalid"), MemorySegment.NULL, hints, res);
            assertNotEquals(0, rc);
            String message = string(gai_strerror(rc));
            assertFalse(message.isBlank());

            Path probe = NativeProbe.compile("gai_message", work);
            NativeProbe.Result c = NativeProbe.run(List.of(probe.toString(), Integer.toString(rc)));
            assertEquals(0, c.status(), c.stderr());
            assertEquals(c.stdout(), message + "\n");
        }
    }

    @Test
    void getnameinfoNumeric() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sa = sockaddr_in.allocate(arena);
            memset(sa, 0, sockaddr_in.sizeof());
            sockaddr_in.sin_family(sa, (short) AF_INET());
            assertEquals(1, inet_pton(AF_INET(), C("127.0.0.1"), sockaddr_in.sin_addr(sa)));
            sockaddr_in.sin_port(sa, htons((short) 9));
            MemorySegment host = arena.allocate(NI_MAXHOST());
            MemorySegment serv = arena.allocate(NI_MAXSERV());
            assertEquals(0, getnameinfo(sa, (int) sockaddr_in.sizeof(), host, NI_MAXHOST(), serv, NI_MAXSERV(),
                    NI_NUMERICHOST() | NI_NUMERICSERV()));
            assertEquals("127.0.0.1", string(host));
            assertEquals("9", string(serv));
        }
    }

    @Test
    void inetPtonAndNtopRoundTripV4() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment in = in_addr.allocate(arena);
            assertEquals(1, inet_pton(AF_INET(), C("192.0.2.33"), in));
            assertEquals(htonl(0xc0000221), in_addr.s_addr(in));   // network byte order in memory
            MemorySegment text = arena.allocate(INET_ADDRSTRLEN());
            assertEquals(text.address(), inet_ntop(AF_INET(), in, text, INET_ADDRSTRLEN()).address());
            assertEquals("192.0.2.33", string(text));
            assertEquals(0, inet_pton(AF_INET(), C("192.0.2"), in));    // not dotted quad: 0, not -1
        }
    }

    @Test
    void inetPtonAndNtopRoundTripV6() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment in6 = in6_addr.allocate(arena);
            assertEquals(1, inet_pton(AF_INET6(), C("2001:db8:0:0:8:800:200c:417a"), in6));
            assertArrayEquals(new byte[] {0x20, 0x01, 0x0d, (byte) 0xb8, 0, 0, 0, 0, 0, 8, 8, 0, 0x20, 0x0c, 0x41, 0x7a},
                    s6_addr(in6).toArray(C_CHAR));
            MemorySegment text = arena.allocate(INET6_ADDRSTRLEN());
            assertEquals(text.address(), inet_ntop(AF_INET6(), in6, text, INET6_ADDRSTRLEN()).address());
            assertEquals("2001:db8::8:800:200c:417a", string(text));   // RFC 5952's shortest form

            // a buffer too small for the text: NULL, and errno set (ENOSPC, not among the bound constants)
            MemorySegment small = arena.allocate(8);
            errno(0);
            assertEquals(MemorySegment.NULL, inet_ntop(AF_INET6(), in6, small, 8));
            assertNotEquals(0, errno());
            assertEquals(-1, inet_pton(AF_UNIX(), C("::1"), in6));   // a family inet_pton does not know
            assertEquals(EAFNOSUPPORT(), errno());
        }
    }
}
