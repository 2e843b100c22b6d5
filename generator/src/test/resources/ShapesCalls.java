/*
 * SPDX-License-Identifier: Apache-2.0
 */
package shapes.calls;

import shapes.gen.binop_t;
import shapes.gen.handler;
import shapes.gen.message;
import shapes.gen.number;
import shapes.gen.packed_mixed;
import shapes.gen.packed_points;
import shapes.gen.point;
import shapes.gen.shape;
import shapes.gen.shapes_h;
import shapes.gen.tagged;
import shapes.gen.tally;
import shapes.gen.word;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;
import java.util.LinkedHashMap;
import java.util.Map;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.MemoryLayout.PathElement.sequenceElement;

/**
 * A test resource, not a test source: GeneratorShapesTest compiles this together with the bindings it
 * generated from shapes.h, so javac checks that the calls below have the shapes a user would write
 * (a SegmentAllocator first for a struct returned by value, an invoker for a variadic function, a
 * lambda for a function pointer), and loads it in the same class loader as the bindings.
 * It lives in a package of its own so that it can use only what the bindings make public.
 */
public final class ShapesCalls {

    private ShapesCalls() {
    }

    /**
     * Loads the native library that implements shapes.h. The bindings find symbols with
     * SymbolLookup.loaderLookup(), which sees only libraries loaded from classes of their own
     * class loader: System.load is caller-sensitive, so it must be called from here, not from the test.
     */
    public static void load(String library) {
        System.load(library);
    }

    /** Calls through the bindings; each entry is what one call or accessor gave. */
    public static Map<String, Object> run() {
        Map<String, Object> seen = new LinkedHashMap<>();
        try (Arena arena = Arena.ofConfined()) {
            seen.put("add(2, 40)", shapes_h.add(2, 40));

            // struct by value, both ways
            MemorySegment p = shapes_h.make_point(arena, 3, 4);
            seen.put("make_point(3, 4).x", point.x(p));
            seen.put("make_point(3, 4).y", point.y(p));
            seen.put("point_sum(make_point(3, 4))", shapes_h.point_sum(p));
            MemorySegment scaled = shapes_h.point_scale(arena, p, 5);
            seen.put("point_scale(p, 5).x", point.x(scaled));
            seen.put("point_scale(p, 5).y", point.y(scaled));

            // variadic: one invoker per argument shape
            seen.put("sum_ints(3, 10, 20, 30)",
                    shapes_h.sum_ints.makeInvoker(shapes_h.C_INT, shapes_h.C_INT, shapes_h.C_INT).apply(3, 10, 20, 30));
            seen.put("sum_ints(0)", shapes_h.sum_ints.makeInvoker().apply(0));

            // a function pointer made from a lambda, called by C and by Java
            MemorySegment times = binop_t.allocate((a, b) -> a * b, arena);
            seen.put("apply(times, 6, 7)", shapes_h.apply(times, 6, 7));
            seen.put("binop_t.invoke(times, 3, 4)", binop_t.invoke(times, 3, 4));
            seen.put("apply(add, 6, 7)", shapes_h.apply(shapes_h.add$address(), 6, 7));

            // a global variable
            seen.put("shapes_counter", shapes_h.shapes_counter());
            shapes_h.shapes_counter(8);
            seen.put("shapes_counter after set 8", shapes_h.shapes_counter$segment().get(shapes_h.C_INT, 0));
            shapes_h.shapes_counter(7);

            // every accessor of a struct that C filled in
            MemorySegment s = shape.allocate(arena);
            shapes_h.fill_shape(s);
            seen.put("shape.tag", (char) shape.tag(s));
            seen.put("shape.origin.x", point.x(shape.origin(s)));
            seen.put("shape.origin.y", point.y(shape.origin(s)));
            seen.put("shape.value.l", number.l(shape.value(s)));
            for (int i = 0; i < 5; i++) {
                seen.put("shape.path[" + i + "]", shape.path(s, i));
            }
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 4; j++) {
                    seen.put("shape.grid[" + i + "][" + j + "]", shape.grid(s, i, j));
                }
            }
            seen.put("shape.corners[1].x", point.x(point.asSlice(shape.corners(s), 1)));
            seen.put("shape.corners[1].y", point.y(point.asSlice(shape.corners(s), 1)));
            seen.put("shape.name", shape.name(s).reinterpret(64).getString(0));
            seen.put("shape.next is NULL", shape.next(s).equals(MemorySegment.NULL));
            seen.put("shape.callback is add", shape.callback(s).equals(shapes_h.add$address()));
            seen.put("shape.callback.invoke(2, 3)", shape.callback.invoke(shape.callback(s), 2, 3));
            seen.put("shape.op.invoke(4, 5)", shape.op.invoke(shape.op(s), 4, 5));
            seen.put("shape.count", shape.count(s));

            // a packed struct: fields off their natural alignment, in an array of two
            MemorySegment packed = packed_mixed.allocateArray(2, arena);
            MemorySegment second = packed_mixed.asSlice(packed, 1);
            shapes_h.fill_packed(second);
            seen.put("packed.c", (char) packed_mixed.c(second));
            seen.put("packed.i", packed_mixed.i(second));
            seen.put("packed.s", packed_mixed.s(second));
            seen.put("packed.l", packed_mixed.l(second));

            // the nested class of an unnamed union field, on memory C wrote: its function pointer, then its array
            MemorySegment h = handler.allocate(arena);
            shapes_h.fill_handler(h, 0);
            seen.put("handler.kind", handler.kind(h));
            seen.put("handler.u.fn is add", handler.u.fn(handler.u(h)).equals(shapes_h.add$address()));
            seen.put("handler.u.fn.invoke(2, 3)", handler.u.fn.invoke(handler.u.fn(handler.u(h)), 2, 3));
            seen.put("handler.flags", handler.flags(h));
            shapes_h.fill_handler(h, 1);
            for (int i = 0; i < 6; i++) {
                seen.put("handler.u.bytes[" + i + "]", handler.u.bytes(handler.u(h), i));
            }
            // and C reads what Java wrote through it (a const struct pointer on the C side)
            handler.u.fn(handler.u(h), handler.u.fn.allocate((a, b) -> a - b, arena));
            seen.put("handler_call(h with a lambda, 9, 4)", shapes_h.handler_call(h, 9, 4));

            // a flexible array member: the struct and its elements in one allocation; the field itself holds none
            int count = 4;
            MemorySegment m = arena.allocate(message.sizeof() + count * shapes_h.C_INT.byteSize(),
                    message.layout().byteAlignment());
            shapes_h.fill_message(m, (short) count);
            seen.put("message.length", message.length(m));
            seen.put("message.kind", (char) message.kind(m));
            for (int i = 0; i < count; i++) {
                seen.put("message.data[" + i + "]", m.get(shapes_h.C_INT, message.data$offset() + i * shapes_h.C_INT.byteSize()));
            }

            // an array of structs in a packed struct: read through the field's own layout, aligned as the packed struct
            MemorySegment pp = packed_points.allocate(arena);
            shapes_h.fill_packed_points(pp);
            seen.put("packed_points.tag", (char) packed_points.tag(pp));
            VarHandle x = packed_points.pts$layout().varHandle(sequenceElement(), groupElement("x"));
            VarHandle y = packed_points.pts$layout().varHandle(sequenceElement(), groupElement("y"));
            for (int i = 0; i < 3; i++) {
                seen.put("packed_points.pts[" + i + "].x", (int) x.get(packed_points.pts(pp), 0L, (long) i));
                seen.put("packed_points.pts[" + i + "].y", (int) y.get(packed_points.pts(pp), 0L, (long) i));
            }
            seen.put("packed_points.tail", packed_points.tail(pp));

            // C11 anonymous members: their fields read and written through the outer struct's class
            MemorySegment tg = tagged.allocate(arena);
            MemorySegment w = word.allocate(arena);
            shapes_h.fill_tagged(tg, w);
            seen.put("tagged.kind", (char) tagged.kind(tg));
            seen.put("tagged.lo", tagged.lo(tg));
            seen.put("tagged.hi", tagged.hi(tg));
            seen.put("tagged.after", tagged.after(tg));
            seen.put("word.low", word.low(w));
            seen.put("word.high", word.high(w));
            tagged.name(tg, 1, (byte) 'z');
            seen.put("tagged.name[1] set", tagged.name(tg, 1));

            // a struct and a function of the same name, as struct sigaction and sigaction()
            MemorySegment t = tally.allocate(arena);
            shapes_h.tally(t, 5);
            seen.put("tally(t, 5), tally(t, 37)", shapes_h.tally(t, 37));
            seen.put("tally.count", tally.count(t));
            seen.put("tally.total", tally.total(t));
            seen.put("tally_of(3, 9).total", tally.total(shapes_h.tally_of(arena, 3, 9)));

            // const struct point, by value and through a pointer
            MemorySegment q = point.allocate(arena);
            point.x(q, 2);
            point.y(q, 5);
            seen.put("point_dot((3, 4), &(2, 5))", shapes_h.point_dot(p, q));
        }
        return seen;
    }
}
