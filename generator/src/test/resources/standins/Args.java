/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * A test resource: a stand-in for the bindings module's Args, checking as the real one does, that
 * also records each check ("call arg minBytes", unsigned), so that CViewTest sees the length each
 * generated check computed from the arguments.
 */
public final class Args {

    /** The checks made on this thread since the last {@link #takeChecks()}. */
    private static final ThreadLocal<List<String>> CHECKS = ThreadLocal.withInitial(ArrayList::new);

    private Args() {
    }

    public static void check(String call, String arg, MemorySegment s, long minBytes) {
        CHECKS.get().add(call + " " + arg + " " + Long.toUnsignedString(minBytes));
        if (s == null) {
            throw new NullPointerException(call + "(): argument " + arg + " is null");
        }
        if (!s.isNative()) {
            throw new IllegalArgumentException(call + "(): argument " + arg + " is a heap segment");
        }
        if (!s.scope().isAlive()) {
            throw new IllegalStateException(call + "(): argument " + arg + " belongs to an arena that is already closed");
        }
        if (s.address() != 0 && Long.compareUnsigned(s.byteSize(), minBytes) < 0) {
            throw new IllegalArgumentException(call + "(): argument " + arg + " is " + s.byteSize()
                    + " bytes, and the call may use " + Long.toUnsignedString(minBytes));
        }
    }

    /** The checks recorded on this thread, which are then forgotten. */
    public static List<String> takeChecks() {
        List<String> checks = List.copyOf(CHECKS.get());
        CHECKS.get().clear();
        return checks;
    }
}
