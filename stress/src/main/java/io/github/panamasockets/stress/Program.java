/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.stress;

import io.github.panamasockets.testkit.ProcStat;
import io.github.panamasockets.testkit.Syscalls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The TCP echo servers bin/stress puts under load ({@code --programs}), each a C program and its
 * Java twin: how it is started and what of it is measured. A per-connection server
 * (TCPEchoServer-Fork, -Fork-SIGCHLD, -Thread) is one process that stays; TCPEchoServer-ForkN's
 * parent forks {@value #FORKN_CHILDREN} children and exits, and the children, long-lived, are
 * the server: their descriptors and threads are summed, and each must end the run back in
 * accept(), alive (a child that is not is hung).
 */
enum Program {
    FORK("fork", "TCPEchoServer-Fork"),
    FORK_SIGCHLD("fork-sigchld", "TCPEchoServer-Fork-SIGCHLD"),
    THREAD("thread", "TCPEchoServer-Thread"),
    FORKN("forkn", "TCPEchoServer-ForkN");

    /** TCPEchoServer-ForkN's N. */
    static final int FORKN_CHILDREN = 4;

    /** As --programs takes it. */
    final String id;
    /** The program, by the C build's name. */
    final String name;

    Program(String id, String name) {
        this.id = id;
        this.name = name;
    }

    static Program of(String id) {
        for (Program p : values()) {
            if (p.id.equals(id)) {
                return p;
            }
        }
        throw new IllegalArgumentException("--programs takes fork, fork-sigchld, thread and forkn, not " + id);
    }

    /** The command line after the program: the port, and ForkN's N. */
    List<String> args(int port) {
        return this == FORKN ? List.of(Integer.toString(port), Integer.toString(FORKN_CHILDREN))
                : List.of(Integer.toString(port));
    }

    /** Whether the started process exits once its long-lived children accept (ForkN). */
    boolean longLived() {
        return this == FORKN;
    }

    /** Whether each connection is served by a child process of its own (the watchdog's hung children, the zombies). */
    boolean childPerConnection() {
        return this == FORK || this == FORK_SIGCHLD;
    }

    /** What a long-lived child rests in between clients. */
    static final java.util.Set<Integer> ACCEPT = Syscalls.numbers("accept", "accept4");

    /**
     * The threads of a process that are the program's or the JVM's runtime, not counting HotSpot's
     * JIT compiler threads, which the JVM starts and stops by itself as code gets hot (a thread
     * server's twin runs with the JIT); -1 once it has ended.
     */
    static int threads(long pid) {
        List<Long> tids = Syscalls.threads(pid);
        if (tids.isEmpty()) {
            return -1;
        }
        int n = 0;
        for (long tid : tids) {
            String comm = Syscalls.threadName(pid, tid);
            if (comm == null || !(comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler"))) {
                n++;
            }
        }
        return n;
    }

    /** How many descriptors a process has open, or -1 if it is gone. */
    static int openFds(long pid) {
        try (var fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return (int) fds.count();
        } catch (IOException | UncheckedIOException gone) {
            return -1;
        }
    }

    /** Whether a remembered process (pid → start time) still runs: same start time, not a zombie. */
    static boolean alive(long pid, Map<Long, Long> startTimes) {
        ProcStat st = ProcStat.of(pid);
        Long started = startTimes.get(pid);
        return st != null && started != null && st.startTime() == started && !st.zombie();
    }
}
