/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static io.github.panamasockets.Sockets.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * C code calling back into Java, from the one import: a signal handler installed with sigaction
 * and run by raise, and a thread started by pthread_create and joined with its result.
 */
class SignalsAndThreadsTest {

    @Test
    void sigactionRunsAJavaHandler() {
        AtomicInteger calls = new AtomicInteger();
        AtomicInteger received = new AtomicInteger();
        try (Arena arena = Arena.ofConfined()) {
            // the handler does as little as a C signal handler should: no allocation, no locks
            MemorySegment handler = sigaction.__sigaction_handler.sa_handler.allocate(signo -> {
                received.set(signo);
                calls.incrementAndGet();
            }, arena);
            MemorySegment act = sigaction.allocate(arena);
            memset(act, 0, sigaction.sizeof());
            sa_handler(act, handler);
            assertEquals(0, sigemptyset(sigaction.sa_mask(act)));
            sigaction.sa_flags(act, 0);

            MemorySegment old = sigaction.allocate(arena);
            assertEquals(0, sigaction(SIGUSR1(), act, old), () -> "sigaction: errno " + errno());
            try {
                assertEquals(0, raise(SIGUSR1()));   // delivered to this thread before raise returns
            } finally {
                // the stub dies with the arena: the old action goes back before that
                assertEquals(0, sigaction(SIGUSR1(), old, MemorySegment.NULL));
            }
            assertEquals(1, calls.get());
            assertEquals(SIGUSR1(), received.get());

            MemorySegment now = sigaction.allocate(arena);
            assertEquals(0, sigaction(SIGUSR1(), MemorySegment.NULL, now));
            assertEquals(sa_handler(old).address(), sa_handler(now).address());
            assertNotEquals(handler.address(), sa_handler(now).address());
        }
    }

    // ---- pthread_create: its start routine, void *(*)(void *), is the generated pthread_create$__start_routine

    private final AtomicLong selfInThread = new AtomicLong();
    private final AtomicInteger starts = new AtomicInteger();

    /** The start routine: records which thread it ran on and returns its argument, as pthread_exit would. */
    private MemorySegment start(MemorySegment arg) {
        selfInThread.set(pthread_self());
        starts.incrementAndGet();
        return arg;
    }

    @Test
    void pthreadCreateRunsAJavaStartRoutine() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment startRoutine = pthread_create$__start_routine.allocate(this::start, arena);
            MemorySegment arg = arena.allocate(16);
            MemorySegment thread = arena.allocate(pthread_t);
            assertEquals(0, pthread_create(thread, MemorySegment.NULL, startRoutine, arg));

            MemorySegment result = arena.allocate(C_POINTER);
            assertEquals(0, pthread_join(thread.get(pthread_t, 0), result));
            assertEquals(1, starts.get());
            assertEquals(arg.address(), result.get(C_POINTER, 0).address());
            assertEquals(thread.get(pthread_t, 0), selfInThread.get());
            assertNotEquals(pthread_self(), selfInThread.get());
        }
    }
}
