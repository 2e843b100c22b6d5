/*
 * SPDX-License-Identifier: Apache-2.0
 */
package shapes.calls;

import io.github.panamasockets.Args;
import io.github.panamasockets.Errno;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import shapes.gen.shapes_h;

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

    /**
     * Each entry: what a call of the erased shape returned through the view, and what the header
     * class's call, with the function's own descriptor, returned.
     */
    public static Map<String, Object> widths() {
        Map<String, Object> seen = new LinkedHashMap<>();
        try (Arena arena = Arena.ofConfined()) {
            for (short x : new short[] {0, 1, -1, 0x1234, Short.MIN_VALUE, Short.MAX_VALUE}) {
                seen.put("negate_short(" + x + ")", List.of(negate_short(x), shapes_h.negate_short(x)));
                seen.put("swap_halves(" + x + ")", List.of(swap_halves(x), shapes_h.swap_halves(x)));
            }
            for (long x : new long[] {0x1234567890abcdefL, -1L, 0x80L, 0x7fL, Long.MIN_VALUE}) {
                seen.put("low_byte(" + x + ")", List.of(low_byte(x), shapes_h.low_byte(x)));
            }
            MemorySegment minusTwo = arena.allocateFrom(C_CHAR, (byte) -2);
            seen.put("weigh(-1, -2, -3, -4, -5, -2)", List.of(weigh((byte) -1, (short) -2, -3, -4L, -5L, minusTwo),
                    shapes_h.weigh((byte) -1, (short) -2, -3, -4L, -5L, minusTwo)));
            MemorySegment max = arena.allocateFrom(C_CHAR, Byte.MAX_VALUE);
            seen.put("weigh(max...)", List.of(weigh(Byte.MAX_VALUE, Short.MAX_VALUE, Integer.MAX_VALUE, 1L << 40, 1L << 50, max),
                    shapes_h.weigh(Byte.MAX_VALUE, Short.MAX_VALUE, Integer.MAX_VALUE, 1L << 40, 1L << 50, max)));
            seen.put("seven(1, 2, 3, 4, 5, 6, 7)", seven(1, 2, 3, 4, 5, 6, 7));
        }
        return seen;
    }

    /**
     * Each entry: what a variadic invoker of the view wrote, whether it took the erased shape (its
     * kinds), and what it threw for arguments that do not match its layouts.
     */
    public static Map<String, Object> formats() throws ReflectiveOperationException {
        Map<String, Object> seen = new LinkedHashMap<>();
        java.lang.reflect.Field kinds = format_into.class.getDeclaredField("kinds");
        kinds.setAccessible(true);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(256);
            MemorySegment abc = arena.allocateFrom("abc");
            format_into ints = format_into.makeInvoker(C_POINTER, C_INT, C_LONG);
            seen.put("%s %d %ld", List.of(ints.apply(buf, arena.allocateFrom("%s %d %ld"), abc, -5, 1L << 40), buf.getString(0)));
            seen.put("%s %d %ld erased", kinds.get(ints) != null);
            format_into real = format_into.makeInvoker(C_DOUBLE, C_INT);
            seen.put("%.2f %x", List.of(real.apply(buf, arena.allocateFrom("%.2f %x"), 1.5, 255), buf.getString(0)));
            seen.put("%.2f %x erased", kinds.get(real) != null);
            format_into many = format_into.makeInvoker(C_POINTER, C_POINTER, C_POINTER);
            seen.put("%s%s%s", List.of(many.apply(buf, arena.allocateFrom("%s%s%s"), abc, abc, abc), buf.getString(0)));
            seen.put("%s%s%s erased", kinds.get(many) != null);
            record(seen, "too few", () -> ints.apply(buf, arena.allocateFrom("%s %d"), abc, 1));
            record(seen, "a long for an int", () -> ints.apply(buf, arena.allocateFrom("%s %d %ld"), abc, 1L, 2L));
            record(seen, "a heap segment", () -> ints.apply(buf, arena.allocateFrom("%s %d %ld"), MemorySegment.ofArray(new byte[4]), 1, 2L));
        }
        seen.remove("too few checks");
        seen.remove("a long for an int checks");
        seen.remove("a heap segment checks");
        return seen;
    }

    /**
     * A shared arena, one of whose segments a call on another thread is given: whether closing it
     * while the call runs threw (the view's erased call must hold it open, as the linker holds a
     * pointer argument's arena), what the call returned, and whether it closed afterwards.
     */
    public static Map<String, Object> heldOpen() throws InterruptedException {
        Map<String, Object> seen = new LinkedHashMap<>();
        Arena shared = Arena.ofShared();
        MemorySegment value = shared.allocateFrom(C_INT, 42);
        MemorySegment entered = Arena.global().allocate(C_INT);
        int[] result = {-1};
        Thread caller = new Thread(() -> result[0] = read_after(value, entered, 400));
        caller.start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (entered.get(C_INT, 0) == 0 && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        seen.put("entered", entered.get(C_INT, 0));
        try {
            shared.close();
            seen.put("close during the call", "closed");
        } catch (IllegalStateException e) {
            seen.put("close during the call", e.getClass().getSimpleName());
        }
        caller.join(10_000);
        seen.put("caller alive", caller.isAlive());
        seen.put("read_after", result[0]);
        try {
            shared.close();
            seen.put("close after the call", "closed");
        } catch (IllegalStateException e) {
            seen.put("close after the call", e.getClass().getSimpleName());
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
