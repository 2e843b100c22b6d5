/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets;

import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;

/**
 * The checks the generated C view ({@code sockets_c}) makes on each pointer argument before the
 * call, where C would read or write memory that is not there and the JDK would say only
 * "Heap segment not allowed" or "Already closed" without naming the call.
 */
public final class Args {

    private Args() {
    }

    /**
     * {@code a * b}, unsigned, for a length made of an element size and a count; 0 when the
     * product does not fit in 64 bits, since no segment is that long and the kernel refuses such
     * a count with C's own errno (EINVAL), which the call then gives.
     */
    public static long times(long a, long b) {
        return Math.unsignedMultiplyHigh(a, b) != 0 ? 0 : a * b;
    }

    /**
     * The length a value-result {@code socklen_t *} holds ({@code accept(fd, addr, &len)}: the
     * kernel writes at most that much at {@code addr}); 0 for NULL or a negative length. Checks
     * the pointer first.
     */
    public static long lengthAt(String call, String arg, MemorySegment len) {
        check(call, arg, len, Integer.BYTES);
        // the kernel reads it as an int: a negative one is C's EINVAL, not an overrun, so it checks nothing
        return len.address() == 0 ? 0 : Math.max(0, len.get(JAVA_INT_UNALIGNED, 0));
    }

    /**
     * Throws, naming {@code call} and {@code arg}, unless {@code s} is a native segment of an
     * arena still open that reaches at least {@code minBytes} (unsigned), C's NULL, or a
     * zero-length segment (a pointer from C whose size is unknown, as FFM makes them).
     */
    public static void check(String call, String arg, MemorySegment s, long minBytes) {
        if (s == null) {
            throw new NullPointerException(call + "(): argument " + arg + " is null; C's NULL is MemorySegment.NULL");
        }
        if (!s.isNative()) {
            throw new IllegalArgumentException(call + "(): argument " + arg
                    + " is a heap segment; a C call needs native memory (allocate it from an Arena)");
        }
        if (!s.scope().isAlive()) {
            throw new IllegalStateException(call + "(): argument " + arg + " belongs to an arena that is already closed");
        }
        // a zero-length segment is an address whose size nobody knows (a pointer read from C
        // memory without a target layout, as res.get(ADDRESS, 0)): C's case, not checked
        if (s.address() != 0 && s.byteSize() != 0 && Long.compareUnsigned(s.byteSize(), minBytes) < 0) {
            throw new IllegalArgumentException(call + "(): argument " + arg + " is " + s.byteSize()
                    + " bytes, and the call may use " + Long.toUnsignedString(minBytes));
        }
    }
}
