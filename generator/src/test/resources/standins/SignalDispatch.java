/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets;

import java.lang.foreign.MemorySegment;

/**
 * A test resource: a stand-in for the bindings module's SignalDispatch (the generator does not
 * depend on that module) that only counts the polls, so that CViewTest sees a C-view call poll
 * before and after its downcall. No trampoline is ever used here (direct() is false).
 */
public final class SignalDispatch {

    private static int polls;

    private SignalDispatch() {
    }

    public static void poll() {
        polls++;
    }

    /** The polls made so far (the test calls from one thread). */
    public static int polls() {
        return polls;
    }

    public static boolean direct() {
        return false;
    }

    public static MemorySegment trampoline(String name) {
        throw new IllegalStateException("no trampolines in the generator's tests: " + name);
    }
}
