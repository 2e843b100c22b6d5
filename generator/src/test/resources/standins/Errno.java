/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * A test resource: a stand-in for the bindings module's Errno, with the members the generated C
 * view calls, so that CViewTest can compile and run a C view without the bindings module (which
 * the generator does not depend on). It keeps errno per thread as the real one does; it has no
 * forked child, so its calls always take the capturing path.
 */
public final class Errno {

    public static final Linker.Option CAPTURE = Linker.Option.captureCallState("errno");
    private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final long ERRNO_OFFSET = CAPTURE_LAYOUT.byteOffset(groupElement("errno"));
    private static final MethodHandle ERRNO_LOCATION = Linker.nativeLinker().downcallHandle(
            Linker.nativeLinker().defaultLookup().find("__errno_location").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.ADDRESS));

    private Errno() {
    }

    public static final class Capture {
        private final MemorySegment captured = Arena.ofAuto().allocate(CAPTURE_LAYOUT);
        int errno;

        private Capture() {
        }

        public MemorySegment segment() {
            return captured;
        }

        public boolean inChild() {
            return false;
        }

        public int errno() {
            return errno;
        }

        public void failed() {
            errno = captured.get(JAVA_INT, ERRNO_OFFSET);
        }

        public void failedInChild() {
            throw new AssertionError("the stand-in has no forked child");
        }

        /** This thread's errno into C's, before a call whose result cannot tell whether it failed. */
        public void restore() {
            try {
                ((MemorySegment) ERRNO_LOCATION.invokeExact()).reinterpret(JAVA_INT.byteSize()).set(JAVA_INT, 0, errno);
            } catch (Throwable t) {
                throw new AssertionError(t);
            }
        }
    }

    private static final ThreadLocal<Capture> STATE = ThreadLocal.withInitial(Capture::new);

    public static Capture capture() {
        return STATE.get();
    }

    public static int errno() {
        return STATE.get().errno;
    }

    public static void errno(int value) {
        STATE.get().errno = value;
    }
}
