/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.testkit;

import java.util.Set;

/**
 * The threads a Java twin starts before its first socket and that may still run once it listens:
 * the fork servers' rehearsal of the child's path ({@code fork-rehearsal}, docs/fork-in-a-jvm.md,
 * step 1) and the signal recorder's loading ({@code signal-recorder}, docs/signals.md). Each has
 * descriptors of its own while it runs (socketpairs, a temporary copy of the library), so a count
 * of the server's descriptors or threads is its baseline only once they are gone.
 */
public final class StartupHelpers {

    /** Their thread names, as /proc/PID/task/TID/comm shows them (at most 15 characters). */
    public static final Set<String> NAMES = Set.of("fork-rehearsal", "signal-recorder");

    private StartupHelpers() {
    }

    /** Whether a thread of the process is one of them. */
    public static boolean running(long pid) {
        for (long tid : Syscalls.threads(pid)) {
            String comm = Syscalls.threadName(pid, tid); // null: the thread ended since the listing (Set.of rejects null)
            if (comm != null && NAMES.contains(comm)) {
                return true;
            }
        }
        return false;
    }
}
