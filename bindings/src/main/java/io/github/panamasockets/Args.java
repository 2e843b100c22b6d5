/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets;

import java.lang.foreign.MemorySegment;

/**
 * The checks the generated C view ({@code sockets_c}) makes on each pointer argument before the
 * call, where C would read or write memory that is not there and the JDK would say only
 * "Heap segment not allowed" or "Already closed" without naming the call.
 */
public final class Args {

    private Args() {
    }

    /**
     * Throws, naming {@code call} and {@code arg}, unless {@code s} is a native segment of an
     * arena still open that reaches at least {@code minBytes} (unsigned), or C's NULL.
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
        if (s.address() != 0 && Long.compareUnsigned(s.byteSize(), minBytes) < 0) {
            throw new IllegalArgumentException(call + "(): argument " + arg + " is " + s.byteSize()
                    + " bytes, and the call may use " + Long.toUnsignedString(minBytes));
        }
    }
}
