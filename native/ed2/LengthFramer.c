/* LengthFramer.c: messages framed by a 2-byte length in front of each, in network byte order:
 * the binary encoding's framing,
 * following the structure of Donahoo & Calvert's TCP/IP Sockets in C (2nd edition) example.
 * SPDX-License-Identifier: Apache-2.0 */
#include <stdio.h>      /* fread(), fwrite(), fflush() and fprintf() */
#include <arpa/inet.h>  /* htons() and ntohs() */
#include "Practical.h"  /* BUFSIZE */
#include "Framer.h"     /* the prototypes this file defines */

/* Returns the message's size; -1 when the stream ends (or a read fails) before a whole length
 * or message came; when the message does not fit in bufSize bytes, its first bufSize bytes are
 * in buf, the rest is read and dropped, and the result is minus the size the length gave. */
int GetNextMsg(FILE *in, uint8_t *buf, size_t bufSize)
{
    uint16_t mSize = 0; /* the length, then how much of it goes into buf */
    uint16_t extra = 0; /* how much of the message does not fit */

    if (fread(&mSize, sizeof(uint16_t), 1, in) != 1)
        return -1;      /* no whole length: the stream ended */
    mSize = ntohs(mSize); /* to host byte order */
    if (mSize > bufSize)
    {
        extra = mSize - bufSize; /* the part to drop */
        mSize = bufSize;         /* the part to keep */
    }
    if (fread(buf, sizeof(uint8_t), mSize, in) != mSize)
    {
        fprintf(stderr, "Framing error: expected %d, read less\n", mSize);
        return -1; /* the peer closed inside the message */
    }
    if (extra > 0) /* the message was cut: read the rest off the stream */
    {
        /* Book bug fixed: it read all of extra into waste[BUFSIZE] at once, past its end for a
         * length above bufSize + BUFSIZE; a buffer at a time instead */
        uint8_t waste[BUFSIZE];
        size_t left = extra; /* bytes still to drop */
        while (left > 0)
        {
            size_t chunk = left < sizeof(waste) ? left : sizeof(waste);
            if (fread(waste, sizeof(uint8_t), chunk, in) != chunk)
                break; /* the stream ended: nothing more to drop */
            left -= chunk;
        }
        return -(mSize + extra); /* minus the size the length gave */
    }
    else
        return mSize;
}

int PutMsg(uint8_t buf[], size_t msgSize, FILE *out)
{
    if (msgSize > UINT16_MAX)
        return -1; /* the length would not fit in its 2 bytes */
    uint16_t payloadSize = htons(msgSize); /* the length in network byte order */
    if ((fwrite(&payloadSize, sizeof(uint16_t), 1, out) != 1) ||
        (fwrite(buf, sizeof(uint8_t), msgSize, out) != msgSize))
        return -1; /* the stream's buffer could not take it */
    if (fflush(out) != 0) /* Book bug fixed: unchecked, yet the bytes only go out here */
        return -1;
    return (int) msgSize;
}
