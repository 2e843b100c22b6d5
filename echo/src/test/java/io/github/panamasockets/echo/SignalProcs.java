/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.echo;

import io.github.panamasockets.testkit.Syscalls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What /proc says about the signals of a running program's threads: which system call a thread
 * is blocked in, which threads do not block a signal (the only ones it can land on), and whether
 * a signal is still pending. Threads, system calls and their numbers are the testkit's Syscalls.
 */
final class SignalProcs {

    private SignalProcs() {
    }

    /** A mask line of /proc/PID/task/TID/status (SigBlk, SigPnd, ShdPnd) as bits; -1 if gone. */
    static long mask(long pid, long tid, String field) {
        try {
            for (String line : Files.readAllLines(task(pid, tid).resolve("status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseUnsignedLong(line.substring(field.length() + 1).strip(), 16);
                }
            }
        } catch (IOException | RuntimeException gone) {
            // the thread has ended
        }
        return -1;
    }

    static long bit(int signal) {
        return 1L << (signal - 1);
    }

    /** The threads of a process that do not block {@code signal}: where a process-directed one can land. */
    static List<Long> receivers(long pid, int signal) {
        List<Long> open = new ArrayList<>();
        for (long tid : Syscalls.threads(pid)) {
            long blocked = mask(pid, tid, "SigBlk");
            if (blocked != -1 && (blocked & bit(signal)) == 0) {
                open.add(tid);
            }
        }
        return open;
    }

    /** Whether the signal is pending, for the thread or for the whole process. */
    static boolean pending(long pid, long tid, int signal) {
        long thread = mask(pid, tid, "SigPnd");
        long shared = mask(pid, tid, "ShdPnd");
        return thread == -1 || ((thread | shared) & bit(signal)) != 0;
    }

    private static Path task(long pid, long tid) {
        return Path.of("/proc", Long.toString(pid), "task", Long.toString(tid));
    }
}
