/* VoteProtocol.java: what a vote message says, whichever encoding carries it, and the
 * protocol's limits: the Java twin of native/ed2/VoteProtocol.h, its struct as an FFM layout.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.echo.ed2;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static io.github.panamasockets.Sockets.*; /* the socket API as C has it, errno and all, from one import */
import static java.lang.foreign.MemoryLayout.PathElement.groupElement;

final class VoteProtocol {

    private VoteProtocol() {
    }

    static final int MAX_CANDIDATE = 1000; /* candidates are numbered 0 to MAX_CANDIDATE */
    static final int MAX_WIRE_SIZE = 500;  /* the longest encoded message, framing not counted */

    /* struct VoteInfo, one message decoded, laid out as C lays it out on x86-64 and AArch64
     * Linux: 8 + 4 + 1 + 1 bytes and 2 of padding to the uint64_t's alignment (never sent as
     * it is: the encodings write it field by field). Accessors as the generated struct classes
     * have them: VoteInfo.count(v), VoteInfo.count(v, n). */
    static final class VoteInfo {

        private VoteInfo() {
        }

        static final StructLayout LAYOUT = MemoryLayout.structLayout(
                C_LONG_LONG.withName("count"),    /* uint64_t: invariant !isResponse => count == 0 */
                C_INT.withName("candidate"),      /* invariant: 0 <= candidate <= MAX_CANDIDATE */
                C_BOOL.withName("isInquiry"),     /* an inquiry asks for the count; a vote also adds one */
                C_BOOL.withName("isResponse"),    /* the server's answer, not a client's request */
                MemoryLayout.paddingLayout(2))    /* to a multiple of 8, as sizeof(VoteInfo) */
                .withName("VoteInfo");

        private static final long COUNT = LAYOUT.byteOffset(groupElement("count"));
        private static final long CANDIDATE = LAYOUT.byteOffset(groupElement("candidate"));
        private static final long IS_INQUIRY = LAYOUT.byteOffset(groupElement("isInquiry"));
        private static final long IS_RESPONSE = LAYOUT.byteOffset(groupElement("isResponse"));

        static MemorySegment allocate(Arena arena) {
            return arena.allocate(LAYOUT);
        }

        static long sizeof() {
            return LAYOUT.byteSize();
        }

        static long count(MemorySegment v) {
            return v.get(C_LONG_LONG, COUNT); /* C: uint64_t; the same 64 bits, read unsigned where printed */
        }

        static void count(MemorySegment v, long count) {
            v.set(C_LONG_LONG, COUNT, count);
        }

        static int candidate(MemorySegment v) {
            return v.get(C_INT, CANDIDATE);
        }

        static void candidate(MemorySegment v, int candidate) {
            v.set(C_INT, CANDIDATE, candidate);
        }

        static boolean isInquiry(MemorySegment v) {
            return v.get(C_BOOL, IS_INQUIRY);
        }

        static void isInquiry(MemorySegment v, boolean isInquiry) {
            v.set(C_BOOL, IS_INQUIRY, isInquiry);
        }

        static boolean isResponse(MemorySegment v) {
            return v.get(C_BOOL, IS_RESPONSE);
        }

        static void isResponse(MemorySegment v, boolean isResponse) {
            v.set(C_BOOL, IS_RESPONSE, isResponse);
        }
    }
}
