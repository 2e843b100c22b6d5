/* TestSizes.c: prints how many bits a char has and how many bytes each integer type of C takes,
 * following the structure of Donahoo & Calvert's TCP/IP Sockets in C (2nd ed.) example.
 * SPDX-License-Identifier: Apache-2.0 */
#include <limits.h> /* CHAR_BIT */
#include <stdint.h> /* the fixed-width types int8_t ... uint64_t */
#include <stdio.h>  /* printf() */
#include <stdlib.h> /* exit() */

/* The book prints sizeof with %d; sizeof is a size_t, so %zu here (the same text, no warning) */
int main(int argc, char *argv[])
{
    (void) argc; /* no arguments: any given are ignored, as the book does */
    (void) argv;

    printf("CHAR_BIT is %d\n\n", CHAR_BIT); /* bits in a char: 8 on every machine this runs on */

    /* the types whose size the compiler chooses (char is 1 by definition) */
    printf("sizeof(char) is %zu\n", sizeof(char));
    printf("sizeof(short) is %zu\n", sizeof(short));
    printf("sizeof(int) is %zu\n", sizeof(int));
    printf("sizeof(long) is %zu\n", sizeof(long));              /* 8 on LP64 Linux, 4 on 64-bit Windows */
    printf("sizeof(long long) is %zu\n\n", sizeof(long long));

    /* the fixed-width types: what a wire format should be written with */
    printf("sizeof(int8_t) is %zu\n", sizeof(int8_t));
    printf("sizeof(int16_t) is %zu\n", sizeof(int16_t));
    printf("sizeof(int32_t) is %zu\n", sizeof(int32_t));
    printf("sizeof(int64_t) is %zu\n\n", sizeof(int64_t));

    printf("sizeof(uint8_t) is %zu\n", sizeof(uint8_t));
    printf("sizeof(uint16_t) is %zu\n", sizeof(uint16_t));
    printf("sizeof(uint32_t) is %zu\n", sizeof(uint32_t));
    printf("sizeof(uint64_t) is %zu\n", sizeof(uint64_t));

    exit(0); /* the book's main falls off its end: status 0 */
}
