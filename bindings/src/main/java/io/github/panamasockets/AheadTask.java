/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets;

import java.util.concurrent.locks.LockSupport;

/**
 * Start-up work that runs on a platform thread of its own while the thread that started it goes
 * on, and that is waited for before what needs it: the fork servers' rehearsal of the child's
 * path ({@link JvmFork#rehearseLater}) and the signal recorder's loading
 * ({@link SignalDispatch#prepareAhead}). Its thread is made at once, so a program that starts
 * one before its first socket never makes that thread among its own calls. A task may be held:
 * its thread then waits until the task is awaited (or released), so that a fork server's
 * rehearsal runs once the server listens, not while it gets there (benchmarks/README.md,
 * section 4b). Tasks run one after another, each thread first waiting for the task started
 * before it: a program that starts two (TCPEchoServer-Fork-SIGCHLD: the rehearsal, then the
 * recorder) keeps at most one helper running beside its own thread, not two competing with it
 * for the CPUs. A task's wait for one started after it returns at once ({@link #runsHere}), as
 * its wait for itself. The threads are daemons: a task held and never awaited keeps no JVM alive.
 */
final class AheadTask {

    /** The task started last, which the next one waits for. */
    private static AheadTask last;

    private final Thread thread;
    private volatile Throwable failure;
    /** The task started before this one, until this one's thread has waited for its end. */
    private volatile AheadTask before;
    /** True until the task is released: its thread waits before the work. */
    private volatile boolean held;

    /** Starts {@code work} on a new platform thread named {@code name}, once the task started before it has ended. */
    AheadTask(String name, Runnable work) {
        this(name, work, false);
    }

    /**
     * Makes the thread now; the work starts once the task started before it has ended and, if
     * {@code held}, once this task is released or awaited.
     */
    AheadTask(String name, Runnable work, boolean held) {
        this.held = held;
        synchronized (AheadTask.class) {
            before = last;
            thread = Thread.ofPlatform().name(name).daemon(true).start(() -> {
                AheadTask earlier = before;
                if (earlier != null) {
                    earlier.join(); // its failure is for its own awaiter
                    before = null;  // ended: its thread can wait for nothing any more
                }
                while (this.held) {
                    LockSupport.park(this); // a spurious return checks again
                }
                try {
                    work.run();
                } catch (Throwable t) {
                    failure = t;
                }
            });
            last = this;
        }
    }

    /**
     * Whether the calling thread must not wait for this task: its own thread, or the thread of a
     * task started before it and not yet ended, which this task's thread is waiting for (the
     * fork servers' rehearsal reaches fork()'s wait for the signal recorder started after it).
     */
    boolean runsHere() {
        Thread current = Thread.currentThread();
        for (AheadTask t = this; t != null; t = t.before) {
            if (t.thread == current) {
                return true;
            }
        }
        return false;
    }

    /** Lets a held task's work start (once the task before it has ended); nothing if it is not held. */
    void release() {
        if (held) {
            held = false;
            LockSupport.unpark(thread);
        }
    }

    /**
     * Releases this task and every earlier one it still waits for, then waits for the work's
     * end, however often the waiting thread is interrupted (the interrupt is kept for it), and
     * returns what the work threw, or null.
     */
    Throwable await() {
        for (AheadTask t = this; t != null; t = t.before) {
            t.release();
        }
        join();
        return failure;
    }

    /** Waits for the thread's end, however often interrupted (the interrupt is kept). */
    private void join() {
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
