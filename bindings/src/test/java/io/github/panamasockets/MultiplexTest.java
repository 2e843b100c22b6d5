/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.HashSet;
import java.util.Set;

import static io.github.panamasockets.Sockets.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * poll, epoll, select and O_NONBLOCK on a socketpair, from the one import: each waits on the
 * reading end once while it is empty (timeout 0, nothing ready) and once after a byte was written.
 */
class MultiplexTest {

    private Arena arena;
    private int reader;
    private int writer;

    @BeforeEach
    void pair() {
        arena = Arena.ofConfined();
        MemorySegment fds = arena.allocate(C_INT, 2);
        assertEquals(0, socketpair(AF_UNIX(), SOCK_STREAM(), 0, fds), () -> "socketpair: errno " + errno());
        reader = fds.getAtIndex(C_INT, 0);
        writer = fds.getAtIndex(C_INT, 1);
    }

    @AfterEach
    void closePair() {
        assertEquals(0, close(reader));
        assertEquals(0, close(writer));
        arena.close();
    }

    private void writeOneByte() {
        assertEquals(1, write(writer, C("x"), 1));
    }

    @Test
    void pollSeesTheByte() {
        MemorySegment fds = pollfd.allocateArray(2, arena);
        MemorySegment first = pollfd.asSlice(fds, 0);
        MemorySegment second = pollfd.asSlice(fds, 1);
        pollfd.fd(first, reader);
        pollfd.events(first, (short) POLLIN());
        pollfd.fd(second, -1);   // C's way to leave an entry out: poll ignores negative fds
        pollfd.events(second, (short) POLLIN());

        assertEquals(0, poll(fds, 2, 0));
        assertEquals(0, pollfd.revents(first));

        writeOneByte();
        assertEquals(1, poll(fds, 2, 0));
        assertEquals(POLLIN(), pollfd.revents(first) & POLLIN());
        assertEquals(0, pollfd.revents(second));
    }

    @Test
    void epollSeesTheBytes() {
        int ep = epoll_create1(EPOLL_CLOEXEC());
        assertTrue(ep >= 0, () -> "epoll_create1: errno " + errno());
        for (int fd : new int[] {reader, writer}) {
            MemorySegment event = epoll_event.allocate(arena);
            epoll_event.events(event, EPOLLIN());
            epoll_data.fd(epoll_event.data(event), fd);
            assertEquals(0, epoll_ctl(ep, EPOLL_CTL_ADD(), fd, event), () -> "epoll_ctl: errno " + errno());
        }

        MemorySegment ready = epoll_event.allocateArray(4, arena);
        assertEquals(0, epoll_wait(ep, ready, 4, 0));

        // a byte each way: two events, so the second one's place tests the array's stride
        // (struct epoll_event is packed on x86-64: 12 bytes, data right after the 4-byte events)
        writeOneByte();
        assertEquals(1, write(reader, C("y"), 1));
        assertEquals(2, epoll_wait(ep, ready, 4, 0));
        Set<Integer> fds = new HashSet<>();
        for (int i = 0; i < 2; i++) {
            MemorySegment got = epoll_event.asSlice(ready, i);
            assertEquals(EPOLLIN(), epoll_event.events(got) & EPOLLIN());
            fds.add(epoll_data.fd(epoll_event.data(got)));
        }
        assertEquals(Set.of(reader, writer), fds);
        assertEquals(0, close(ep));
    }

    @Test
    void selectSeesTheByte() {
        MemorySegment set = fd_set.allocate(arena);
        MemorySegment timeout = timeval.allocate(arena);

        FD_ZERO(set);
        FD_SET(reader, set);
        timeval.tv_sec(timeout, 0);
        timeval.tv_usec(timeout, 0);
        assertEquals(0, select(reader + 1, set, MemorySegment.NULL, MemorySegment.NULL, timeout));
        assertFalse(FD_ISSET(reader, set));   // select clears what is not ready

        writeOneByte();
        FD_ZERO(set);
        FD_SET(reader, set);
        FD_SET(writer, set);
        FD_CLR(writer, set);
        assertFalse(FD_ISSET(writer, set));
        assertEquals(1, select(Math.max(reader, writer) + 1, set, MemorySegment.NULL, MemorySegment.NULL, timeout));
        assertTrue(FD_ISSET(reader, set));
        assertFalse(FD_ISSET(writer, set));
    }

    @Test
    void nonBlockingRecvOnAnEmptySocket() {
        int flags = fcntl(reader, F_GETFL());
        assertTrue(flags >= 0, () -> "fcntl(F_GETFL): errno " + errno());
        assertEquals(0, flags & O_NONBLOCK());
        assertEquals(0, fcntl(reader, F_SETFL(), flags | O_NONBLOCK()));
        assertEquals(O_NONBLOCK(), fcntl(reader, F_GETFL()) & O_NONBLOCK());

        errno(0);
        assertEquals(-1, recv(reader, arena.allocate(8), 8, 0));
        assertEquals(EAGAIN(), errno());

        writeOneByte();   // and once there is a byte, the same call returns it
        MemorySegment buf = arena.allocate(8);
        assertEquals(1, recv(reader, buf, 8, 0));
        assertEquals('x', buf.get(C_CHAR, 0));
    }
}
