/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets;

import io.github.panamasockets.generated.sockets_c;
import io.github.panamasockets.generated.sockets_h;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The functions of bindings/inline.list, which the C view computes in Java (optimised C makes
 * no call for them), give what libc's own functions give: each against sockets_h's downcall.
 */
class InlineFunctionsTest {

    private static final int[] EDGES = {0, 1, -1, 0x7f, 0x80, 0xff, 0x100, 0x1234, 0x7fff, 0x8000, 0xffff,
        0x10000, 0x12345678, 0x7fffffff, 0x80000000, 0xdeadbeef};

    @Test
    void byteOrderIsLibcsForEdgesAndRandomValues() {
        Random random = new Random(15);
        for (int i = 0; i < EDGES.length + 2_000; i++) {
            int v = i < EDGES.length ? EDGES[i] : random.nextInt();
            short s = (short) v;
            assertEquals(sockets_h.htons(s), sockets_c.htons(s), () -> "htons " + Integer.toHexString(v));
            assertEquals(sockets_h.ntohs(s), sockets_c.ntohs(s), () -> "ntohs " + Integer.toHexString(v));
            assertEquals(sockets_h.htonl(v), sockets_c.htonl(v), () -> "htonl " + Integer.toHexString(v));
            assertEquals(sockets_h.ntohl(v), sockets_c.ntohl(v), () -> "ntohl " + Integer.toHexString(v));
        }
    }

    @Test
    void memsetWritesWhatLibcsWritesAndReturnsItsFirstArgument() {
        Random random = new Random(15);
        int[] values = {0, 1, 0x7f, 0x80, 0xff, 0x100, 0x1ab, -1, -0x55, Integer.MIN_VALUE};
        try (Arena arena = Arena.ofConfined()) {
            for (int size : new int[] {1, 7, 16, 33, 4096}) {
                for (int c : values) {
                    for (long n : new long[] {0, 1, size / 2, size}) {
                        byte[] start = new byte[size];
                        random.nextBytes(start);
                        MemorySegment ours = arena.allocate(size);
                        MemorySegment libc = arena.allocate(size);
                        ours.copyFrom(MemorySegment.ofArray(start));
                        libc.copyFrom(MemorySegment.ofArray(start));
                        assertSame(ours, sockets_c.memset(ours, c, n));
                        assertEquals(libc.address(), sockets_h.memset(libc, c, n).address());
                        assertArrayEquals(libc.toArray(ValueLayout.JAVA_BYTE), ours.toArray(ValueLayout.JAVA_BYTE),
                                () -> "memset(s, " + c + ", " + n + ") of " + size + " bytes");
                    }
                }
            }
        }
    }

    @Test
    void memsetOfAnAddressOfUnknownSizeIsLibcsCall() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(64);
            MemorySegment address = MemorySegment.ofAddress(buffer.address()); // zero-length: size unknown
            MemorySegment r = sockets_c.memset(address, 'x', 64);
            assertEquals(buffer.address(), r.address());
            for (long i = 0; i < 64; i++) {
                assertEquals((byte) 'x', buffer.get(ValueLayout.JAVA_BYTE, i));
            }
        }
    }

    @Test
    void memsetPastTheSegmentIsRefusedAndWritesNothing() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(16);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sockets_c.memset(s, 1, 17));
            assertEquals("memset(): argument __s is 16 bytes, and the call may use 17", e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> sockets_c.memset(s, 1, -1)); // size_t: 2^64 - 1
            assertArrayEquals(new byte[16], s.toArray(ValueLayout.JAVA_BYTE));
        }
    }
}
