/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.testkit;

import java.util.Optional;

/**
 * SIGKILL for a child of a process the caller started, by its pid, and only while it still is
 * that process's child. A pid read from /proc a moment ago may belong to another process by
 * now: the child may have ended, been reaped, and its pid been reused by anything on the
 * machine, which a test must never kill. A zombie is left alone: it has ended already, and
 * counting it as killed would count a hung child twice.
 */
public final class Sigkill {

    private Sigkill() {
    }

    /**
     * SIGKILL to {@code pid} if it is a child of {@code parent} and not a zombie; returns whether
     * the signal was sent. The handle is taken before /proc is read: it holds the start time of
     * the process it names, and the JDK refuses to signal a pid whose start time has changed, so
     * a pid reused between the check and the kill is not signalled either.
     */
    public static boolean ifChildOf(long pid, long parent) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        ProcStat st = ProcStat.of(pid);
        if (handle.isEmpty() || st == null || st.ppid() != parent || st.zombie()) {
            return false;
        }
        return handle.get().destroyForcibly();
    }
}
