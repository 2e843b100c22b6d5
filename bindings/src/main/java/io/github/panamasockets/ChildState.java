/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.LockSupport;

/**
 * What a child of fork() is doing, from {@code /proc/PID/stat} and {@code /proc/PID/syscall}:
 * the confirmation {@link JvmFork} asks for when a fork overlapped a safepoint (or could not be
 * checked).
 *
 * <p>A child whose copy of the JVM has a safepoint armed blocks at its first poll, in
 * {@code futex} (HotSpot's wait barrier, or a VM mutex held by a thread the child does not
 * have), and never leaves it. A healthy child is soon in one of the calls of the program's own
 * child path ({@code close}, {@code recvfrom}, {@code sendto}, {@code write}, {@code exit_group})
 * or has ended. So: any of those, or ended, is healthy; blocked in anything else at two
 * samples in a row ({@value #SAMPLE_NANOS} ns apart) is stuck; "running" is looked at again, up
 * to {@value #MAX_SAMPLES} samples, after which the child is left alone ("undecided").
 * Reading these files makes {@code openat}, {@code read} and {@code close} calls on descriptors
 * of their own, in the parent, only for the children asked about.
 */
final class ChildState {

    enum Verdict { HEALTHY, STUCK, UNDECIDED }

    static final int MAX_SAMPLES = 400;
    static final long SAMPLE_NANOS = 500_000;

    /** Syscall numbers of the program's child path, per architecture. */
    private static final int[] PROGRAM_CALLS;

    static {
        switch (System.getProperty("os.arch")) {
            case "aarch64" -> {
                // close, write, sendto, recvfrom, exit, exit_group (asm-generic/unistd.h)
                PROGRAM_CALLS = new int[] {57, 64, 206, 207, 93, 94};
            }
            default -> {
                // x86_64: read, write, close, sendto, recvfrom, exit, exit_group
                PROGRAM_CALLS = new int[] {0, 1, 3, 44, 45, 60, 231};
            }
        }
    }

    private ChildState() {
    }

    /** The last sample's text, for the log. */
    static String lastSample = "";

    /** Watches the child until it is found healthy or stuck, within a bound. */
    static Verdict verdict(int pid) {
        int blockedElsewhere = 0;
        String previous = null;
        for (int sample = 0; sample < MAX_SAMPLES; sample++) {
            if (sample > 0) {
                LockSupport.parkNanos(SAMPLE_NANOS);
            }
            String s = sample(pid);
            lastSample = s;
            if (s == null || s.startsWith("ended")) {
                return Verdict.HEALTHY;
            }
            if (s.startsWith("running") || s.startsWith("-1")) {
                blockedElsewhere = 0;
                continue;
            }
            int nr = Integer.parseInt(s.substring(0, s.indexOf(' ')));
            for (int call : PROGRAM_CALLS) {
                if (nr == call) {
                    return Verdict.HEALTHY;
                }
            }
            // blocked outside the program's path: stuck if it is still the very same wait next time
            blockedElsewhere = s.equals(previous) ? blockedElsewhere + 1 : 1;
            previous = s;
            if (blockedElsewhere >= 2) {
                return Verdict.STUCK;
            }
        }
        return Verdict.UNDECIDED;
    }

    /** "ended" (zombie or gone), "running", or the first line of /proc/PID/syscall. */
    static String sample(int pid) {
        String stat = read("/proc/" + pid + "/stat");
        if (stat == null) {
            return "ended";
        }
        char state = stat.charAt(stat.lastIndexOf(')') + 2);
        if (state == 'Z' || state == 'X') {
            return "ended (" + state + ")";
        }
        String syscall = read("/proc/" + pid + "/syscall");
        return syscall == null ? "ended" : syscall.strip();
    }

    private static String read(String path) {
        try (FileInputStream in = new FileInputStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (IOException gone) {
            return null;
        }
    }
}
