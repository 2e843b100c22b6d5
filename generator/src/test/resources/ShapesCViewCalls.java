/*
 * SPDX-License-Identifier: Apache-2.0
 */
package shapes.calls;

import io.github.panamasockets.Args;
import io.github.panamasockets.Errno;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import static shapes.gen.shapes_c.*;

/**
 * A test resource, not a test source: CViewTest compiles this with the C view it generated from
 * shapes.h (shapes_c) and the stand-ins of Errno and Args, so javac checks that one static import
 * gives every name a program uses (functions, struct classes, the struct and the function both
 * named tally), and runs it against shapes_lib.c.
 */
public final class ShapesCViewCalls {

    /** Not an errno value: what a call that succeeds must leave in errno untouched. */
    public static final int UNTOUCHED = 123456;

    private ShapesCViewCalls() {
    }

    /** Each entry is what one call returned, what errno was after it, or what it threw. */
    public static Map<String, Object> errno() {
        Map<String, Object> seen = new LinkedHashMap<>();
        try (Arena arena = Arena.ofConfined()) {
            Errno.errno(0);
            seen.put("checked_div(7, 0)", checked_div(7, 0));
            seen.put("errno after checked_div(7, 0)", Errno.errno());
            Errno.errno(UNTOUCHED);
            seen.put("checked_div(6, 3)", checked_div(6, 3));
            seen.put("errno after checked_div(6, 3)", Errno.errno());

            Errno.errno(0);
            seen.put("lookup(-1) is NULL", lookup(-1).equals(MemorySegment.NULL));
            seen.put("errno after lookup(-1)", Errno.errno());
            Errno.errno(UNTOUCHED);
            seen.put("lookup(2)", lookup(2).reinterpret(C_INT.byteSize()).get(C_INT, 0));
            seen.put("errno after lookup(2)", Errno.errno());

            Errno.errno(0);
            seen.put("status_of(3)", status_of(3));
            seen.put("errno after status_of(3)", Errno.errno());
            Errno.errno(UNTOUCHED);
            seen.put("status_of(0)", status_of(0));
            seen.put("errno after status_of(0)", Errno.errno());

            Errno.errno(0);
            seen.put("install(-1) is SIG_ERR", install(-1).address() == -1L);
            seen.put("errno after install(-1)", Errno.errno());
            Errno.errno(UNTOUCHED);
            seen.put("install(1) is SIG_ERR", install(1).address() == -1L);
            seen.put("errno after install(1)", Errno.errno());

            // always: strtol sets errno only on overflow, so the program's errno goes into C's before the call
            Errno.errno(0);
            seen.put("parse_number(too big)", parse_number(arena.allocateFrom("99999999999999999999999")));
            seen.put("errno after parse_number(too big)", Errno.errno());
            Errno.errno(0);
            seen.put("parse_number(12)", parse_number(arena.allocateFrom("12")));
            seen.put("errno after parse_number(12)", Errno.errno());
            Errno.errno(UNTOUCHED);
            seen.put("parse_number(5)", parse_number(arena.allocateFrom("5")));
            seen.put("errno after parse_number(5)", Errno.errno());

            // a variadic call's invoker
            Errno.errno(0);
            seen.put("sum_checked(-1, 1, 2)", sum_checked.makeInvoker(C_INT, C_INT).apply(-1, 1, 2));
            seen.put("errno after sum_checked(-1, 1, 2)", Errno.errno());
            Errno.errno(UNTOUCHED);
            seen.put("sum_checked(2, 1, 2)", sum_checked.makeInvoker(C_INT, C_INT).apply(2, 1, 2));
            seen.put("errno after sum_checked(2, 1, 2)", Errno.errno());
        }
        return seen;
    }

    /** Each entry is what one call returned or threw, and the checks Args recorded for it. */
    public static Map<String, Object> checks() {
        Map<String, Object> seen = new LinkedHashMap<>();
        Args.takeChecks();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ten = arena.allocate(10);
            record(seen, "fill_bytes(ten, 10, 7)", () -> fill_bytes(ten, 10, 7));
            seen.put("ten[9]", ten.get(C_CHAR, 9));
            record(seen, "fill_bytes(ten, 11, 7)", () -> fill_bytes(ten, 11, 7));
            MemorySegment p = point.allocate(arena);
            record(seen, "put_point(p, sizeof point)", () -> put_point(p, (int) point.sizeof()));
            seen.put("p.y", point.y(p));
            // socklen_t is unsigned: 0x80000000 is 2147483648 bytes, not a negative length
            record(seen, "put_point(p, 0x80000000)", () -> put_point(p, 0x80000000));
            MemorySegment src = arena.allocateFrom("abc");
            record(seen, "copy_bytes(ten, src, 4)", () -> copy_bytes(ten, src, 4));
            record(seen, "store_int(p, 9)", () -> store_int(p, 9));
            record(seen, "store_int(two bytes, 9)", () -> store_int(arena.allocate(2), 9));
            MemorySegment t = tally.allocate(arena);
            record(seen, "tally(t, 4)", () -> tally(t, 4));
            seen.put("tally.total", tally.total(t));
            record(seen, "tally(heap, 4)", () -> tally(MemorySegment.ofArray(new byte[(int) tally.sizeof()]), 4));
            MemorySegment h = handler.allocate(arena);
            handler.u.fn(handler.u(h), handler.u.fn.allocate((a, b) -> a * b, arena));
            record(seen, "handler_call(h, 6, 7)", () -> handler_call(h, 6, 7));
            MemorySegment closed;
            try (Arena gone = Arena.ofConfined()) {
                closed = gone.allocate(shape.layout());
            }
            record(seen, "fill_shape(closed)", () -> {
                fill_shape(closed);
                return null;
            });
        }
        return seen;
    }

    /** What the call returned, or the class of what it threw, and the checks it made. */
    private static void record(Map<String, Object> seen, String call, Supplier<Object> body) {
        Object result;
        try {
            result = body.get();
        } catch (RuntimeException e) {
            result = e.getClass().getSimpleName();
        }
        seen.put(call, result);
        seen.put(call + " checks", Args.takeChecks());
    }
}
