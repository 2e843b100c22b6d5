/* ProcWatch.java: bounded waits on what /proc says about a process (blocked in accept).
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.strace;

import io.github.panamasockets.testkit.Polling;
import io.github.panamasockets.testkit.ProcStat;
import io.github.panamasockets.testkit.Syscalls;

import java.time.Duration;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * What the scenarios wait for, read from /proc, every wait bounded in time. Waiting on the
 * state of the processes (not on sleeps) is what makes the traced order of events the same in
 * every run. Whether a port is listened on is the testkit's ProcNetTcp.
 */
final class ProcWatch {

    /** accept and accept4 (the numbers of this machine, from the testkit's table). */
    static final Set<Integer> ACCEPT = Syscalls.numbers("accept", "accept4");
    /** recvfrom and recvmsg: a UDP server waiting for a datagram. */
    static final Set<Integer> RECEIVE = Syscalls.numbers("recvfrom", "recvmsg");
    /** nanosleep and clock_nanosleep (glibc's sleep()). */
    static final Set<Integer> SLEEP = Syscalls.numbers("nanosleep", "clock_nanosleep");
    /** select and pselect6 (glibc's select() is pselect6; aarch64 has only pselect6). */
    static final Set<Integer> SELECT = Syscalls.numbers("select", "pselect6");
    /** epoll_wait and epoll_pwait (aarch64 has only epoll_pwait). */
    static final Set<Integer> EPOLL_WAIT = Syscalls.numbers("epoll_wait", "epoll_pwait");
    /** pause (aarch64 has none: glibc's pause() is ppoll there). */
    static final Set<Integer> PAUSE = Set.of(Syscalls.number("pause", "ppoll"));

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
        ProcStat st = ProcStat.of(pid, tid);
        return st != null && st.state() == 'S' && syscalls.contains(Syscalls.blockedIn(pid, tid));
    }
}
