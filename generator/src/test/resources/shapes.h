/*
 * A small header with one of each shape the generator must handle (or refuse). GeneratorShapesTest
 * generates bindings for it, and shapes_probe.c asks gcc for every size, offset and value, so the
 * generated Java is checked against the compiler, never against numbers written down by hand.
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef SHAPES_H
#define SHAPES_H

#include <stddef.h>

/* a plain struct, and a named struct used as a field of another */
struct point {
    int x;
    int y;
};

/* a union: every member at offset 0, size of the largest */
union number {
    char c;
    int i;
    long l;
    double d;
};

/* typedefs: a chain, a function pointer, a long */
typedef int a_t;
typedef a_t b_t;                                /* a typedef chain: b_t is still int */
typedef int (*binop_t)(int, int);               /* a function-pointer typedef */
typedef long sum_t;

struct shape {
    char tag;                                   /* then 3 bytes of padding before origin */
    struct point origin;                        /* a nested struct */
    union number value;                         /* a nested union */
    short path[5];                              /* an array field */
    double grid[3][4];                          /* a 2-D array field */
    struct point corners[2];                    /* an array of structs */
    char *name;                                 /* pointer fields */
    struct point *next;
    void **slots;
    int (*callback)(int, int);                  /* a function-pointer field */
    binop_t op;                                 /* a field typed with the function-pointer typedef */
    b_t count;                                  /* a field typed through the typedef chain */
};

/* a typedef of an anonymous struct: the class is named after the typedef */
typedef struct {
    unsigned char r, g, b;
    float alpha;
} color_t;

/* a typedef of a named struct: a subclass of the struct's class, as jextract writes it */
typedef struct point point_t;

/* bit-fields get no accessors: their bytes become padding */
struct flags {
    unsigned int ready : 1;
    unsigned int mode : 3;
    unsigned int level : 4;
    int after;
    unsigned short tail : 2;
};

/* packed structs: fields off their natural alignment, struct alignment 1 */
struct __attribute__((packed)) packed_mixed {
    char c;
    int i;
    short s;
    long l;
};

struct __attribute__((packed)) packed_tail {
    int i;
    char c;
};

/* a named field of an unnamed union (as in6_addr's __in6_u, sigaction's __sigaction_handler): a
   nested class named after the field, with a function-pointer member and an array member */
struct handler {
    int kind;
    union {
        int (*fn)(int, int);
        unsigned char bytes[6];
        long code;
    } u;
    short flags;
};

/* a flexible array member: a sequence of no elements at the struct's end */
struct message {
    unsigned short length;
    char kind;
    int data[];
};

/* a packed struct holding an array of structs: its elements sit off their natural alignment */
struct __attribute__((packed)) packed_points {
    char tag;
    struct point pts[3];
    short tail;
};

/* C11 anonymous members: their fields are the outer struct's (jextract merges them into its class),
   here an anonymous union holding an anonymous struct and an array, and a union holding a struct */
struct tagged {
    char kind;
    union {
        int i;
        double d;
        struct {
            short lo;
            short hi;
        };
        char name[6];
    };
    long after;
};

union word {
    unsigned int all;
    struct {
        unsigned short low;
        unsigned short high;
    };
};

/* an anonymous member a packed struct puts off its alignment: reported and skipped */
struct __attribute__((packed)) packed_anon {
    char c;
    union {
        int i;
        short s;
    };
};

/* a struct and a function of the same name, as struct sigaction and sigaction() */
struct tally {
    int count;
    long total;
};

/* enums: a named one, an anonymous one, and one whose values need more than an int */
enum color { RED, GREEN = 5, BLUE };
enum { ANON_FIRST = -3, ANON_SECOND, ANON_HIGH = 0x7fffffff };
enum wide { WIDE_BIG = 0x100000000L, WIDE_SMALL = 1 };

/* object-like macros: the compiler gives their values and types */
#define PLAIN_INT 42
#define NEGATIVE (-17)
#define BIG ((unsigned int) 0xfffffff0)         /* jextract: an int, (int) of the unsigned value */
#define LONG_MACRO 0x123456789aL
#define ULONG_MAX_MACRO (~0UL)
#define SHORT_MACRO ((short) -2)
#define CHAR_MACRO 'A'
#define EXPR_MACRO (PLAIN_INT * 2 + (1 << 4))
#define SIZEOF_SHAPE sizeof(struct shape)
#define RATIO 0.75
#define FLOAT_MACRO 2.5f
#define GREETING "h\xc3\xa9llo\t\"world\""      /* UTF-8 e-acute, a tab and quotes */
#define ENUM_ALIAS GREEN
/* not constants: each is reported and skipped */
#define SQUARE(x) ((x) * (x))                   /* function-like */
#define INT_TYPE int                            /* a type, not a value */
#define COUNTER_ALIAS shapes_counter            /* a variable, not a constant */

/* a global variable */
extern int shapes_counter;

/* functions */
int add(int a, int b);
int sum_ints(int count, ...);                   /* variadic */
struct point make_point(int x, int y);          /* returns a struct by value */
int point_sum(struct point p);                  /* takes a struct by value */
struct point point_scale(struct point p, int k);
int apply(binop_t op, int a, int b);            /* takes a function pointer */
void fill_shape(struct shape *s);              /* writes every field, for the accessors to read */
void fill_packed(struct packed_mixed *p);      /* likewise, at misaligned offsets */
void fill_handler(struct handler *h, int which); /* which 0: u.fn; 1: u.bytes */
int handler_call(const struct handler *h, int a, int b); /* a const struct pointer: calls h->u.fn */
void fill_message(struct message *m, unsigned short count); /* m has room for count elements of data */
void fill_packed_points(struct packed_points *p);
void fill_tagged(struct tagged *t, union word *w); /* writes the anonymous members' fields */
int tally(struct tally *t, int value);          /* named like its struct: adds value, counts the calls */
struct tally tally_of(int count, long total);   /* the struct by value, in the header class that has tally() */
int point_dot(const struct point a, const struct point *b); /* a const struct by value and by pointer */
long double precise(long double x);             /* no Java type: reported and skipped */
int takes_long_double(int a, long double b);    /* likewise, for a parameter */
struct with_ld { long double v; };              /* likewise, for a field */

/* Calls that report failure through errno, as libc's do: shapes.errno names them with the way each
   result says it failed, for the C view (shapes_c). The rest of these take pointers, which the C
   view checks against the pointee's size or the length passed beside them. */
typedef unsigned int socklen_t;
typedef void (*handler_fn)(int);
int checked_div(int a, int b);                  /* -1 and EDOM when b is 0 */
void *lookup(int key);                          /* NULL and ERANGE when key is negative */
int status_of(int code);                        /* returns code; ENOENT when it is not 0 */
handler_fn install(int sig);                    /* (handler_fn) -1, as SIG_ERR, and EINVAL when sig is negative */
long parse_number(const char *s);               /* strtol: LONG_MAX and ERANGE on overflow, errno untouched else */
int sum_checked(int count, ...);                /* variadic: -1 and EINVAL when count is negative */
int format_into(char *buf, const char *fmt, ...); /* vsprintf: ints, longs, strings, doubles */
size_t fill_bytes(unsigned char *buf, size_t len, int value); /* a pointer, then its size_t length */
int put_point(struct point *addr, socklen_t len); /* a pointer, then its socklen_t length */
size_t copy_bytes(void *dst, const void *src, size_t n); /* void pointers and one size_t: both n long */
int store_int(int *out, int value);             /* a scalar pointer: sizeof(int) */

/* Integer widths for the C view's one erased shape (ErasedCall): each result depends on every bit the
   callee may read, so an argument widened or a result narrowed wrongly shows. */
short negate_short(short x);                    /* -x */
signed char low_byte(long x);                   /* (signed char) x: what rax holds above it is the callee's */
unsigned short swap_halves(unsigned short x);   /* its two bytes swapped */
long long weigh(signed char a, short b, int c, long d, long long e, const signed char *p); /* six widths, one sum */
int seven(int a, int b, int c, int d, int e, int f, int g); /* seven arguments: the view keeps its own descriptor */
int read_after(const int *p, int *entered, int ms); /* sets *entered, sleeps ms, returns *p: the call holds p's arena open */

#endif
