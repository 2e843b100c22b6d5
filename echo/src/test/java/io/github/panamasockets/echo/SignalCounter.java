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
 *   SignalCounter busy      main unblocks SIGUSR1 and SIGTERM and runs Java code (a hash loop,
 *                           one call of the C view, sigemptyset, a round: no system call) until a
 *                           SIGTERM came or 60 s passed: the signals land while it runs Java code
 * </pre>
 * -Dcounter.direct=true installs the upcall stub itself as the kernel's handler (the way before the
 * native recorder: Sockets.sa_handler of a MemorySegment goes to the kernel as given), for measuring.
 * The handler's sa_mask is the book's and the twins' (sigfillset) unless -Dcounter.mask=empty.
 * Prints "key value" lines: count, elsewhere (handlers not on main's thread), interrupted (main's
 * calls ended by a signal), gcs (collections while it ran), blocks-segv and blocks-term (1 when
 * the installed handler's sa_mask holds SIGSEGV, SIGTERM).
 */
final class SignalCounter {

    private SignalCounter() {
    }

    static volatile int count;
    static volatile int elsewhere;
    static long mainThread;
    static volatile boolean allocating = true;

    static volatile boolean stop;
    static long rounds;

    static void stopHandler(int sig) {
        stop = true;
    }

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
        boolean busyMode = args[0].equals("busy");
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
        } else if (busyMode) {
            receiveSignals(SIGUSR1(), SIGTERM());
        }
        mainThread = pthread_self();
        MemorySegment act = sigaction.allocate(Arena.global());
        if (Boolean.getBoolean("counter.direct")) {
            sa_handler(act, sigaction.__sigaction_handler.sa_handler.allocate(SignalCounter::handler, Arena.global()));
        } else {
            sa_handler(act, SignalCounter::handler);
        }
        // the book's sa_mask by default, as the twins give it (sigfillset: every signal blocked while
        // the native recorder runs; nothing is blocked while the Java handler runs, so HotSpot's own
        // SIGSEGV and the rest stay deliverable: docs/signals.md); -Dcounter.mask=empty: nothing
        // blocked but SIGUSR1 itself, which the kernel blocks while its handler runs
        String mask = System.getProperty("counter.mask", "book");
        switch (mask) {
            case "book" -> sigfillset(sigaction.sa_mask(act));
            case "empty" -> sigemptyset(sigaction.sa_mask(act));
            default -> throw new IllegalArgumentException("counter.mask: book or empty, not " + mask);
        }
        sigaction.sa_flags(act, 0);
        if (sigaction(SIGUSR1(), act, NULL) < 0) {
            throw new IllegalStateException("sigaction failed: errno " + errno());
        }
        // the mask as the kernel holds it, read back: what the test asserts the twins' mask is
        MemorySegment installed = sigaction.allocate(Arena.global());
        if (sigaction(SIGUSR1(), NULL, installed) < 0) {
            throw new IllegalStateException("sigaction (read back) failed: errno " + errno());
        }
        String blocks = "blocks-segv " + sigismember(sigaction.sa_mask(installed), SIGSEGV())
                + "\nblocks-term " + sigismember(sigaction.sa_mask(installed), SIGTERM());
        if (busyMode) {
            MemorySegment stopAct = sigaction.allocate(Arena.global());
            sa_handler(stopAct, SignalCounter::stopHandler);
            sigemptyset(sigaction.sa_mask(stopAct));
            if (sigaction(SIGTERM(), stopAct, NULL) < 0) {
                throw new IllegalStateException("sigaction(SIGTERM) failed: errno " + errno());
            }
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
        } else if (busyMode) {
            MemorySegment scratch = sigset_t.allocate(Arena.global());
            long deadline = System.nanoTime() + 60_000_000_000L;
            long h = 0;
            while (!stop && System.nanoTime() < deadline) {
                for (int i = 0; i < 2_000; i++) {      // Java code: where a signal now lands
                    h = h * 31 + (i ^ (h >>> 7));
                }
                sigemptyset(scratch);                  // a call of the C view: where the handler runs
                rounds++;
            }
            System.out.println("hash " + (h & 1));     // (keeps the loop's work)
            System.out.println("rounds " + rounds);
            System.out.println("stopped " + (stop ? 1 : 0));
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
        System.out.println("direct " + io.github.panamasockets.SignalDispatch.directRuns()); // handler runs in signal context
        System.out.println(blocks);
    }
}
