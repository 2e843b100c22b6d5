/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets;

import io.github.panamasockets.generated.sockets_h;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * errno as a C program has it: per thread, set by a call that fails, left alone by one that
 * succeeds. What cannot be generated lives here; the calls themselves are generated
 * ({@code sockets_c}, from {@code bindings/errno.list}) and reach a program through {@link Sockets}.
 *
 * <p>Between a downcall and the Java code that reads {@code errno} the JVM runs code of its own
 * (GC, safepoints, class loading) that may overwrite it. So each call that can fail is linked with
 * {@link #CAPTURE}: the linker copies {@code errno} into this thread's {@link Capture} segment
 * right after the call returns, and the generated code keeps it as the thread's errno when the
 * result says the call failed. The segment is per thread and reused, so a call allocates nothing
 * of its own (the JDK's check of the segment does when the call runs interpreted or compiled by
 * C1: see {@link Capture#inChild}).
 *
 * <p>{@link #perror} makes C's message: it writes the thread's errno back through
 * {@code __errno_location()} immediately before calling libc's {@code perror}.
 */
public final class Errno {

    /** The linker option of every errno-keeping call. */
    public static final Linker.Option CAPTURE = Linker.Option.captureCallState("errno");
    private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final long ERRNO_OFFSET = CAPTURE_LAYOUT.byteOffset(groupElement("errno"));

    private Errno() {
    }

    /** A thread's errno and where its calls capture it. For the generated calls; a program reads {@link #errno()}. */
    public static final class Capture {
        /** Where the linker writes errno; allocated once per thread, reused by every call. */
        private final MemorySegment captured = Arena.ofAuto().allocate(CAPTURE_LAYOUT);
        /**
         * This thread's C errno ({@code __errno_location()}), looked up when first needed
         * ({@link #perror}, {@link #restore}, or {@link #prepareThread} before a fork): a downcall
         * that returns a pointer makes a new segment object each time, and a forked child must
         * allocate nothing. A child of fork() is a copy of the thread that forked, at the same
         * addresses, so the location stays right there.
         */
        private MemorySegment errnoLocation;
        /** C's errno for this thread; 0 at the start, as C's. */
        int errno;
        /**
         * This thread is a child of {@link JvmFork#fork} (the forking thread, copied) or the
         * thread of a {@link JvmFork#rehearse rehearsal} that has called fork(); set by JvmFork.
         * Per thread, so that no other thread's calls lose their capture meanwhile.
         */
        boolean child;
        /**
         * This thread runs a rehearsal ({@link JvmFork#rehearse}): its fork(), _exit() and
         * perror() are harmless stand-ins; no other thread's are.
         */
        boolean rehearsing;
        /** What this thread's {@link #perror} calls: libc's (from its first call) or a rehearsal's stand-in. */
        MethodHandle perrorCall;
        /** What this thread's {@link JvmFork#_exit} calls: libc's (from its first call) or a rehearsal's stand-in. */
        MethodHandle exitCall;

        private Capture() {
        }

        /** The segment a capturing call writes errno into. */
        public MemorySegment segment() {
            return captured;
        }

        /**
         * True in a child of {@link JvmFork#fork} (and on a rehearsal's thread): the generated
         * calls then take their plain, allocation-free path. A capturing downcall allocates a
         * small object on each call when it runs interpreted or by C1 (the JDK slices the capture
         * segment: {@code SharedUtils.checkCaptureSegment}), and a forked child must allocate
         * nothing: a child whose copy of the heap has no room left would ask for a GC that no
         * thread of it can run. So in a child each call is the generated, plain downcall, and
         * errno is read from {@code __errno_location()} at once after it: a child has no other
         * thread, no safepoint, no GC and nothing left to load that could change errno in between
         * (which is why a whole JVM needs the capture).
         */
        public boolean inChild() {
            return child;
        }

        /**
         * This thread's errno, for an 'always' or 'nonzero' call's trampoline to put back in C's
         * inside the same native call (a write from Java before the downcall could be overwritten
         * by the JVM's own code at the call's thread-state transition).
         */
        public int errno() {
            return errno;
        }

        /** The call failed: its captured errno becomes this thread's. */
        public void failed() {
            errno = captured.get(JAVA_INT, ERRNO_OFFSET);
        }

        /** The call failed in a forked child, after a plain downcall: C's errno, read at once. */
        public void failedInChild() {
            errno = errnoLocation().get(JAVA_INT, 0);
        }

        /**
         * Puts this thread's errno back into C's before a plain call, in a forked child, whose
         * result cannot say whether it failed (strtol, getchar), or whose failure may leave errno
         * alone (getaddrinfo, setvbuf), so that the errno read after it is exactly C's. (In a whole
         * JVM the call's trampoline does it, {@link #errno()}.)
         */
        public void restore() {
            errnoLocation().set(JAVA_INT, 0, errno);
        }

        MemorySegment errnoLocation() {
            if (errnoLocation == null) {
                errnoLocation = sockets_h.__errno_location();
            }
            return errnoLocation;
        }

        /** perror's downcall on this thread: linked on first use, a rehearsal's stand-in on its own thread. */
        MethodHandle perrorCall() {
            if (perrorCall == null) {
                perrorCall = Perror.handle;
            }
            return perrorCall;
        }
    }

    private static final ThreadLocal<Capture> STATE = ThreadLocal.withInitial(Capture::new);

    /** This thread's capture state. For the generated calls. */
    public static Capture capture() {
        return STATE.get();
    }

    /** For {@link JvmFork}: a capturing {@code ()int} downcall (fork, or its stand-in) on a thread's state. */
    static int callCapturing(Capture state, MethodHandle handle) throws Throwable {
        int result = (int) handle.invokeExact(state.captured);
        if (result < 0) {
            state.failed();
        }
        return result;
    }

    /** For {@link JvmFork}: makes this thread's state now, so that a child of it never has to. */
    static void prepareThread() {
        STATE.get().errnoLocation();
        STATE.get().perrorCall();
    }

    /** This thread's errno: what the last call that failed on this thread set, or 0. C's {@code errno}. */
    public static int errno() {
        return STATE.get().errno;
    }

    /** C's {@code errno = value}: for the idiom {@code errno = 0; strtol(...); if (errno != 0) ...}. */
    public static void errno(int value) {
        STATE.get().errno = value;
    }

    /** libc's {@code perror}, printing the message for this thread's errno. */
    public static void perror(MemorySegment s) {
        Args.check("perror", "__s", s, 0);
        Capture state = STATE.get();
        int errno = state.errno;
        try {
            if (!state.child) {
                // a whole JVM: errno goes back into C's inside the native call (perror.c), as the
                // 'always' and 'nonzero' calls' trampolines put it back: written from Java before
                // the downcall, JVM code of this thread in between (a safepoint poll's futex, the
                // call site's first linking) could overwrite it
                RestoringPerror.HANDLE.invokeExact(errno, s);
                return;
            }
            // a forked child (no other thread: nothing runs between the write and the call) or a
            // rehearsal (its stand-in): what may run JVM code of its own (the thread-local lookup,
            // perror's first linking) happens before errno is written, then the downcall alone
            MethodHandle perror = state.perrorCall();
            MemorySegment errnoLocation = state.errnoLocation();
            errnoLocation.set(JAVA_INT, 0, errno);
            perror.invokeExact(s);
        } catch (Error | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    /**
     * perror's downcall, linked on first use. On the thread of a {@link JvmFork#rehearse
     * rehearsal} a stand-in of the same type that prints nothing takes its place
     * ({@link Capture#perrorCall}), so that the call site above is linked, and everything behind
     * it run, before any child needs it.
     */
    static final class Perror {
        static final MethodHandle handle = sockets_h.perror$handle();

        private Perror() {
        }
    }

    /**
     * ps_r_perror(errno, s) (bindings/src/main/c/perror.c, in the bindings' native library, which
     * a whole JVM's first perror opens): perror with errno put back inside the call.
     */
    static final class RestoringPerror {
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(
                SignalDispatch.restoring("perror"), FunctionDescriptor.ofVoid(JAVA_INT, ADDRESS));

        private RestoringPerror() {
        }
    }
}
