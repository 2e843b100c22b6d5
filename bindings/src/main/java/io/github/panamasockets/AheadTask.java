/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets;

/**
 * Start-up work that runs on a platform thread of its own while the thread that started it goes
 * on, and that is waited for before what needs it: the fork servers' rehearsal of the child's
 * path ({@link JvmFork#rehearseAhead}) and the signal recorder's loading
 * ({@link SignalDispatch#prepareAhead}). Its thread is made at once, so a program that starts
 * one before its first socket never makes that thread among its own calls.
 */
final class AheadTask {

    private final Thread thread;
    private volatile Throwable failure;

    /** Starts {@code work} on a new platform thread named {@code name}. */
    AheadTask(String name, Runnable work) {
        thread = Thread.ofPlatform().name(name).start(() -> {
            try {
                work.run();
            } catch (Throwable t) {
                failure = t;
            }
        });
    }

    /** Whether the calling thread is this task's own (which must not wait for itself). */
    boolean runsHere() {
        return thread == Thread.currentThread();
    }

    /**
     * Waits for the work's end, however often the waiting thread is interrupted (the interrupt is
     * kept for it), and returns what the work threw, or null.
     */
    Throwable await() {
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
        return failure;
    }
}
