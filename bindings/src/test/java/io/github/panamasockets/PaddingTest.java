/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.PaddingLayout;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.github.panamasockets.Sockets.C_INT;
import static io.github.panamasockets.Sockets.C_SHORT;
import static io.github.panamasockets.Sockets.htonl;
import static io.github.panamasockets.Sockets.htons;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The seed's "beware the bytes of padding": {@code struct tst { short x; int y; short z; }}
 * laid out with FFM as jextract would write it, checked against gcc (src/test/c/padding.c),
 * then put on the wire as the slide says, member by member in network byte order, and compared
 * byte for byte with C's encoding; and the struct's raw bytes, sent as they are, carry the padding.
 */
class PaddingTest {

    /* What jextract writes for struct tst: the padding spelled out. The 2s are a claim about
     * the C compiler, which layoutIsGccs() checks. */
    static final StructLayout TST = MemoryLayout.structLayout(
            C_SHORT.withName("x"),
            MemoryLayout.paddingLayout(2),
            C_INT.withName("y"),
            C_SHORT.withName("z"),
            MemoryLayout.paddingLayout(2)).withName("tst");
    static final long X = TST.byteOffset(PathElement.groupElement("x"));
    static final long Y = TST.byteOffset(PathElement.groupElement("y"));
    static final long Z = TST.byteOffset(PathElement.groupElement("z"));

    /* A wire format has no alignment: y lands at offset 2, where C_INT itself would refuse it */
    static final ValueLayout.OfShort WIRE_SHORT = C_SHORT.withByteAlignment(1);
    static final ValueLayout.OfInt WIRE_INT = C_INT.withByteAlignment(1);

    /* every byte distinct, so that a byte out of order shows; and all negative (high bits set) */
    static final List<int[]> VALUES = List.of(new int[] {0x0102, 0x03040506, 0x0708}, new int[] {-2, -3, -4});

    @TempDir
    static Path work;
    static Path probe;

    @BeforeAll
    static void compile() throws Exception {
        probe = NativeProbe.compile("padding", work);
    }

    private static byte[] c(String mode, int[] v) throws Exception {
        NativeProbe.Result r = NativeProbe.run(List.of(probe.toString(), mode,
                Integer.toString(v[0]), Integer.toString(v[1]), Integer.toString(v[2])));
        assertEquals(0, r.status(), r.stderr());
        return r.stdout().getBytes(StandardCharsets.ISO_8859_1); // run() read the bytes as ISO-8859-1: one char a byte
    }

    /** A struct tst in memory, as C's {@code struct tst t = {x, y, z}} in host byte order. */
    private static MemorySegment tst(Arena arena, int[] v) {
        MemorySegment t = arena.allocate(TST); // zeroed, padding included, as padding.c's memset
        t.set(C_SHORT, X, (short) v[0]);
        t.set(C_INT, Y, v[1]);
        t.set(C_SHORT, Z, (short) v[2]);
        return t;
    }

    /** The slide's encoding: each member on its own, htons/htonl, one after the other, no padding. */
    static MemorySegment serialise(MemorySegment t, Arena arena) {
        MemorySegment wire = arena.allocate(C_SHORT.byteSize() + C_INT.byteSize() + C_SHORT.byteSize());
        long offset = 0;
        wire.set(WIRE_SHORT, offset, htons(t.get(C_SHORT, X)));
        offset += C_SHORT.byteSize();
        wire.set(WIRE_INT, offset, htonl(t.get(C_INT, Y)));
        offset += C_INT.byteSize();
        wire.set(WIRE_SHORT, offset, htons(t.get(C_SHORT, Z)));
        offset += C_SHORT.byteSize();
        assertEquals(wire.byteSize(), offset);
        return wire;
    }

    @Test
    void layoutIsGccs() throws Exception {
        NativeProbe.Result r = NativeProbe.run(List.of(probe.toString(), "layout"));
        assertEquals(0, r.status(), r.stderr());
        Map<String, Long> gcc = NativeProbe.keyValues(r.stdout());
        assertEquals(gcc.get("sizeof"), TST.byteSize(), "sizeof(struct tst)");
        assertEquals(gcc.get("alignof"), TST.byteAlignment(), "_Alignof(struct tst)");
        assertEquals(gcc.get("x"), X, "offsetof(struct tst, x)");
        assertEquals(gcc.get("y"), Y, "offsetof(struct tst, y)");
        assertEquals(gcc.get("z"), Z, "offsetof(struct tst, z)");
    }

    @Test
    void memberByMemberInNetworkOrderIsCsEncoding() throws Exception {
        try (Arena arena = Arena.ofConfined()) {
            for (int[] v : VALUES) {
                byte[] java = serialise(tst(arena, v), arena).toArray(JAVA_BYTE);
                assertArrayEquals(c("wire", v), java, "EncodeTst() of " + v[0] + " " + v[1] + " " + v[2]);
                // Java's own big-endian ByteBuffer does this job too: the same 8 bytes
                byte[] buffer = ByteBuffer.allocate(java.length).putShort((short) v[0]).putInt(v[1]).putShort((short) v[2]).array();
                assertArrayEquals(buffer, java, "ByteBuffer");
            }
        }
    }

    @Test
    void theRawStructPutsThePaddingOnTheWire() throws Exception {
        try (Arena arena = Arena.ofConfined()) {
            for (int[] v : VALUES) {
                // the members in network order in place, then the struct's bytes as they are
                MemorySegment t = tst(arena, v);
                t.set(C_SHORT, X, htons(t.get(C_SHORT, X)));
                t.set(C_INT, Y, htonl(t.get(C_INT, Y)));
                t.set(C_SHORT, Z, htons(t.get(C_SHORT, Z)));
                byte[] raw = t.toArray(JAVA_BYTE);
                assertArrayEquals(c("raw", v), raw, "the struct's bytes, C then Java");

                // what differs from the encoding is exactly the padding: cut it out and the two agree
                byte[] wire = serialise(tst(arena, v), arena).toArray(JAVA_BYTE);
                assertNotEquals(wire.length, raw.length);
                ByteArrayOutputStream withoutPadding = new ByteArrayOutputStream();
                long padding = 0;
                long offset = 0;
                for (MemoryLayout member : TST.memberLayouts()) {
                    if (member instanceof PaddingLayout) {
                        padding += member.byteSize();
                    } else {
                        withoutPadding.write(raw, (int) offset, (int) member.byteSize());
                    }
                    offset += member.byteSize();
                }
                assertTrue(padding > 0, "struct tst has padding");
                assertEquals(raw.length - wire.length, padding);
                assertArrayEquals(wire, withoutPadding.toByteArray());
            }
        }
    }
}
