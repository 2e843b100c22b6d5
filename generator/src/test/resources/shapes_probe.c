/*
 * Asks gcc what the generated bindings for shapes.h must say: one line per fact, in the form
 *
 *   sizeof  <class> <bytes> <alignment>
 *   field   <class> <field> <offset> <size>
 *   dims    <class> <field> <d0> [<d1> ...]
 *   typedef <name> <bytes>
 *   int     <NAME> <value> <bytes>            value as a signed 64-bit number
 *   float   <NAME> <value> <bytes>            value as %a (exact)
 *   string  <NAME> <hex of the bytes>
 *   errno   <NAME> <value>                    what shapes_lib.c's calls set errno to
 *   limit   <NAME> <value>
 *
 * GeneratorShapesTest compares each line with the generated classes, and each generated struct
 * field and each included constant with these lines, so neither side can leave something out.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include "shapes.h"

#define STRUCT(cls, T) printf("sizeof %s %zu %zu\n", cls, sizeof(T), _Alignof(T))
#define FIELD(cls, T, f) printf("field %s %s %zu %zu\n", cls, #f, offsetof(T, f), sizeof(((T *) 0)->f))
#define DIMS1(cls, T, f) \
    printf("dims %s %s %zu\n", cls, #f, sizeof(((T *) 0)->f) / sizeof(((T *) 0)->f[0]))
#define DIMS2(cls, T, f) \
    printf("dims %s %s %zu %zu\n", cls, #f, sizeof(((T *) 0)->f) / sizeof(((T *) 0)->f[0]), \
           sizeof(((T *) 0)->f[0]) / sizeof(((T *) 0)->f[0][0]))
#define TYPEDEF(T) printf("typedef %s %zu\n", #T, sizeof(T))
#define INT(n) printf("int %s %lld %zu\n", #n, (long long) (n), sizeof(n))
/* an enum constant has the type of its enum, as in C23 and jextract (gcc 12 gives a constant that
   fits an int the type int even when its enum is wider) */
#define ENUM_CONST(n, T) printf("int %s %lld %zu\n", #n, (long long) (n), sizeof(T))
#define ERRNO(n) printf("errno %s %d\n", #n, n)
#define FLOAT(n) printf("float %s %a %zu\n", #n, (double) (n), sizeof(n))

static void string(const char *name, const char *value) {
    printf("string %s ", name);
    for (size_t i = 0; i < strlen(value); i++) {
        printf("%02x", (unsigned char) value[i]);
    }
    printf("\n");
}

int main(void) {
    STRUCT("point", struct point);
    FIELD("point", struct point, x);
    FIELD("point", struct point, y);

    STRUCT("number", union number);
    FIELD("number", union number, c);
    FIELD("number", union number, i);
    FIELD("number", union number, l);
    FIELD("number", union number, d);

    STRUCT("shape", struct shape);
    FIELD("shape", struct shape, tag);
    FIELD("shape", struct shape, origin);
    FIELD("shape", struct shape, value);
    FIELD("shape", struct shape, path);
    FIELD("shape", struct shape, grid);
    FIELD("shape", struct shape, corners);
    FIELD("shape", struct shape, name);
    FIELD("shape", struct shape, next);
    FIELD("shape", struct shape, slots);
    FIELD("shape", struct shape, callback);
    FIELD("shape", struct shape, op);
    FIELD("shape", struct shape, count);
    DIMS1("shape", struct shape, path);
    DIMS2("shape", struct shape, grid);
    DIMS1("shape", struct shape, corners);

    STRUCT("color_t", color_t);
    FIELD("color_t", color_t, r);
    FIELD("color_t", color_t, g);
    FIELD("color_t", color_t, b);
    FIELD("color_t", color_t, alpha);

    STRUCT("point_t", point_t);

    /* bit-fields have no offsetof: only the field after them */
    STRUCT("flags", struct flags);
    FIELD("flags", struct flags, after);

    STRUCT("packed_mixed", struct packed_mixed);
    FIELD("packed_mixed", struct packed_mixed, c);
    FIELD("packed_mixed", struct packed_mixed, i);
    FIELD("packed_mixed", struct packed_mixed, s);
    FIELD("packed_mixed", struct packed_mixed, l);

    STRUCT("packed_tail", struct packed_tail);
    FIELD("packed_tail", struct packed_tail, i);
    FIELD("packed_tail", struct packed_tail, c);

    STRUCT("handler", struct handler);
    FIELD("handler", struct handler, kind);
    FIELD("handler", struct handler, u);
    FIELD("handler", struct handler, flags);
    /* the unnamed union of the field u: the nested class handler.u */
    typedef __typeof__(((struct handler *) 0)->u) handler_u;
    STRUCT("handler.u", handler_u);
    FIELD("handler.u", handler_u, fn);
    FIELD("handler.u", handler_u, bytes);
    FIELD("handler.u", handler_u, code);
    DIMS1("handler.u", handler_u, bytes);

    STRUCT("message", struct message);
    FIELD("message", struct message, length);
    FIELD("message", struct message, kind);
    /* a flexible array member has no size in C: jextract's shape is a sequence of 0 elements */
    printf("field message data %zu 0\n", offsetof(struct message, data));
    printf("dims message data 0\n");

    STRUCT("packed_points", struct packed_points);
    FIELD("packed_points", struct packed_points, tag);
    FIELD("packed_points", struct packed_points, pts);
    FIELD("packed_points", struct packed_points, tail);
    DIMS1("packed_points", struct packed_points, pts);

    /* anonymous members: gcc's offsetof reaches their fields through the outer struct */
    STRUCT("tagged", struct tagged);
    FIELD("tagged", struct tagged, kind);
    FIELD("tagged", struct tagged, i);
    FIELD("tagged", struct tagged, d);
    FIELD("tagged", struct tagged, lo);
    FIELD("tagged", struct tagged, hi);
    FIELD("tagged", struct tagged, name);
    FIELD("tagged", struct tagged, after);
    DIMS1("tagged", struct tagged, name);
    STRUCT("word", union word);
    FIELD("word", union word, all);
    FIELD("word", union word, low);
    FIELD("word", union word, high);

    STRUCT("tally", struct tally);
    FIELD("tally", struct tally, count);
    FIELD("tally", struct tally, total);

    TYPEDEF(a_t);
    TYPEDEF(b_t);
    TYPEDEF(sum_t);
    TYPEDEF(socklen_t);
    TYPEDEF(int);

    ENUM_CONST(RED, enum color);
    ENUM_CONST(GREEN, enum color);
    ENUM_CONST(BLUE, enum color);
    /* the anonymous enum cannot be named: its values all fit an int, so its type is int-sized */
    ENUM_CONST(ANON_FIRST, int);
    ENUM_CONST(ANON_SECOND, int);
    ENUM_CONST(ANON_HIGH, int);
    ENUM_CONST(WIDE_BIG, enum wide);
    ENUM_CONST(WIDE_SMALL, enum wide);
    INT(PLAIN_INT);
    INT(NEGATIVE);
    INT(BIG);
    INT(LONG_MACRO);
    INT(ULONG_MAX_MACRO);
    INT(SHORT_MACRO);
    INT(CHAR_MACRO);
    INT(EXPR_MACRO);
    INT(SIZEOF_SHAPE);
    INT(ENUM_ALIAS);
    FLOAT(RATIO);
    FLOAT(FLOAT_MACRO);
    string("GREETING", GREETING);

    ERRNO(EDOM);
    ERRNO(ERANGE);
    ERRNO(ENOENT);
    ERRNO(EINVAL);
    printf("limit LONG_MAX %ld\n", LONG_MAX);
    return 0;
}
