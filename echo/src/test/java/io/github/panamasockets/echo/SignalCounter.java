/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.echo;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

import static io.github.panamasockets.Sockets.*;
import static java.lang.foreign.MemorySegment.NULL;

/**
 * A test program (run in a JVM of its own by {@link SignalStormTest}): a Java SIGUSR1 handler,
 * an upcall stub, that counts the signals and the ones it ran on a thread other than main's,
 * while another thread allocates without pause so that the JVM collects garbage all along.
 * <pre>
 *   SignalCounter pause N   main unblocks SIGUSR1 (the JVM was started through sigblock) and
 *                           waits in pause() until N signals came
 *   SignalCounter sleep     no unblocking (a plain JVM): main sleeps up to 20 s, until one came
 * </pre>
 * Prints "key value" lines: count, elsewhere (handlers not on main's thread), interrupted (main's
 * calls ended by a signal), gcs (collections while it ran).
 */
final class SignalCounter {

    private SignalCounter() {
    }

    static volatile int count;
    static volatile int elsewhere;
    static long mainThread;
    static volatile boolean allocating = true;

    static void handler(int sig) {
        count++;                          /* one thread runs this at a time: SIGUSR1 is blocked while it runs */
        if (pthread_self() != mainThread) {
            elsewhere++;
        }
    }

    static long gcs() {
        long n = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, gc.getCollectionCount());
        }
        return n;
    }

    public static void main(String[] args) {
        boolean pauseMode = args[0].equals("pause");
        // started before main unblocks SIGUSR1: a thread inherits its creator's mask (in C too), so
        // one started after would be a second thread the signal could land on
        Thread allocator = Thread.ofPlatform().daemon().start(() -> {
            Object[] ring = new Object[1024];
            for (int i = 0; allocating; i++) {
                ring[i & 1023] = new byte[4096];
            }
        });
        if (pauseMode) {
            receiveSignals(SIGUSR1());
        }
        mainThread = pthread_self();
        MemorySegment act = sigaction.allocate(Arena.global());
        sa_handler(act, sigaction.__sigaction_handler.sa_handler.allocate(SignalCounter::handler, Arena.global()));
        // an empty sa_mask unless -Dcounter.mask=full (the book's sigfillset): a handler that
        // blocks SIGSEGV while it runs turns a fault HotSpot would handle into the process's end
        // (docs/signals.md); the kernel blocks SIGUSR1 itself while its handler runs
        if ("full".equals(System.getProperty("counter.mask"))) {
            sigfillset(sigaction.sa_mask(act));
        } else {
            sigemptyset(sigaction.sa_mask(act));
        }
        sigaction.sa_flags(act, 0);
        if (sigaction(SIGUSR1(), act, NULL) < 0) {
            throw new IllegalStateException("sigaction failed: errno " + errno());
        }
        long gcs = gcs();
        int interrupted = 0;
        System.out.println("ready");
        System.out.flush();
        if (pauseMode) {
            int n = Integer.parseInt(args[1]);
            while (count < n) {
                if (pause() < 0 && errno() == EINTR()) {
                    interrupted++;
                }
            }
        } else {
            for (int i = 0; i < 20 && count < 1; i++) {
                if (sleep(1) != 0) {
                    interrupted++;  // sleep() returns the seconds left when a signal ended it
                }
            }
        }
        allocating = false;
        try {
            allocator.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        System.out.println("count " + count);
        System.out.println("elsewhere " + elsewhere);
        System.out.println("interrupted " + interrupted);
        System.out.println("gcs " + (gcs() - gcs));
    }
}
