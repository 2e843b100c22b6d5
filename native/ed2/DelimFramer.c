/* DelimFramer.c: messages framed by a newline after each: the text encoding's framing,
 * following the structure of Donahoo & Calvert's TCP/IP Sockets in C (2nd edition) example.
 * SPDX-License-Identifier: Apache-2.0 */
#include <stdio.h>      /* getc(), fwrite(), fputc() and fflush() */
#include "Practical.h"  /* DieWithUserMessage() */
#include "Framer.h"     /* the prototypes this file defines */

static const char DELIMITER = '\n'; /* ends every message; so no message may hold one */

/* Returns the bytes put in buf (the delimiter not counted nor stored); -count when bufSize
 * bytes came without a delimiter (the message is too long); -1 when the stream ends before a
 * message starts. A stream that ends inside a message ends the program. */
int GetNextMsg(FILE *in, uint8_t *buf, size_t bufSize)
{
    size_t count = 0;   /* bytes stored so far (book: int, compared with a size_t) */
    int nextChar = EOF; /* Book bug fixed: set, so that a bufSize of 0 reads no garbage */
    while (count < bufSize)
    {
        nextChar = getc(in); /* one byte from the stream's buffer, read() when it is empty */
        if (nextChar == EOF)
        {
            if (count > 0)
                DieWithUserMessage("GetNextMsg()", "Stream ended prematurely"); /* EOF is no delimiter */
            else
                return -1; /* the peer closed between messages */
        }
        if (nextChar == DELIMITER)
            break;                        /* the end of this message */
        buf[count++] = (uint8_t) nextChar; /* a byte of the message */
    }
    if (nextChar != DELIMITER) /* out of room: count == bufSize */
        return -(int) count;
    else
        return (int) count;
}

int PutMsg(uint8_t buf[], size_t msgSize, FILE *out)
{
    /* A delimiter inside the message would end it early: refuse it */
    for (size_t i = 0; i < msgSize; i++)
        if (buf[i] == DELIMITER)
            return -1;
    if (fwrite(buf, 1, msgSize, out) != msgSize)
        return -1; /* the stream's buffer could not take it */
    /* Book bug fixed: it ignored these two, yet the bytes only go out at fflush() */
    if (fputc(DELIMITER, out) == EOF || fflush(out) != 0)
        return -1;
    return (int) msgSize;
}
