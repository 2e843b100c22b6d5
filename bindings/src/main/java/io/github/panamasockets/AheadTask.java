/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets;

import java.util.concurrent.locks.LockSupport;

/**
 * Start-up work on a platform thread of its own, made at once and run when the work is first
 * needed: the fork servers' rehearsal of the child's path ({@link JvmFork#rehearseLater}) and the
 * signal recorder's loading ({@link SignalDispatch#prepareAhead}). A program that makes one
 * before its first socket never makes that thread among its own calls; the thread then waits
 * until the task is awaited (or released), so that nothing competes with the program's thread
 * for the CPUs on its way to listen() (benchmarks/README.md, section 4b). Tasks run one after
 * another, each thread first waiting for the task made before it (TCPEchoServer-Fork-SIGCHLD:
 * the rehearsal, then the recorder), and awaiting a task releases those before it too. A task's
 * wait for one made after it returns at once ({@link #runsHere}), as its wait for itself. The
 * threads are daemons: a task never awaited keeps no JVM alive.
 */
final class AheadTask {

    /** The task started last, which the next one waits for. */
    private static AheadTask last;

    private final Thread thread;
    private volatile Throwable failure;
    /** The task started before this one, until this one's thread has waited for its end. */
    private volatile AheadTask before;
    /** True until the task is released: its thread waits before the work. */
    private volatile boolean held = true;

    /**
     * Makes a platform thread named {@code name} now; it runs {@code work} once this task is
     * released or awaited and the task made before it has ended.
     */
    AheadTask(String name, Runnable work) {
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

    /** Lets the work start (once the task before it has ended); nothing if it was released already. */
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
