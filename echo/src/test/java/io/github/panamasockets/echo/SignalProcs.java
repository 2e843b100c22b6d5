/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.echo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What /proc says about the signals of a running program's threads: which system call a thread
 * is blocked in, which threads do not block a signal (the only ones it can land on), and whether
 * a signal is still pending. System call numbers come from gcc's own headers.
 */
final class SignalProcs {

    private SignalProcs() {
    }

    /**
     * The number of a system call on this machine, as gcc's sys/syscall.h has it, or of the first
     * of {@code names} it defines (aarch64 has no pause: glibc's pause() is ppoll there).
     */
    static int syscallNumber(String... names) throws IOException, InterruptedException {
        for (String name : names) {
            Process p = new ProcessBuilder("gcc", "-E", "-P", "-include", "sys/syscall.h", "-").start();
            p.getOutputStream().write(("SYS_" + name + "\n").getBytes(StandardCharsets.US_ASCII));
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("gcc -E did not end");
            }
            String last = out.substring(out.lastIndexOf('\n') + 1).strip();
            if (last.matches("\\d+")) {
                return Integer.parseInt(last);
            }
        }
        throw new IOException("gcc defines none of SYS_" + String.join(", SYS_", names));
    }

    /** The thread ids of a process (none once it has ended). */
    static List<Long> threads(long pid) {
        List<Long> tids = new ArrayList<>();
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                tids.add(Long.parseLong(task.getFileName().toString()));
            }
        } catch (IOException | RuntimeException gone) {
            // the process has ended
        }
        return tids;
    }

    /** The system call a thread is blocked in (/proc/PID/task/TID/syscall), or -1 (running, or gone). */
    static int syscall(long pid, long tid) {
        try {
            String s = Files.readString(task(pid, tid).resolve("syscall")).strip();
            return Character.isDigit(s.charAt(0)) ? Integer.parseInt(s.substring(0, s.indexOf(' '))) : -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
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
        for (long tid : threads(pid)) {
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
