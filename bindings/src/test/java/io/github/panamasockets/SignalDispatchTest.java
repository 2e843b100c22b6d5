/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets;

import io.github.panamasockets.generated.sockets_h;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

import static io.github.panamasockets.Sockets.*;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Java handler behind the native recorder (SignalDispatch), in this JVM, with SIGUSR1 and
 * raise(), which delivers to the calling thread before it returns: the kernel gets the recorder,
 * not the upcall; the handler runs on this thread as raise() returns, once a delivery, never
 * nested; the old action gives the Java handler back; errno is the program's across a dispatch;
 * an SA_SIGINFO handler gets the siginfo. SIGUSR1's action is put back after each test.
 */
class SignalDispatchTest {

    private final Arena arena = Arena.ofConfined();
    private MemorySegment saved;
    private final List<Long> threads = new ArrayList<>();
    private int depth;
    private int deepest;

    @BeforeEach
    void save() {
        saved = sigaction.allocate(arena);
        assertEquals(0, sigaction(SIGUSR1(), MemorySegment.NULL, saved));
    }

    @AfterEach
    void restore() {
        assertEquals(0, sigaction(SIGUSR1(), saved, MemorySegment.NULL));
        arena.close();
    }

    private MemorySegment act(int flags) {
        MemorySegment act = sigaction.allocate(arena);
        memset(act, 0, sigaction.sizeof());
        assertEquals(0, sigfillset(sigaction.sa_mask(act)));  // the book's mask: only the recorder runs with it
        sigaction.sa_flags(act, flags);
        return act;
    }

    @Test
    void theKernelGetsTheRecorderAndTheHandlerRunsHereWhenRaiseReturns() {
        MemorySegment act = act(0);
        sa_handler(act, sig -> threads.add(pthread_self()));
        MemorySegment stub = sa_handler(act);
        assertEquals(0, sigaction(SIGUSR1(), act, MemorySegment.NULL));

        MemorySegment installed = sigaction.allocate(arena);
        assertEquals(0, sockets_h.sigaction(SIGUSR1(), MemorySegment.NULL, installed));  // the kernel's, unmapped
        assertNotEquals(stub.address(), sa_handler(installed).address(), "the kernel holds the recorder, not the upcall");
        assertEquals(1, sigismember(sigaction.sa_mask(installed), SIGSEGV()), "the mask as given");

        assertEquals(0, raise(SIGUSR1()));
        assertEquals(List.of(pthread_self()), threads, "one handler, on this thread, by the time raise returned");

        MemorySegment old = sigaction.allocate(arena);
        assertEquals(0, sigaction(SIGUSR1(), MemorySegment.NULL, old));
        assertEquals(stub.address(), sa_handler(old).address(), "the old action names the Java handler");
    }

    @Test
    void aSignalRaisedInTheHandlerRunsAfterItReturnsNotInsideIt() {
        MemorySegment act = act(0);
        sa_handler(act, sig -> {
            depth++;
            deepest = Math.max(deepest, depth);
            threads.add(pthread_self());
            if (threads.size() == 1) {
                raise(SIGUSR1());  // recorded now, dispatched once this handler has returned
            }
            depth--;
        });
        assertEquals(0, sigaction(SIGUSR1(), act, MemorySegment.NULL));
        assertEquals(0, raise(SIGUSR1()));
        assertEquals(2, threads.size(), "both deliveries ran the handler");
        assertEquals(1, deepest, "never nested");
    }

    @Test
    void errnoAfterTheCallIsTheCallsNotTheHandlers() {
        MemorySegment act = act(0);
        sa_handler(act, sig -> assertTrue(close(-1) < 0 && errno() == EBADF(), "the handler's own close fails"));
        assertEquals(0, sigaction(SIGUSR1(), act, MemorySegment.NULL));
        errno(0);
        assertEquals(0, raise(SIGUSR1()));
        assertEquals(0, errno(), "raise succeeded: errno is what it was before it");
    }

    @Test
    void anSaSiginfoHandlerGetsTheSiginfo() {
        MemorySegment act = act(SA_SIGINFO());
        int[] signo = {0};
        sa_sigaction(act, (sig, info, context) -> signo[0] = info.get(JAVA_INT, 0));  // si_signo, the first field
        assertEquals(0, sigaction(SIGUSR1(), act, MemorySegment.NULL));
        assertEquals(0, raise(SIGUSR1()));
        assertEquals(SIGUSR1(), signo[0]);
    }

    /**
     * The direct path: SA_RESTART, this thread blocked in read() on a socketpair, SIGUSR1 sent to
     * it (pthread_kill) by another thread. The Java handler runs while read() is still blocked,
     * on this thread, as C's would (the kernel then restarts read(), which returns the byte
     * written only after the handler was seen to run). On the deferred path alone it would run only
     * once read() returned, and the helper would wait in vain.
     */
    @Test
    void withSaRestartTheHandlerRunsInsideTheBlockedReadWhichThenGoesOn() throws Exception {
        MemorySegment act = act(SA_RESTART());
        java.util.concurrent.CountDownLatch ran = new java.util.concurrent.CountDownLatch(1);
        sa_handler(act, sig -> {
            threads.add(pthread_self());
            ran.countDown();
        });
        assertEquals(0, sigaction(SIGUSR1(), act, MemorySegment.NULL));
        MemorySegment pair = arena.allocate(JAVA_INT, 2);
        assertEquals(0, socketpair(AF_UNIX(), SOCK_STREAM(), 0, pair));
        int mine = pair.getAtIndex(JAVA_INT, 0);
        int peer = pair.getAtIndex(JAVA_INT, 1);
        long reader = pthread_self();
        boolean[] seenInside = {false};
        Thread helper = new Thread(() -> {
            try (Arena a = Arena.ofConfined()) {
                Thread.sleep(300);  // this thread is in read() by then; if not, the handler runs at its entry, still before the byte
                assertEquals(0, sockets_h.pthread_kill(reader, SIGUSR1()));
                seenInside[0] = ran.await(10, java.util.concurrent.TimeUnit.SECONDS);
                MemorySegment one = a.allocate(1);
                one.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 0, (byte) 'x');
                sockets_h.write(peer, one, 1);  // ends read() either way: the test never hangs
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        helper.start();
        MemorySegment buffer = arena.allocate(1);
        long n = read(mine, buffer, 1);
        helper.join(20_000);
        close(mine);
        close(peer);
        assertEquals(1, n, "read() restarted, not ended by EINTR, and got the byte");
        assertTrue(seenInside[0], "the handler ran while read() was blocked, before the byte was written");
        assertEquals(List.of(reader), threads, "once, on the thread in read()");
    }
}
