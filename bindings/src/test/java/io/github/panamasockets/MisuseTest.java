/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static io.github.panamasockets.Sockets.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrowsExactly;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Memory C would have misused, refused before the call with an exception that names the call
 * and the argument: heap segments, closed arenas, buffers shorter than the length beside them,
 * descriptors outside an fd_set. Never an AssertionError (jextract's "should not reach here").
 */
class MisuseTest {

    private Arena arena;
    private int fd;
    private MemorySegment heap;

    @BeforeEach
    void socketAndHeapSegment() {
        arena = Arena.ofConfined();
        fd = socket(AF_INET(), SOCK_DGRAM(), 0);
        assertTrue(fd >= 0);
        heap = MemorySegment.ofArray(new byte[16]);
    }

    @AfterEach
    void closeAll() {
        assertEquals(0, close(fd));
        arena.close();
    }

    /** Throws exactly {@code type} (so no AssertionError, no subclass) with a message naming call and argument. */
    private static void refused(Class<? extends RuntimeException> type, String call, String argument, Executable c) {
        String message = assertThrowsExactly(type, c).getMessage();
        assertTrue(message != null && message.startsWith(call + "()"), message);
        assertTrue(message.contains(argument), message);
    }

    @Test
    void heapSegmentsAreRefused() {
        refused(IllegalArgumentException.class, "bind", "__addr", () -> bind(fd, heap, 16));
        refused(IllegalArgumentException.class, "send", "__buf", () -> send(fd, heap, 16, 0));
        refused(IllegalArgumentException.class, "memset", "__s", () -> memset(heap, 0, 16));
        refused(IllegalArgumentException.class, "recvfrom", "__addr_len",
                () -> recvfrom(fd, arena.allocate(16), 16, 0, arena.allocate(16), MemorySegment.ofArray(new int[1])));
    }

    @Test
    void segmentsOfAClosedArenaAreRefused() {
        MemorySegment gone;
        try (Arena shortLived = Arena.ofConfined()) {
            gone = sockaddr_in.allocate(shortLived);
        }
        MemorySegment closed = gone;
        refused(IllegalStateException.class, "bind", "__addr", () -> bind(fd, closed, (int) sockaddr_in.sizeof()));
        refused(IllegalStateException.class, "recv", "__buf", () -> recv(fd, closed, 8, 0));
        refused(IllegalStateException.class, "memset", "__s", () -> memset(closed, 0, 8));
    }

    @Test
    void buffersShorterThanTheirLengthAreRefused() {
        refused(IllegalArgumentException.class, "recv", "__buf", () -> recv(fd, arena.allocate(8), 100, 0));
        refused(IllegalArgumentException.class, "bind", "__addr", () -> bind(fd, arena.allocate(4), 16));
        refused(IllegalArgumentException.class, "memset", "__s", () -> memset(arena.allocate(4), 0, 5));
        // a struct pointer with no length beside it is checked against the struct's size
        refused(IllegalArgumentException.class, "sigaction", "__act",
                () -> sigaction(SIGUSR1(), arena.allocate(8), MemorySegment.NULL));
    }

    @Test
    void arraysShorterThanTheirCountAndAddressesShorterThanTheirLengthAreRefused() {
        // epoll_wait may write maxevents packed 12-byte events; poll reads nfds pollfds
        refused(IllegalArgumentException.class, "epoll_wait", "__events",
                () -> epoll_wait(fd, epoll_event.allocate(arena), 10, 0));
        refused(IllegalArgumentException.class, "poll", "__fds", () -> poll(pollfd.allocate(arena), 2, 0));
        // accept/recvfrom write up to *addrlen bytes: a sockaddr_in with room said to be 28 (sockaddr_in6)
        MemorySegment len = arena.allocateFrom(socklen_t, 28);
        refused(IllegalArgumentException.class, "recvfrom", "__addr",
                () -> recvfrom(fd, arena.allocate(16), 16, MSG_DONTWAIT(), sockaddr_in.allocate(arena), len));
        refused(IllegalArgumentException.class, "fread", "__ptr",
                () -> fread(arena.allocate(16), 8, 4, stdin()));
        // an IPv6 address into an in_addr's 4 bytes
        refused(IllegalArgumentException.class, "inet_pton", "__buf",
                () -> inet_pton(AF_INET6(), C("::1"), in_addr.allocate(arena)));
        // a negative count or length is C's EINVAL, which the call gives: not refused here
        assertEquals(-1, epoll_wait(fd, epoll_event.allocate(arena), -1, 0));
        assertEquals(EINVAL(), errno());
    }

    @Test
    void descriptorsOutsideAnFdSetAreRefused() {
        MemorySegment set = fd_set.allocate(arena);
        FD_ZERO(set);
        refused(IllegalArgumentException.class, "FD_SET", "2000", () -> FD_SET(2000, set));
        refused(IllegalArgumentException.class, "FD_ISSET", "-1", () -> FD_ISSET(-1, set));
        refused(IllegalArgumentException.class, "FD_ZERO", "set", () -> FD_ZERO(heap));
        for (long word = 0; word < fd_set.sizeof(); word += Long.BYTES) {
            assertEquals(0, set.get(C_LONG, word));   // nothing was written
        }
    }

    @Test
    void theRawLayerRefusesHeapSegmentsWithoutAssertionError() {
        // sockets_h, jextract's shape with no checks of its own: the JDK's linker refuses the heap
        // segment, and the call must pass that on rather than wrap it as "should not reach here"
        assertThrowsExactly(IllegalArgumentException.class,
                () -> io.github.panamasockets.generated.sockets_h.bind(fd, heap, 16));
        assertThrowsExactly(IllegalArgumentException.class,
                () -> io.github.panamasockets.generated.sockets_h.send(fd, heap, 16, 0));
        assertThrowsExactly(IllegalArgumentException.class,
                () -> io.github.panamasockets.generated.sockets_h.memset(heap, 0, 16));
    }
}
