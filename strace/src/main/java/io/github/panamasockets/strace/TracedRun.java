/* TracedRun.java: one program run under strace -f -tt, with its trace, stdout and stderr on disk.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.strace;

import io.github.panamasockets.testkit.Build;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A program of one build run under {@code strace -f -tt -s 4096 -e trace=TRACED -o RAW}, from
 * the build's program directory as {@code ./NAME}, with stdout and stderr going to files (so
 * stdout is fully buffered, as in any C program whose output is not a terminal). Closing it
 * kills whatever is still running of it (the program, its children, strace), by pid.
 */
final class TracedRun implements AutoCloseable {

    /**
     * The traced calls, and why each is there:
     * <ul>
     * <li>{@code %network}: every socket call (socket, bind, listen, accept, connect, send*,
     *     recv*, shutdown, get/setsockopt, getsockname, getpeername, socketpair): the subject of
     *     the comparison;</li>
     * <li>{@code %process}: clone, clone3, fork, vfork, execve, wait4, waitid, exit, exit_group,
     *     kill: to tell threads from processes, follow forked children, and see wait4 and the
     *     exit path;</li>
     * <li>{@code read, write, readv, writev}: the program's output to fds 1 and 2 (the echo
     *     programs print through stdio, which flushes with write) and any read/write on a socket;</li>
     * <li>{@code close, close_range}: the end of a descriptor's life, so a number the kernel
     *     hands out again gets a new name;</li>
     * <li>{@code dup, dup2, dup3, fcntl}: the other ways a descriptor is made (F_DUPFD) or a
     *     socket's flags changed (O_NONBLOCK).</li>
     * <li>{@code select, pselect6}: a server that waits on several descriptors at once
     *     (TCPEchoServer-Select); glibc's select() is pselect6 on x86-64.</li>
     * </ul>
     * Not traced: open/openat/mmap/fstat/futex/poll and the rest, which are the runtime's (the
     * JVM reads jars, maps its heap and parks threads) and never touch the program's sockets;
     * calls on descriptors that are not the program's are dropped anyway (rule fd-names).
     */
    static final String TRACED = "%network,%process,read,write,readv,writev,close,close_range,dup,dup2,dup3,fcntl,select,pselect6";
    /** Data shown per buffer: a stdio buffer (4096 bytes) is shown whole. */
    static final int STRING_LIMIT = 4096;

    final Build build;
    final Path raw;
    final Path stdout;
    final Path stderr;
    private final Process strace;

    private TracedRun(Build build, Path raw, Path stdout, Path stderr, Process strace) {
        this.build = build;
        this.raw = raw;
        this.stdout = stdout;
        this.stderr = stderr;
        this.strace = strace;
    }

    /** The strace command line for a program and its arguments. */
    static List<String> command(Path raw, String program, List<String> args) {
        List<String> cmd = new ArrayList<>(List.of("./" + Scenario.fileName(program)));
        cmd.addAll(args);
        return command(raw, cmd);
    }

    /** The strace command line for a command (a program and its arguments) as given. */
    static List<String> command(Path raw, List<String> command) {
        return command(raw, command, "");
    }

    /** As above, tracing {@code extra} calls too (strace's syntax, "" for none: the signal calls of a scenario). */
    static List<String> command(Path raw, List<String> command, String extra) {
        List<String> cmd = new ArrayList<>(List.of("strace", "-f", "-tt", "-s", String.valueOf(STRING_LIMIT),
                "-e", "trace=" + TRACED + (extra.isEmpty() ? "" : "," + extra), "-o", raw.toString(), "--"));
        cmd.addAll(command);
        return cmd;
    }

    /**
     * Starts {@code ./program args} of build {@code b} under strace, from the program's directory of
     * symlinks ({@code ed2/NAME}: its ed2 subdirectory); its files are DIR/STEM.{raw,stdout,stderr}.
     */
    static TracedRun start(Workspace ws, Build b, Path dir, String program, List<String> args) throws IOException {
        return start(ws, b, dir, program, args, List.of());
    }

    /** As above, with strace started by {@code prefix} (nsenter into a network namespace, say; empty: none). */
    static TracedRun start(Workspace ws, Build b, Path dir, String program, List<String> args, List<String> prefix)
            throws IOException {
        return start(ws, b, dir, program, args, prefix, "");
    }

    /** As above, tracing {@code extra} calls too ("" for none). */
    static TracedRun start(Workspace ws, Build b, Path dir, String program, List<String> args, List<String> prefix,
                           String extra) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("./" + Scenario.fileName(program)));
        cmd.addAll(args);
        return start(b, dir, ws.binDir(b).resolve(Scenario.subdir(program)), cmd, prefix, extra, false);
    }

    /**
     * As {@link #start(Workspace, Build, Path, String, List, List)}, with the program's stdin a pipe
     * that the driver holds and writes to ({@link #stdin()}) instead of /dev/null: a server that
     * shuts down on a line from stdin (TCPEchoServer-Select).
     */
    static TracedRun startWithStdin(Workspace ws, Build b, Path dir, String program, List<String> args,
                                    List<String> prefix) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("./" + Scenario.fileName(program)));
        cmd.addAll(args);
        return start(b, dir, ws.binDir(b).resolve(Scenario.subdir(program)), cmd, prefix, "", true);
    }

    /** Starts {@code command} under strace from {@code workDir}; its files are DIR/STEM.{raw,stdout,stderr}. */
    static TracedRun start(Build b, Path dir, Path workDir, List<String> command) throws IOException {
        return start(b, dir, workDir, command, List.of(), "", false);
    }

    private static TracedRun start(Build b, Path dir, Path workDir, List<String> command, List<String> prefix,
                                   String extra, boolean stdinPipe) throws IOException {
        Files.createDirectories(dir);
        Path raw = dir.resolve(b.stem + ".raw");
        Path out = dir.resolve(b.stem + ".stdout");
        Path err = dir.resolve(b.stem + ".stderr");
        for (Path p : List.of(raw, out, err)) {
            Files.deleteIfExists(p);
        }
        List<String> full = new ArrayList<>(prefix);
        full.addAll(command(raw, command, extra));
        ProcessBuilder pb = new ProcessBuilder(full).directory(workDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(stdinPipe
                        ? ProcessBuilder.Redirect.PIPE : ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        pb.environment().put("LC_ALL", "C");
        return new TracedRun(b, raw, out, err, pb.start());
    }

    /**
     * The traced program, once it runs: the pid on the first line of the trace (its execve). Not
     * strace's first child: strace forks short-lived children of its own at start to probe
     * ptrace features. Empty if it did not appear within {@code limit}.
     */
    Optional<ProcessHandle> program(Duration limit) {
        long[] pid = {0};
        ProcWatch.await(() -> {
            String text = rawText();
            int nl = text.indexOf('\n');
            if (nl > 0) {
                pid[0] = StraceParser.parseLine(0, text.substring(0, nl)).tid();
            }
            return pid[0] > 0 || !strace.isAlive();
        }, limit);
        return pid[0] > 0 ? ProcessHandle.of(pid[0]) : Optional.empty();
    }

    /** The write end of the program's stdin: a pipe when started by {@link #startWithStdin}, else a stream to nowhere. */
    OutputStream stdin() {
        return strace.getOutputStream();
    }

    boolean running() {
        return strace.isAlive();
    }

    /** Waits for strace (and so the program and its children) to end; true if it did within {@code limit}. */
    boolean awaitEnd(Duration limit) {
        try {
            return strace.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The raw trace as written so far (strace flushes every line). */
    String rawText() {
        try {
            return Files.exists(raw) ? Files.readString(raw) : "";
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * Kills what is left of the run. First every process strace still traces (read from the
     * trace, checked by its TracerPid so that nothing else is touched): a fork server's child
     * whose parent is gone is no longer a descendant of strace, only its tracee (strace 6 would
     * kill it with itself, PTRACE_O_EXITKILL, but this does not count on it). Then strace's
     * descendants and strace itself.
     */
    @Override
    public void close() {
        if (strace.isAlive()) {
            long tracer = strace.pid();
            rawText().lines().map(l -> StraceParser.parseLine(0, l).tid()).filter(t -> t > 0).distinct()
                    .filter(t -> tracerOf(t) == tracer)
                    .forEach(t -> ProcessHandle.of(t).ifPresent(ProcessHandle::destroyForcibly));
        }
        if (strace.isAlive() || strace.toHandle().descendants().findAny().isPresent()) {
            Processes.killTree(strace.toHandle());
        }
    }

    /**
     * The processes strace traces now, by pid: every pid of the trace so far that is alive, a
     * thread-group leader, and traced by this run's strace (a pre-forked server's children, whose
     * parent has ended, are no descendants of strace any more).
     */
    List<Long> tracees() {
        if (!strace.isAlive()) {
            return List.of();
        }
        long tracer = strace.pid();
        return rawText().lines().map(l -> StraceParser.parseLine(0, l).tid()).filter(t -> t > 0).distinct()
                .map(Integer::longValue).filter(t -> tracerOf(t) == tracer && leader(t)).toList();
    }

    /** {@code tid} is a process (its Tgid is itself), not one of its threads. */
    private static boolean leader(long tid) {
        try {
            for (String l : Files.readAllLines(Path.of("/proc", String.valueOf(tid), "status"))) {
                if (l.startsWith("Tgid:")) {
                    return Long.parseLong(l.substring("Tgid:".length()).trim()) == tid;
                }
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
        return false;
    }

    /** The TracerPid of {@code tid} from /proc, or 0. */
    private static long tracerOf(long tid) {
        try {
            for (String l : Files.readAllLines(Path.of("/proc", String.valueOf(tid), "status"))) {
                if (l.startsWith("TracerPid:")) {
                    return Long.parseLong(l.substring("TracerPid:".length()).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }
}
