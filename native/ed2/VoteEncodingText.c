/* VoteEncodingText.c: vote messages as a line of text,
 *   "Voting <v|i> [R] <candidate ID> [<count>]"
 * (a request has an empty R field, so two spaces before the candidate, as the book sends it),
 * following the structure of Donahoo & Calvert's TCP/IP Sockets in C (2nd edition) example.
 * SPDX-License-Identifier: Apache-2.0 */
#include <stdio.h>            /* snprintf() */
#include <stdlib.h>           /* atoi() and strtoll() */
#include <string.h>           /* strtok(), strcmp() and memcpy() */
#include "Practical.h"        /* DieWithUserMessage() */
#include "VoteEncoding.h"     /* the prototypes this file defines, and VoteInfo */

static const char *MAGIC = "Voting";  /* every message starts with this word */
static const char *VOTESTR = "v";     /* the word for a vote */
static const char *INQSTR = "i";      /* the word for an inquiry */
static const char *RESPONSESTR = "R"; /* the word that marks a response */
static const char *DELIMSTR = " ";    /* what separates the words */
enum {
    BASE = 10 /* the count is written in decimal */
};

size_t Encode(const VoteInfo *v, uint8_t *outBuf, size_t bufSize)
{
    uint8_t *bufPtr = outBuf; /* where the next field goes */
    size_t size = bufSize;    /* room left from bufPtr on */
    int rv = snprintf((char *) bufPtr, size, "%s %c %s %d", MAGIC,
                      (v->isInquiry ? 'i' : 'v'), (v->isResponse ? "R" : ""), v->candidate);
    /* Book bug fixed: it truncated silently and moved bufPtr past the end; a clear error instead */
    if (rv < 0 || (size_t) rv >= size)
        DieWithUserMessage("Encode()", "output buffer too small");
    bufPtr += rv; /* past the fields written, not their NUL */
    size -= rv;   /* and that much less room */
    if (v->isResponse)
    {
        /* the count, only in a response (cast: uint64_t need not be unsigned long long) */
        rv = snprintf((char *) bufPtr, size, " %llu", (unsigned long long) v->count);
        if (rv < 0 || (size_t) rv >= size)
            DieWithUserMessage("Encode()", "output buffer too small"); /* as above */
        bufPtr += rv;
    }
    return (size_t) (bufPtr - outBuf); /* the text, without the NUL snprintf() left */
}

bool Decode(uint8_t *inBuf, size_t mSize, VoteInfo *v)
{
    /* Book bug fixed: the framer's message has no NUL, which strtok() needs; a copy gets one
     * (and inBuf stays as it was) */
    char msg[MAX_WIRE_SIZE + 1]; /* the message as a C string */
    if (mSize > MAX_WIRE_SIZE)
        return false; /* longer than any vote message */
    memcpy(msg, inBuf, mSize);
    msg[mSize] = '\0';

    char *token = strtok(msg, DELIMSTR); /* the first word */
    if (token == NULL || strcmp(token, MAGIC) != 0)
        return false; /* not a vote message */

    token = strtok(NULL, DELIMSTR); /* vote or inquiry */
    if (token == NULL)
        return false; /* the message ends too soon */

    if (strcmp(token, VOTESTR) == 0)
        v->isInquiry = false;
    else if (strcmp(token, INQSTR) == 0)
        v->isInquiry = true;
    else
        return false; /* neither */

    token = strtok(NULL, DELIMSTR); /* the response flag, or already the candidate */
    if (token == NULL)
        return false; /* the message ends too soon */

    if (strcmp(token, RESPONSESTR) == 0)
    {
        v->isResponse = true;           /* a response: the candidate comes next */
        token = strtok(NULL, DELIMSTR); /* the candidate */
        if (token == NULL)
            return false; /* the message ends too soon */
    }
    else
    {
        v->isResponse = false; /* a request: this word is the candidate */
    }
    v->candidate = atoi(token); /* as the book: not a number reads as 0 */
    if (v->isResponse)
    {
        token = strtok(NULL, DELIMSTR); /* a response carries the count */
        if (token == NULL)
            return false; /* the message ends too soon */
        v->count = strtoll(token, NULL, BASE);
    }
    else
    {
        v->count = 0; /* the invariant: no count in a request */
    }
    return true;
}
