/* Framer.h: messages in and out of a byte stream; DelimFramer.c and LengthFramer.c each define
 * both functions, and a program links one of them (see the Makefile),
 * following the structure of Donahoo & Calvert's TCP/IP Sockets in C (2nd edition) header.
 * SPDX-License-Identifier: Apache-2.0 */
#ifndef FRAMER_H_
#define FRAMER_H_

#include <stddef.h> /* size_t */
#include <stdint.h> /* uint8_t */
#include <stdio.h>  /* FILE */

/* Read the next message into buf (room for bufSize bytes): its size, or a negative number when
 * there is none (-1) or it did not fit */
int GetNextMsg(FILE *in, uint8_t *buf, size_t bufSize);

/* Write msgSize bytes of buf as one framed message and flush it: msgSize, or -1 on failure */
int PutMsg(uint8_t buf[], size_t msgSize, FILE *out);

#endif /* FRAMER_H_ */
