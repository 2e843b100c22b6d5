/* padding.c: the seed's "beware the bytes of padding" struct, as gcc lays it out, so that
 * PaddingTest compares its FFM layout and its wire bytes with C's.
 *   padding layout        prints "key value" lines: sizeof, alignof and each member's offset
 *   padding wire X Y Z    writes the 8 bytes EncodeTst() makes: each member, network byte order
 *   padding raw X Y Z     writes the struct's own sizeof bytes (members in network byte order):
 *                         what send(sock, &t, sizeof t, 0) would put on the wire, padding and all
 * SPDX-License-Identifier: Apache-2.0 */
#include <arpa/inet.h> /* htons() and htonl() */
#include <stddef.h>    /* offsetof() */
#include <stdint.h>    /* uint8_t, uint16_t, uint32_t */
#include <stdio.h>     /* printf() and fwrite() */
#include <stdlib.h>    /* strtol() */
#include <string.h>    /* memcpy(), memset() and strcmp() */

struct tst {
    short x; /* 2 bytes, then 2 of padding so that y is aligned */
    int y;
    short z; /* 2 bytes, then 2 of padding so that an array of tst keeps y aligned */
};

/* The slide's way: each member on its own, in network byte order, one after the other;
 * returns how many bytes it wrote (no padding, so fewer than sizeof(struct tst)) */
static size_t EncodeTst(const struct tst *t, uint8_t *buf)
{
    size_t offset = 0;
    uint16_t x = htons((uint16_t) t->x); /* big-endian */
    memcpy(buf + offset, &x, sizeof x);  /* memcpy: buf + offset need not be aligned */
    offset += sizeof x;
    uint32_t y = htonl((uint32_t) t->y);
    memcpy(buf + offset, &y, sizeof y);
    offset += sizeof y;
    uint16_t z = htons((uint16_t) t->z);
    memcpy(buf + offset, &z, sizeof z);
    offset += sizeof z;
    return offset;
}

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "layout") == 0) {
        printf("sizeof %zu\n", sizeof(struct tst));
        printf("alignof %zu\n", _Alignof(struct tst));
        printf("x %zu\n", offsetof(struct tst, x));
        printf("y %zu\n", offsetof(struct tst, y));
        printf("z %zu\n", offsetof(struct tst, z));
        return 0;
    }
    if (argc == 5 && (strcmp(argv[1], "wire") == 0 || strcmp(argv[1], "raw") == 0)) {
        struct tst t;
        memset(&t, 0, sizeof t); /* the padding too: unset, it would send whatever the stack held */
        t.x = (short) strtol(argv[2], NULL, 0);
        t.y = (int) strtol(argv[3], NULL, 0);
        t.z = (short) strtol(argv[4], NULL, 0);
        if (strcmp(argv[1], "wire") == 0) {
            uint8_t buf[sizeof t]; /* room enough: the encoding is never longer than the struct */
            fwrite(buf, 1, EncodeTst(&t, buf), stdout);
        } else {
            t.x = (short) htons((uint16_t) t.x); /* the members in network order, in place */
            t.y = (int) htonl((uint32_t) t.y);
            t.z = (short) htons((uint16_t) t.z);
            fwrite(&t, 1, sizeof t, stdout); /* the whole struct: padding included */
        }
        return 0;
    }
    fprintf(stderr, "usage: padding layout | padding wire|raw X Y Z\n");
    return 2;
}
