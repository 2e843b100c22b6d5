/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets;

import java.lang.foreign.MemorySegment;

/**
 * A test resource: a stand-in for the bindings module's SignalDispatch, with the members the
 * generated C view calls, so that CViewTest can compile and run a C view without the bindings
 * module. No signal is ever pending here and no trampoline is used (direct() is false).
 */
public final class SignalDispatch {

    private SignalDispatch() {
    }

    public static void poll() {
    }

    public static boolean direct() {
        return false;
    }

    public static MemorySegment trampoline(String name) {
        throw new IllegalStateException("no trampolines in the generator's tests: " + name);
    }
}
