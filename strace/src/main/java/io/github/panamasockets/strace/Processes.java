/* Processes.java: ending processes this tool started, by pid, children first, with bounded waits.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.strace;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Ends processes the tool started, and only those: a started process and its descendants, each
 * by its pid. Descendants go first: strace 6 kills the programs it started when it is killed
 * (PTRACE_O_EXITKILL), but a tracer that dies without doing so leaves its tracees running.
 */
final class Processes {

    private Processes() {
    }

    /** SIGKILL to every descendant of {@code root}, then to {@code root}; waits (bounded) for them to go. */
    static void killTree(ProcessHandle root) {
        for (int round = 0; round < 50; round++) {
            List<ProcessHandle> rest = root.descendants().filter(ProcessHandle::isAlive).toList();
            if (rest.isEmpty()) {
                break;
            }
            for (ProcessHandle h : rest.reversed()) { // deepest last found first
                h.destroyForcibly();
            }
            for (ProcessHandle h : rest) {
                awaitExit(h, 2);
            }
        }
        if (root.isAlive()) {
            root.destroyForcibly();
            awaitExit(root, 5);
        }
    }

    /** Waits at most {@code seconds} for {@code h} to end; true if it did. */
    static boolean awaitExit(ProcessHandle h, long seconds) {
        try {
            h.onExit().get(seconds, TimeUnit.SECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return !h.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !h.isAlive();
        }
    }
}
