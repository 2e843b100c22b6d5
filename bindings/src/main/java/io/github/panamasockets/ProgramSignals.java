/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets;

import io.github.panamasockets.generated.sigaction;
import io.github.panamasockets.generated.sigset_t;
import io.github.panamasockets.generated.sockets_h;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Makes the calling thread the only one a process-directed signal can land on, as the one
 * thread of a C program is (docs/signals.md).
 *
 * <p>A JVM has some twenty threads; the kernel gives a process-directed signal (kill, alarm,
 * SIGIO, SIGCHLD) to the thread-group leader if it does not block it, else to any thread that
 * does not. A Java program's thread is never the leader (the {@code java} launcher runs main on
 * a second thread), so without help the handler runs elsewhere and the program's blocking call
 * is not interrupted. The signal launchers start the JVM through {@code native/tools/sigblock},
 * which blocks the signals before exec: every JVM thread inherits the block. The program's thread
 * then calls {@link #receive} first, which unblocks them on this thread only.
 */
public final class ProgramSignals {

    private ProgramSignals() {
    }

    /**
     * Runs {@code body} with {@code sig} ignored in the whole process, then puts the disposition
     * back exactly as it was (sigaction's old value, flags and all). Setting SIG_IGN also discards
     * the signal if it is pending. For JvmFork's rehearsal, whose send() to a closed peer must
     * fail with EPIPE whatever SIGPIPE's disposition is, while the program's thread only waits
     * for it. Two rt_sigaction calls, on the calling thread.
     */
    static void ignoring(int sig, Runnable body) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ignore = arena.allocate(sigaction.layout());
            MemorySegment old = arena.allocate(sigaction.layout());
            Sockets.sa_handler(ignore, Sockets.SIG_IGN());
            if (sockets_h.sigaction(sig, ignore, old) < 0) {
                throw new IllegalStateException("sigaction(" + sig + ", SIG_IGN) failed");
            }
            try {
                body.run();
            } finally {
                sockets_h.sigaction(sig, old, MemorySegment.NULL);
            }
        }
    }

    /**
     * Unblocks {@code signals} on the calling thread only (the rest of the JVM keeps them blocked).
     * glibc's sigprocmask is pthread_sigmask: in a threaded process it sets the calling thread's
     * mask, with one rt_sigprocmask call.
     *
     * @throws IllegalStateException if a signal was not blocked here already: the JVM was not
     *         started through sigblock, so other threads could take the signal and the program
     *         would not behave as C's (a blocking call never interrupted)
     */
    public static void receive(int... signals) {
        // the recorder a Java handler will need, loaded on a thread of its own when first needed;
        // that thread is made first, so that it keeps these signals blocked
        SignalDispatch.prepareAhead();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment set = arena.allocate(sigset_t.layout()); // zeroed: sigemptyset's result
            MemorySegment old = arena.allocate(sigset_t.layout());
            for (int sig : signals) {
                add(set, sig);
            }
            if (sockets_h.sigprocmask(sockets_h.SIG_UNBLOCK(), set, old) < 0) {
                throw new IllegalStateException("sigprocmask(SIG_UNBLOCK) failed");
            }
            for (int sig : signals) {
                if (!blocked(old, sig)) {
                    throw new IllegalStateException("signal " + sig + " was not blocked when the JVM started: "
                            + "run this program through its launcher (native/tools/sigblock), or its handler "
                            + "may run on another JVM thread and leave a blocking call uninterrupted");
                }
            }
        }
    }

    /*
     * glibc's sigaddset and sigismember without their downcalls (bits/sigsetops.h): signal sig is
     * bit (sig - 1) % 64 of the 64-bit word (sig - 1) / 64 of sigset_t's __val. The program's
     * thread links one call, sigprocmask, before its first socket instead of three shapes (each
     * 2-5 ms to link: benchmarks/README.md); ProgramSignalsTest compares both with libc's.
     */

    /** sigaddset(set, sig) for a signal 1..64 but glibc's 32 and 33. */
    static void add(MemorySegment set, int sig) {
        long at = word(sig);
        set.set(JAVA_LONG, at, set.get(JAVA_LONG, at) | bit(sig));
    }

    /** sigismember(set, sig) == 1: the signal is in the set. */
    static boolean blocked(MemorySegment set, int sig) {
        return (set.get(JAVA_LONG, word(sig)) & bit(sig)) != 0;
    }

    private static long word(int sig) {
        if (sig < 1 || sig > 64 || sig == 32 || sig == 33) { // 32, 33: glibc's own (SIGCANCEL, SIGSETXID), refused by its sigaddset too
            throw new IllegalArgumentException("not a signal number a program may use: " + sig);
        }
        return (sig - 1) / 64 * 8L;
    }

    private static long bit(int sig) {
        return 1L << ((sig - 1) % 64);
    }
}
