/* VoteEncodingBin.java: vote messages as 4 bytes (a request) or 12 (a response), in network
 * byte order:
 *   bytes 0-1   header: magic 010101 (bits 15-10), response flag (bit 9), inquiry flag (bit 8),
 *               then eight zero bits
 *   bytes 2-3   candidate ID
 *   bytes 4-11  vote count, high 32 bits then low 32 bits (only in a response)
 * the Java twin of native/ed2/VoteEncodingBin.c: the same calls, in the same order, and its
 * struct voteMsgBin as an FFM layout.
 * It defines class VoteEncoding, the functions of VoteEncoding.h, as VoteEncodingText.java does:
 * a program's build puts one of the two beside it, as the C build links one .o (echo/pom.xml).
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.echo.ed2;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import io.github.panamasockets.echo.ed2.VoteProtocol.VoteInfo;

import static io.github.panamasockets.Sockets.*; /* the socket API as C has it, errno and all, from one import */

import static io.github.panamasockets.echo.ed2.DieWithMessage.DieWithUserMessage; /* report msg: detail, then quit */
import static java.lang.foreign.MemoryLayout.PathElement.groupElement;

final class VoteEncoding {

    private VoteEncoding() {
    }

    private static final int REQUEST_SIZE = 4;         /* header and candidate */
    private static final int RESPONSE_SIZE = 12;       /* and the count */
    private static final int COUNT_SHIFT = 32;         /* the count's high half, shifted down */
    private static final int INQUIRE_FLAG = 0x0100;    /* bit 8: an inquiry */
    private static final int RESPONSE_FLAG = 0x0200;   /* bit 9: a response */
    private static final int MAGIC = 0x5400;           /* bits 15-10: 010101 */
    private static final int MAGIC_MASK = 0xfc00;      /* the bits of the magic */

    /* struct voteMsgBin: four fields, no padding (2 + 2 + 4 + 4 bytes, each aligned) */
    private static final StructLayout voteMsgBin = MemoryLayout.structLayout(
            C_SHORT.withName("header"),      /* uint16_t */
            C_SHORT.withName("candidateID"), /* uint16_t */
            C_INT.withName("countHigh"),     /* uint32_t */
            C_INT.withName("countLow"))      /* uint32_t */
            .withName("voteMsgBin");
    private static final long header = voteMsgBin.byteOffset(groupElement("header"));
    private static final long candidateID = voteMsgBin.byteOffset(groupElement("candidateID"));
    private static final long countHigh = voteMsgBin.byteOffset(groupElement("countHigh"));
    private static final long countLow = voteMsgBin.byteOffset(groupElement("countLow"));

    /* v: a VoteInfo; returns C's size_t */
    static long Encode(MemorySegment v, MemorySegment outBuf, long bufSize)
    {
        if ((VoteInfo.isResponse(v) && bufSize < voteMsgBin.byteSize()) || bufSize < 2 * C_SHORT.byteSize())
            DieWithUserMessage(C("Output buffer too small"), C("")); /* as the book words it */
        try (Arena stack = Arena.ofConfined()) /* this call's stack frame */
        {
            /* Book bug fixed, as in the C file: the struct is built here and copied out */
            MemorySegment vm = stack.allocate(voteMsgBin);
            memset(vm, 0, voteMsgBin.byteSize()); /* the zero bits, and no count in a request */
            vm.set(C_SHORT, header, (short) MAGIC);
            if (VoteInfo.isInquiry(v))
                vm.set(C_SHORT, header, (short) (vm.get(C_SHORT, header) | INQUIRE_FLAG));
            if (VoteInfo.isResponse(v))
                vm.set(C_SHORT, header, (short) (vm.get(C_SHORT, header) | RESPONSE_FLAG));
            vm.set(C_SHORT, header, htons(vm.get(C_SHORT, header)));                 /* every field in network byte order */
            vm.set(C_SHORT, candidateID, htons((short) VoteInfo.candidate(v))); /* fits in 16 bits, by the invariant (C converts the same way) */
            if (VoteInfo.isResponse(v))
            {
                /* the 64-bit count as two 32-bit halves (>>>: C shifts a uint64_t, unsigned) */
                vm.set(C_INT, countHigh, htonl((int) (VoteInfo.count(v) >>> COUNT_SHIFT)));
                vm.set(C_INT, countLow, htonl((int) VoteInfo.count(v)));
                memcpy(outBuf, vm, RESPONSE_SIZE);
                return RESPONSE_SIZE;
            }
            else
            {
                memcpy(outBuf, vm, REQUEST_SIZE); /* header and candidate only */
                return REQUEST_SIZE;
            }
        }
    }

    /* mSize: C's size_t, never negative here */
    static boolean Decode(MemorySegment inBuf, long mSize, MemorySegment v)
    {
        try (Arena stack = Arena.ofConfined()) /* this call's stack frame */
        {
            /* Book bug fixed, as in the C file: the bytes copied into a cleared struct first */
            MemorySegment vm = stack.allocate(voteMsgBin);
            memset(vm, 0, voteMsgBin.byteSize());
            memcpy(vm, inBuf, mSize < voteMsgBin.byteSize() ? mSize : voteMsgBin.byteSize());

            int header = Short.toUnsignedInt(ntohs(vm.get(C_SHORT, VoteEncoding.header))); /* to host byte order (C: uint16_t) */
            if ((mSize < REQUEST_SIZE) || ((header & MAGIC_MASK) != MAGIC))
                return false; /* too short, or not a vote message */
            VoteInfo.isResponse(v, (header & RESPONSE_FLAG) != 0);
            VoteInfo.isInquiry(v, (header & INQUIRE_FLAG) != 0);
            VoteInfo.candidate(v, Short.toUnsignedInt(ntohs(vm.get(C_SHORT, candidateID)))); /* C: uint16_t, widened without sign */
            if (VoteInfo.isResponse(v) && mSize >= RESPONSE_SIZE) /* a shorter response leaves the count as it was */
                VoteInfo.count(v, ((long) ntohl(vm.get(C_INT, countHigh)) << COUNT_SHIFT)
                                  | Integer.toUnsignedLong(ntohl(vm.get(C_INT, countLow)))); /* C: uint32_t, widened without sign */
            return true;
        }
    }
}
