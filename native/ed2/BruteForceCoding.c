/* BruteForceCoding.c: puts four integers of 1, 2, 4 and 8 bytes into a buffer in big-endian
 * order by shifting, prints the bytes, then takes integers back out of them,
 * following the structure of Donahoo & Calvert's TCP/IP Sockets in C (2nd ed.) example.
 * SPDX-License-Identifier: Apache-2.0 */
#include <limits.h>    /* CHAR_BIT */
#include <stdint.h>    /* uint8_t ... uint64_t */
#include <stdio.h>     /* printf() and snprintf() */
#include <stdlib.h>    /* exit() */
#include "Practical.h" /* BUFSIZE */

const uint8_t val8 = 101;              /* one hundred and one */
const uint16_t val16 = 10001;          /* ten thousand and one */
const uint32_t val32 = 100000001;      /* one hundred million and one */
const uint64_t val64 = 1000000000001L; /* one trillion and one */
/* The book has a const int here, which makes message[] a variable-length array: an enum is
 * a true constant with the same value */
enum { MESSAGELENGTH = sizeof(uint8_t) + sizeof(uint16_t) + sizeof(uint32_t) + sizeof(uint64_t) };

static char stringBuf[BUFSIZE]; /* BytesToDecString's result lives here */

/* The bytes as decimal numbers, each followed by a space, in one C string */
char *BytesToDecString(uint8_t *byteArray, int arrayLength)
{
    char *cp = stringBuf;          /* where the next number goes */
    size_t bufSpaceLeft = BUFSIZE; /* room left, its terminating NUL included */
    for (int i = 0; i < arrayLength && bufSpaceLeft > 0; i++)
    {
        int strl = snprintf(cp, bufSpaceLeft, "%u ", byteArray[i]); /* one byte, 0 to 255 */
        /* Fix: the book subtracts strl even when snprintf() cut the number short, and the
         * size_t wraps round to a huge value; stop instead (the text is then cut, NUL-ended) */
        if ((size_t) strl >= bufSpaceLeft)
            break;
        bufSpaceLeft -= strl; /* the room the number took */
        cp += strl;           /* on to its end */
    }
    return stringBuf;
}

/* Warning: untested preconditions (e.g. 0 <= size <= 8), as in the book */
int EncodeIntBigEndian(uint8_t dst[], uint64_t val, int offset, int size)
{
    for (int i = 0; i < size; i++)
    {
        dst[offset++] = (uint8_t) (val >> ((size - 1) - i) * CHAR_BIT); /* most significant byte first */
    }
    return offset; /* where the next value goes */
}

/* Warning: untested preconditions (e.g. 0 <= size <= 8), as in the book */
uint64_t DecodeIntBigEndian(uint8_t val[], int offset, int size)
{
    uint64_t rtn = 0; /* the value so far */
    for (int i = 0; i < size; i++)
    {
        rtn = (rtn << CHAR_BIT) | val[offset + i]; /* shift in the next, less significant, byte */
    }
    return rtn;
}

int main(int argc, char *argv[])
{
    (void) argc; /* no arguments: any given are ignored, as the book does */
    (void) argv;

    uint8_t message[MESSAGELENGTH]; /* big enough to hold all four values */

    /* Encode the integers in sequence in the message buffer */
    int offset = 0;
    offset = EncodeIntBigEndian(message, val8, offset, sizeof(uint8_t));
    offset = EncodeIntBigEndian(message, val16, offset, sizeof(uint16_t));
    offset = EncodeIntBigEndian(message, val32, offset, sizeof(uint32_t));
    offset = EncodeIntBigEndian(message, val64, offset, sizeof(uint64_t));
    printf("Encoded message:\n%s\n", BytesToDecString(message, MESSAGELENGTH));

    /* Decode two of them back: the 2-byte one after val8, the 8-byte one at the end */
    uint64_t value = DecodeIntBigEndian(message, sizeof(uint8_t), sizeof(uint16_t));
    printf("Decoded 2-byte integer = %u\n", (unsigned int) value);
    value = DecodeIntBigEndian(message, sizeof(uint8_t) + sizeof(uint16_t) + sizeof(uint32_t),
                               sizeof(uint64_t));
    /* the book passes the uint64_t as it is; the cast matches the format (the same text) */
    printf("Decoded 8-byte integer = %llu\n", (unsigned long long) value);

    /* Show signedness: the same 4 bytes, read as unsigned and as signed */
    offset = 4;                   /* straddles val32 and val64: the first byte is 245, high bit set */
    int iSize = sizeof(int32_t);  /* four bytes */
    value = DecodeIntBigEndian(message, offset, iSize);
    /* the book passes the uint64_t to %lld; it is below 2^32, so the cast changes nothing */
    printf("Decoded value (offset %d, size %d) = %lld\n", offset, iSize, (long long) value);
    /* out of int's range: gcc keeps the low 32 bits (two's complement), so it turns negative */
    int signedVal = (int32_t) DecodeIntBigEndian(message, offset, iSize);
    printf("...same as signed value %d\n", signedVal);

    exit(0); /* the book's main falls off its end: status 0 */
}
