/*
 * Implements the functions of shapes.h that GeneratorShapesTest calls through the generated
 * bindings (built with gcc -shared -fPIC). fill_shape and fill_packed write every field with a
 * value derived from its position, so the test can read each one back through its accessor; the
 * calls of the C view's part set errno as libc's do.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "shapes.h"

int shapes_counter = 7;

int add(int a, int b) {
    return a + b;
}

int sum_ints(int count, ...) {
    va_list args;
    va_start(args, count);
    int sum = 0;
    for (int i = 0; i < count; i++) {
        sum += va_arg(args, int);
    }
    va_end(args);
    return sum;
}

struct point make_point(int x, int y) {
    struct point p = { x, y };
    return p;
}

int point_sum(struct point p) {
    return p.x + p.y;
}

struct point point_scale(struct point p, int k) {
    struct point q = { p.x * k, p.y * k };
    return q;
}

int apply(binop_t op, int a, int b) {
    return op(a, b);
}

static char shape_name[] = "triangle";

void fill_shape(struct shape *s) {
    s->tag = 'S';
    s->origin.x = -1;
    s->origin.y = -2;
    s->value.l = 0x0102030405060708L;
    for (int i = 0; i < 5; i++) {
        s->path[i] = (short) (100 + i);
    }
    for (int i = 0; i < 3; i++) {
        for (int j = 0; j < 4; j++) {
            s->grid[i][j] = i * 10 + j + 0.5;
        }
    }
    s->corners[0].x = 10;
    s->corners[0].y = 11;
    s->corners[1].x = 20;
    s->corners[1].y = 21;
    s->name = shape_name;
    s->next = 0;
    s->slots = 0;
    s->callback = add;
    s->op = add;
    s->count = 99;
}

void fill_packed(struct packed_mixed *p) {
    p->c = 'P';
    p->i = 0x11223344;
    p->s = -300;
    p->l = -0x0102030405060708L;
}

void fill_handler(struct handler *h, int which) {
    h->kind = which;
    if (which == 0) {
        h->u.fn = add;
    } else {
        for (int i = 0; i < 6; i++) {
            h->u.bytes[i] = (unsigned char) (0xf0 + i);
        }
    }
    h->flags = (short) (-100 - which);
}

int handler_call(const struct handler *h, int a, int b) {
    return h->u.fn(a, b);
}

void fill_message(struct message *m, unsigned short count) {
    m->length = count;
    m->kind = 'M';
    for (int i = 0; i < count; i++) {
        m->data[i] = 1000 + i;
    }
}

void fill_packed_points(struct packed_points *p) {
    p->tag = 'Q';
    for (int i = 0; i < 3; i++) {
        p->pts[i].x = 10 * i + 1;
        p->pts[i].y = 10 * i + 2;
    }
    p->tail = -7;
}

void fill_tagged(struct tagged *t, union word *w) {
    t->kind = 'T';
    t->lo = -5;
    t->hi = 77;
    t->after = 0x0a0b0c0d0e0fL;
    w->low = 0x1234;
    w->high = 0xfedc;
}

int tally(struct tally *t, int value) {
    t->count++;
    t->total += value;
    return t->count;
}

struct tally tally_of(int count, long total) {
    struct tally t = { count, total };
    return t;
}

int point_dot(const struct point a, const struct point *b) {
    return a.x * b->x + a.y * b->y;
}

/* ---- errno, for the C view ---- */

int checked_div(int a, int b) {
    if (b == 0) {
        errno = EDOM;
        return -1;
    }
    return a / b;
}

static int table[4] = { 40, 41, 42, 43 };

void *lookup(int key) {
    if (key < 0) {
        errno = ERANGE;
        return NULL;
    }
    return &table[key % 4];
}

int status_of(int code) {
    if (code != 0) {
        errno = ENOENT;
    }
    return code;
}

static void ignore(int sig) {
    (void) sig;
}

handler_fn install(int sig) {
    if (sig < 0) {
        errno = EINVAL;
        return (handler_fn) -1;
    }
    return ignore;
}

long parse_number(const char *s) {
    return strtol(s, NULL, 10);
}

int sum_checked(int count, ...) {
    if (count < 0) {
        errno = EINVAL;
        return -1;
    }
    va_list args;
    va_start(args, count);
    int sum = 0;
    for (int i = 0; i < count; i++) {
        sum += va_arg(args, int);
    }
    va_end(args);
    return sum;
}

size_t fill_bytes(unsigned char *buf, size_t len, int value) {
    memset(buf, value, len);
    return len;
}

int put_point(struct point *addr, socklen_t len) {
    if (len < sizeof(struct point)) {
        return -1;
    }
    addr->x = 5;
    addr->y = 6;
    return 0;
}

size_t copy_bytes(void *dst, const void *src, size_t n) {
    memcpy(dst, src, n);
    return n;
}

int store_int(int *out, int value) {
    *out = value;
    return 0;
}

short negate_short(short x) {
    return (short) -x;
}

signed char low_byte(long x) {
    return (signed char) x;
}

unsigned short swap_halves(unsigned short x) {
    return (unsigned short) (x << 8 | x >> 8);
}

long long weigh(signed char a, short b, int c, long d, long long e, const signed char *p) {
    return a + 3LL * b + 5LL * c + 7LL * d + 11LL * e + 13LL * *p;
}

int seven(int a, int b, int c, int d, int e, int f, int g) {
    return a + 2 * b + 3 * c + 4 * d + 5 * e + 6 * f + 7 * g;
}

int read_after(const int *p, int *entered, int ms) {
    __atomic_store_n(entered, 1, __ATOMIC_SEQ_CST);
    struct timespec pause = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&pause, NULL);
    return *p;
}

int format_into(char *buf, const char *fmt, ...) {
    va_list args;
    va_start(args, fmt);
    int n = vsprintf(buf, fmt, args);
    va_end(args);
    return n;
}
