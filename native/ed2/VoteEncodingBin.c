/* VoteEncodingBin.c: vote messages as 4 bytes (a request) or 12 (a response), in network byte
 * order:
 *   bytes 0-1   header: magic 010101 (bits 15-10), response flag (bit 9), inquiry flag (bit 8),
 *               then eight zero bits
 *   bytes 2-3   candidate ID
 *   bytes 4-11  vote count, high 32 bits then low 32 bits (only in a response)
 * following the structure of Donahoo & Calvert's TCP/IP Sockets in C (2nd edition) example.
 * SPDX-License-Identifier: Apache-2.0 */
#include <string.h>           /* memset() and memcpy() */
#include <arpa/inet.h>        /* htons(), htonl(), ntohs() and ntohl() */
#include "Practical.h"        /* DieWithUserMessage() */
#include "VoteEncoding.h"     /* the prototypes this file defines, and VoteInfo */

enum {
    REQUEST_SIZE = 4,        /* header and candidate */
    RESPONSE_SIZE = 12,      /* and the count */
    COUNT_SHIFT = 32,        /* the count's high half, shifted down */
    INQUIRE_FLAG = 0x0100,   /* bit 8: an inquiry */
    RESPONSE_FLAG = 0x0200,  /* bit 9: a response */
    MAGIC = 0x5400,          /* bits 15-10: 010101 */
    MAGIC_MASK = 0xfc00      /* the bits of the magic */
};

typedef struct voteMsgBin voteMsgBin;

/* The message's layout: four fields, no padding (2 + 2 + 4 + 4 bytes, each aligned) */
struct voteMsgBin {
    uint16_t header;
    uint16_t candidateID;
    uint32_t countHigh;
    uint32_t countLow;
};

size_t Encode(const VoteInfo *v, uint8_t *outBuf, size_t bufSize)
{
    if ((v->isResponse && bufSize < sizeof(voteMsgBin)) || bufSize < 2 * sizeof(uint16_t))
        DieWithUserMessage("Output buffer too small", ""); /* as the book words it */
    /* Book bug fixed: it cast outBuf to the struct (a uint8_t array need not be aligned for it)
     * and cleared 12 bytes of a buffer checked for 4; the struct is built here and copied out */
    voteMsgBin vm;
    memset(&vm, 0, sizeof(vm)); /* the zero bits, and no count in a request */
    vm.header = MAGIC;
    if (v->isInquiry)
        vm.header |= INQUIRE_FLAG;
    if (v->isResponse)
        vm.header |= RESPONSE_FLAG;
    vm.header = htons(vm.header);          /* every field in network byte order */
    vm.candidateID = htons(v->candidate); /* fits in 16 bits, by the invariant */
    if (v->isResponse)
    {
        vm.countHigh = htonl(v->count >> COUNT_SHIFT); /* the 64-bit count as two 32-bit halves */
        vm.countLow = htonl((uint32_t) v->count);
        memcpy(outBuf, &vm, RESPONSE_SIZE);
        return RESPONSE_SIZE;
    }
    else
    {
        memcpy(outBuf, &vm, REQUEST_SIZE); /* header and candidate only */
        return REQUEST_SIZE;
    }
}

bool Decode(uint8_t *inBuf, size_t mSize, VoteInfo *v)
{
    /* Book bug fixed: it read the header before checking the size; the bytes there are copied
     * into a cleared struct first (inBuf stays as it was, as the book's comment promises) */
    voteMsgBin vm;
    memset(&vm, 0, sizeof(vm));
    memcpy(&vm, inBuf, mSize < sizeof(vm) ? mSize : sizeof(vm));

    uint16_t header = ntohs(vm.header); /* to host byte order */
    if ((mSize < REQUEST_SIZE) || ((header & MAGIC_MASK) != MAGIC))
        return false; /* too short, or not a vote message */
    v->isResponse = ((header & RESPONSE_FLAG) != 0);
    v->isInquiry = ((header & INQUIRE_FLAG) != 0);
    v->candidate = ntohs(vm.candidateID);
    if (v->isResponse && mSize >= RESPONSE_SIZE) /* a shorter response leaves the count as it was */
        v->count = ((uint64_t) ntohl(vm.countHigh) << COUNT_SHIFT) | (uint64_t) ntohl(vm.countLow);
    return true;
}
