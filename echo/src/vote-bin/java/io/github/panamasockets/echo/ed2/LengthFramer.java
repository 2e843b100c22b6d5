/* LengthFramer.java: messages framed by a 2-byte length in front of each, in network byte
 * order: the binary encoding's framing,
 * the Java twin of native/ed2/LengthFramer.c: the same calls, in the same order.
 * It defines class Framer, the functions of Framer.h, as DelimFramer.java does: a program's
 * build puts one of the two beside it, as the C build links one .o (echo/pom.xml).
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.echo.ed2;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static io.github.panamasockets.Sockets.*; /* the socket API as C has it, errno and all, from one import */

import static io.github.panamasockets.echo.ed2.Practical.BUFSIZE;

final class Framer {

    private Framer() {
    }

    private static final int UINT16_MAX = 0xffff; /* stdint.h's */

    /* fprintf() is variadic: one invoker a shape of arguments, linked once */
    private static final fprintf FPRINTF_D = fprintf.makeInvoker(C_INT); /* fprintf(stream, fmt, int) */

    /* Returns the message's size; -1 when the stream ends (or a read fails) before a whole length
     * or message came; when the message does not fit in bufSize bytes, its first bufSize bytes are
     * in buf, the rest is read and dropped, and the result is minus the size the length gave. */
    static int GetNextMsg(MemorySegment in, MemorySegment buf, long bufSize)
    {
        try (Arena stack = Arena.ofConfined()) /* this call's stack frame */
        {
            /* C's uint16_t mSize, whose address fread() takes: a segment for that, then its value */
            MemorySegment wireSize = stack.allocate(C_SHORT);
            wireSize.set(C_SHORT, 0, (short) 0);
            int extra = 0; /* how much of the message does not fit (C: uint16_t) */

            if (fread(wireSize, C_SHORT.byteSize(), 1, in) != 1)
                return -1; /* no whole length: the stream ended */
            int mSize = Short.toUnsignedInt(ntohs(wireSize.get(C_SHORT, 0))); /* to host byte order (C: uint16_t) */
            if (mSize > bufSize)
            {
                extra = mSize - (int) bufSize; /* the part to drop */
                mSize = (int) bufSize;         /* the part to keep */
            }
            if (fread(buf, C_CHAR.byteSize(), mSize, in) != mSize)
            {
                FPRINTF_D.apply(stderr(), C("Framing error: expected %d, read less\n"), mSize);
                return -1; /* the peer closed inside the message */
            }
            if (extra > 0) /* the message was cut: read the rest off the stream */
            {
                /* Book bug fixed, as in the C file: a buffer at a time */
                MemorySegment waste = stack.allocate(BUFSIZE);
                long left = extra; /* bytes still to drop */
                while (left > 0)
                {
                    long chunk = left < waste.byteSize() ? left : waste.byteSize();
                    if (fread(waste, C_CHAR.byteSize(), chunk, in) != chunk)
                        break; /* the stream ended: nothing more to drop */
                    left -= chunk;
                }
                return -(mSize + extra); /* minus the size the length gave */
            }
            else
                return mSize;
        }
    }

    static int PutMsg(MemorySegment buf, long msgSize, MemorySegment out)
    {
        if (msgSize > UINT16_MAX)
            return -1; /* the length would not fit in its 2 bytes */
        try (Arena stack = Arena.ofConfined()) /* this call's stack frame */
        {
            MemorySegment payloadSize = stack.allocate(C_SHORT);
            payloadSize.set(C_SHORT, 0, htons((short) msgSize)); /* the length in network byte order */
            if ((fwrite(payloadSize, C_SHORT.byteSize(), 1, out) != 1) ||
                (fwrite(buf, C_CHAR.byteSize(), msgSize, out) != msgSize))
                return -1; /* the stream's buffer could not take it */
            if (fflush(out) != 0) /* Book bug fixed, as in the C file: unchecked, yet the bytes only go out here */
                return -1;
            return (int) msgSize;
        }
    }
}
