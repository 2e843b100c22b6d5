/* ProcWatch.java: bounded waits on what /proc says about a process (blocked in accept).
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.strace;

import io.github.panamasockets.testkit.Polling;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * What the scenarios wait for, read from /proc, every wait bounded in time. Waiting on the
 * state of the processes (not on sleeps) is what makes the traced order of events the same in
 * every run. Whether a port is listened on is the testkit's ProcNetTcp.
 */
final class ProcWatch {

    /** The numbers of accept and accept4 on this machine (x86-64, else aarch64's generic table). */
    static final Set<Integer> ACCEPT = System.getProperty("os.arch", "").matches("amd64|x86_64")
            ? Set.of(43, 288) : Set.of(202, 242);
    /** The numbers of recvfrom and recvmsg (a UDP server waiting for a datagram), the same two tables. */
    static final Set<Integer> RECEIVE = System.getProperty("os.arch", "").matches("amd64|x86_64")
            ? Set.of(45, 47) : Set.of(207, 212);

    /** The numbers of nanosleep and clock_nanosleep (glibc's sleep()), the same two tables. */
    static final Set<Integer> SLEEP = System.getProperty("os.arch", "").matches("amd64|x86_64")
            ? Set.of(35, 230) : Set.of(101, 115);

    /** The numbers of select and pselect6 (glibc's select() is pselect6), the same two tables (aarch64 has only pselect6). */
    static final Set<Integer> SELECT = System.getProperty("os.arch", "").matches("amd64|x86_64")
            ? Set.of(23, 270) : Set.of(72);

    /** The number of pause (x86-64; aarch64 has none: glibc's pause() is ppoll there). */
    static final Set<Integer> PAUSE = System.getProperty("os.arch", "").matches("amd64|x86_64")
            ? Set.of(34) : Set.of(73);

    private ProcWatch() {
    }

    /**
     * Polls {@code condition} every 10 ms until it holds (true) or {@code limit} has passed
     * (false), as {@link Polling#await(Duration, BooleanSupplier)} does. An interrupt ends the
     * wait with false and the thread's interrupt flag set again: the drivers have no
     * InterruptedException to throw, and treat the step as not done in time.
     */
    static boolean await(BooleanSupplier condition, Duration limit) {
        try {
            return Polling.await(limit, condition);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Thread {@code tid} of process {@code pid} is asleep (state S) inside one of {@code syscalls}:
     * it has entered the call and waits. (A thread stopped by strace is in state t, not S.) The
     * thread, not the process: a JVM started with -Xrs has an attach-listener thread that sits in
     * accept() all the time.
     */
    static boolean blockedIn(long pid, long tid, Set<Integer> syscalls) {
        Path task = Path.of("/proc", String.valueOf(pid), "task", String.valueOf(tid));
        return state(task) == 'S' && syscalls.contains(syscall(task));
    }

    private static char state(Path task) {
        try {
            String stat = Files.readString(task.resolve("stat"));
            int close = stat.lastIndexOf(')');
            return close > 0 && close + 2 < stat.length() ? stat.charAt(close + 2) : '?';
        } catch (IOException e) {
            return '?';
        }
    }

    private static int syscall(Path task) {
        try {
            String s = Files.readString(task.resolve("syscall")).trim();
            int sp = s.indexOf(' ');
            return Integer.parseInt(sp < 0 ? s : s.substring(0, sp));
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }
}
