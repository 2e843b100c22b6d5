/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;

/**
 * A test resource: a stand-in for the bindings module's SignalDispatch (the generator does not
 * depend on that module) that only counts the polls, so that CViewTest sees a C-view call poll
 * before and after its downcall. No blocking trampoline is ever used here (direct() is false).
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

    /** A restoring trampoline, from shapes_trampolines.c, which ShapesBuild compiles into the shapes library. */
    public static MemorySegment restoring(String name) {
        return SymbolLookup.loaderLookup().findOrThrow("ps_r_" + name);
    }

    public static MemorySegment trampoline(String name) {
        throw new IllegalStateException("no trampolines in the generator's tests: " + name);
    }
}
