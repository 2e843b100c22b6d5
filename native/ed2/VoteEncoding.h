/* VoteEncoding.h: a message to bytes and back; VoteEncodingText.c and VoteEncodingBin.c each
 * define both functions, and a program links one of them (see the Makefile),
 * following the structure of Donahoo & Calvert's TCP/IP Sockets in C (2nd edition) header.
 * SPDX-License-Identifier: Apache-2.0 */
#ifndef VOTEENCODING_H_
#define VOTEENCODING_H_

#include <stdbool.h>        /* bool */
#include <stddef.h>         /* size_t */
#include <stdint.h>         /* uint8_t */
#include "VoteProtocol.h"   /* VoteInfo */

/* Parse the mSize bytes at inBuf into *v; false when they are not a vote message */
bool Decode(uint8_t *inBuf, size_t mSize, VoteInfo *v);

/* Encode *v into outBuf (room for bufSize bytes); returns the bytes used */
size_t Encode(const VoteInfo *v, uint8_t *outBuf, size_t bufSize);

#endif /* VOTEENCODING_H_ */
