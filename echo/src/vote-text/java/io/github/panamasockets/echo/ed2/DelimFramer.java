/* DelimFramer.java: messages framed by a newline after each: the text encoding's framing,
 * the Java twin of native/ed2/DelimFramer.c: the same calls, in the same order.
 * It defines class Framer, the functions of Framer.h, as LengthFramer.java does: a program's
 * build puts one of the two beside it, as the C build links one .o (echo/pom.xml).
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.echo.ed2;

import java.lang.foreign.MemorySegment;

import static io.github.panamasockets.Sockets.*; /* the socket API as C has it, errno and all, from one import */

import static io.github.panamasockets.echo.ed2.DieWithMessage.DieWithUserMessage; /* report msg: detail, then quit */

final class Framer {

    private Framer() {
    }

    private static final byte DELIMITER = '\n'; /* ends every message; so no message may hold one */

    /* Returns the bytes put in buf (the delimiter not counted nor stored); -count when bufSize
     * bytes came without a delimiter (the message is too long); -1 when the stream ends before a
     * message starts. A stream that ends inside a message ends the program. */
    static int GetNextMsg(MemorySegment in, MemorySegment buf, long bufSize)
    {
        long count = 0;       /* bytes stored so far (C: size_t) */
        int nextChar = EOF(); /* Book bug fixed, as in the C file: set, for a bufSize of 0 */
        while (count < bufSize)
        {
            nextChar = getc(in); /* one byte from the stream's buffer, read() when it is empty */
            if (nextChar == EOF())
            {
                if (count > 0)
                    DieWithUserMessage(C("GetNextMsg()"), C("Stream ended prematurely")); /* EOF is no delimiter */
                else
                    return -1; /* the peer closed between messages */
            }
            if (nextChar == DELIMITER)
                break;                                   /* the end of this message */
            buf.set(C_CHAR, count++, (byte) nextChar); /* a byte of the message */
        }
        if (nextChar != DELIMITER) /* out of room: count == bufSize */
            return -(int) count;
        else
            return (int) count;
    }

    static int PutMsg(MemorySegment buf, long msgSize, MemorySegment out)
    {
        /* A delimiter inside the message would end it early: refuse it */
        for (long i = 0; i < msgSize; i++)
            if (buf.get(C_CHAR, i) == DELIMITER)
                return -1;
        if (fwrite(buf, 1, msgSize, out) != msgSize)
            return -1; /* the stream's buffer could not take it */
        /* Book bug fixed, as in the C file: it ignored these two, yet the bytes only go out at fflush() */
        if (fputc(DELIMITER, out) == EOF() || fflush(out) != 0)
            return -1;
        return (int) msgSize;
    }
}
