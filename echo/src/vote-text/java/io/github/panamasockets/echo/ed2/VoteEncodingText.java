/* VoteEncodingText.java: vote messages as a line of text,
 *   "Voting <v|i> [R] <candidate ID> [<count>]"
 * (a request has an empty R field, so two spaces before the candidate, as the book sends it),
 * the Java twin of native/ed2/VoteEncodingText.c: the same calls, in the same order.
 * It defines class VoteEncoding, the functions of VoteEncoding.h, as VoteEncodingBin.java does:
 * a program's build puts one of the two beside it, as the C build links one .o (echo/pom.xml).
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.echo.ed2;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import io.github.panamasockets.echo.ed2.VoteProtocol.VoteInfo;

import static io.github.panamasockets.Sockets.*; /* the socket API as C has it, errno and all, from one import */

import static io.github.panamasockets.echo.ed2.DieWithMessage.DieWithUserMessage; /* report msg: detail, then quit */
import static io.github.panamasockets.echo.ed2.VoteProtocol.MAX_WIRE_SIZE;
import static java.lang.foreign.MemorySegment.NULL;

final class VoteEncoding {

    private VoteEncoding() {
    }

    private static final MemorySegment MAGIC = C("Voting");  /* every message starts with this word */
    private static final MemorySegment VOTESTR = C("v");     /* the word for a vote */
    private static final MemorySegment INQSTR = C("i");      /* the word for an inquiry */
    private static final MemorySegment RESPONSESTR = C("R"); /* the word that marks a response */
    private static final MemorySegment DELIMSTR = C(" ");    /* what separates the words */
    private static final int BASE = 10;                      /* the count is written in decimal */

    /* snprintf() is variadic: one invoker a shape of arguments, linked once */
    private static final snprintf SNPRINTF_SCSD = snprintf.makeInvoker(C_POINTER, C_INT, C_POINTER, C_INT); /* (char *, char as int, char *, int) */
    private static final snprintf SNPRINTF_LLU = snprintf.makeInvoker(C_LONG_LONG);                        /* (unsigned long long) */

    /* v: a VoteInfo; returns C's size_t */
    static long Encode(MemorySegment v, MemorySegment outBuf, long bufSize)
    {
        MemorySegment bufPtr = outBuf; /* where the next field goes */
        long size = bufSize;           /* room left from bufPtr on (C: size_t) */
        int rv = SNPRINTF_SCSD.apply(bufPtr, size, C("%s %c %s %d"), MAGIC,
                                     (int) (VoteInfo.isInquiry(v) ? 'i' : 'v'), (VoteInfo.isResponse(v) ? C("R") : C("")), VoteInfo.candidate(v));
        /* Book bug fixed, as in the C file: a clear error, not a silent truncation */
        if (rv < 0 || rv >= size)
            DieWithUserMessage(C("Encode()"), C("output buffer too small"));
        bufPtr = bufPtr.asSlice(rv); /* past the fields written, not their NUL */
        size -= rv;                  /* and that much less room */
        if (VoteInfo.isResponse(v))
        {
            /* the count, only in a response */
            rv = SNPRINTF_LLU.apply(bufPtr, size, C(" %llu"), VoteInfo.count(v));
            if (rv < 0 || rv >= size)
                DieWithUserMessage(C("Encode()"), C("output buffer too small")); /* as above */
            bufPtr = bufPtr.asSlice(rv);
        }
        return bufPtr.address() - outBuf.address(); /* the text, without the NUL snprintf() left */
    }

    /* mSize: C's size_t, never negative here */
    static boolean Decode(MemorySegment inBuf, long mSize, MemorySegment v)
    {
        try (Arena stack = Arena.ofConfined()) /* this call's stack frame */
        {
            /* Book bug fixed, as in the C file: a copy of the message with a NUL for strtok() */
            MemorySegment msg = stack.allocate(MAX_WIRE_SIZE + 1); /* the message as a C string */
            if (mSize > MAX_WIRE_SIZE)
                return false; /* longer than any vote message */
            memcpy(msg, inBuf, mSize);
            msg.set(C_CHAR, mSize, (byte) '\0');

            MemorySegment token = strtok(msg, DELIMSTR); /* the first word */
            if (token.equals(NULL) || strcmp(token, MAGIC) != 0)
                return false; /* not a vote message */

            token = strtok(NULL, DELIMSTR); /* vote or inquiry */
            if (token.equals(NULL))
                return false; /* the message ends too soon */

            if (strcmp(token, VOTESTR) == 0)
                VoteInfo.isInquiry(v, false);
            else if (strcmp(token, INQSTR) == 0)
                VoteInfo.isInquiry(v, true);
            else
                return false; /* neither */

            token = strtok(NULL, DELIMSTR); /* the response flag, or already the candidate */
            if (token.equals(NULL))
                return false; /* the message ends too soon */

            if (strcmp(token, RESPONSESTR) == 0)
            {
                VoteInfo.isResponse(v, true);   /* a response: the candidate comes next */
                token = strtok(NULL, DELIMSTR); /* the candidate */
                if (token.equals(NULL))
                    return false; /* the message ends too soon */
            }
            else
            {
                VoteInfo.isResponse(v, false); /* a request: this word is the candidate */
            }
            VoteInfo.candidate(v, atoi(token)); /* as the book: not a number reads as 0 */
            if (VoteInfo.isResponse(v))
            {
                token = strtok(NULL, DELIMSTR); /* a response carries the count */
                if (token.equals(NULL))
                    return false; /* the message ends too soon */
                VoteInfo.count(v, strtoll(token, NULL, BASE));
            }
            else
            {
                VoteInfo.count(v, 0); /* the invariant: no count in a request */
            }
            return true;
        }
    }
}
