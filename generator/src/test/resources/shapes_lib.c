/*
 * Implements the functions of shapes.h that GeneratorShapesTest calls through the generated
 * bindings (built with gcc -shared -fPIC). fill_shape and fill_packed write every field with a
 * value derived from its position, so the test can read each one back through its accessor.
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdarg.h>
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
