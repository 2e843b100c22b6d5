/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The fields of /proc/PID/stat that the tests and harnesses look at (proc(5) numbers them from 1).
 *
 * @param ppid the parent's pid (field 4): whose child the process is now
 * @param state R, S, D, T, t, Z (zombie: ended, not yet reaped), X (being reaped), ... (field 3)
 * @param startTime when the process started, in clock ticks after boot (field 22): with the pid,
 *     it names one process, where the pid alone may have been reused by another since
 * @param exitCode the status waitpid() will give for it, readable while it is a zombie (field 52,
 *     Linux 3.5 and later); -1 where the kernel has no such field
 */
public record ProcStat(long ppid, char state, long startTime, int exitCode) {

    /** Whether the process has ended (a zombie, or being reaped): it runs no more and holds nothing open. */
    public boolean zombie() {
        return state == 'Z' || state == 'X';
    }

    /** What /proc/PID/stat says now, or null if there is no such process (it was reaped, or never was). */
    public static ProcStat of(long pid) {
        return read(Path.of("/proc", Long.toString(pid), "stat"));
    }

    /** What /proc/PID/task/TID/stat says now of one thread (its state is the thread's own), or null if it is gone. */
    public static ProcStat of(long pid, long tid) {
        return read(Syscalls.task(pid, tid).resolve("stat"));
    }

    private static ProcStat read(Path file) {
        String s;
        try {
            // ISO-8859-1: comm (the program's name) is any bytes, and every byte must decode
            byte[] stat = Files.readAllBytes(file);
            s = new String(stat, StandardCharsets.ISO_8859_1);
        } catch (IOException gone) {
            return null;
        }
        return parse(s);
    }

    /**
     * One line of /proc/PID/stat: "pid (comm) state ppid ...". comm may hold blanks and
     * parentheses, so the fields are split after the last ')'.
     */
    static ProcStat parse(String line) {
        String[] f = line.substring(line.lastIndexOf(')') + 2).trim().split(" ");
        int exitCode = f.length > 49 ? Integer.parseInt(f[49]) : -1;
        return new ProcStat(Long.parseLong(f[1]), f[0].charAt(0), Long.parseLong(f[19]), exitCode);
    }
}
