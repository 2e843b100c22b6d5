/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.stress;

import io.github.panamasockets.testkit.Build;
import io.github.panamasockets.testkit.Children;
import io.github.panamasockets.testkit.Listeners;
import io.github.panamasockets.testkit.Polling;
import io.github.panamasockets.testkit.Ports;
import io.github.panamasockets.testkit.ProcNetTcp;
import io.github.panamasockets.testkit.ProcStat;
import io.github.panamasockets.testkit.Sigkill;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One server under load ({@link Program}: TCPEchoServer-Fork by default), C or Java, started by
 * the harness on a free port below the ephemeral range, and what {@code /proc} says about it and
 * its children. Everything it kills it kills by pid, and only the server it started and that
 * server's children (ForkN's long-lived children, checked by their start time).
 */
final class ForkServer implements AutoCloseable {

    final Build build;
    final Program program;
    final int port;
    final Process process;
    final long pid;
    final Path stderr;
    /** ForkN's long-lived children, each with its start time (empty for the other programs). */
    final Map<Long, Long> longLived = new LinkedHashMap<>();

    private ForkServer(Build build, Program program, int port, Process process, Path stderr) {
        this.build = build;
        this.program = program;
        this.port = port;
        this.process = process;
        this.pid = process.pid();
        this.stderr = stderr;
    }

    /**
     * Starts the server of a build; {@code javaOptions} go to the Java launcher through
     * TWIN_JAVA_OPTIONS. stdout is discarded (its content is the fork server's usual two lines a
     * client, plus each child's copy of the buffer); stderr goes to a file.
     */
    static ForkServer start(Path root, Build build, String javaOptions, Path stderr)
            throws IOException, InterruptedException {
        return start(root, Program.FORK, build, javaOptions, stderr);
    }

    /** Starts this program of a build, as {@link #start(Path, Build, String, Path)}; ForkN: once its N children listen. */
    static ForkServer start(Path root, Program which, Build build, String javaOptions, Path stderr)
            throws IOException, InterruptedException {
        for (int attempt = 0; attempt < 5; attempt++) {
            int port = Ports.free();
            Path program = build.programPath(root, which.name);
            List<String> command = new ArrayList<>(List.of(program.toString()));
            command.addAll(which.args(port));
            ProcessBuilder pb = new ProcessBuilder(command)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(stderr.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            Map<String, String> env = pb.environment();
            env.remove("TWIN_JAVA_OPTIONS");
            if (build == Build.JAVA && !javaOptions.isBlank()) {
                env.put("TWIN_JAVA_OPTIONS", javaOptions);
            }
            Process p = pb.start();
            ForkServer server = new ForkServer(build, which, port, p, stderr);
            if (which.longLived()) {
                // the parent forks N children, which accept, and exits with 0
                Polling.await(Duration.ofSeconds(60), () -> !p.isAlive()
                        && Listeners.of(port).size() == Program.FORKN_CHILDREN);
                if (!p.isAlive() && p.exitValue() == 0 && Listeners.of(port).size() == Program.FORKN_CHILDREN) {
                    for (long child : Listeners.of(port)) {
                        ProcStat st = ProcStat.of(child);
                        if (st != null) {
                            server.longLived.put(child, st.startTime());
                        }
                    }
                    if (server.longLived.size() == Program.FORKN_CHILDREN) {
                        return server;
                    }
                }
                server.close();
                String err = Files.readString(stderr);
                if (!err.contains("Address already in use")) {
                    throw new IllegalStateException(build + " " + which.name + " did not start " + Program.FORKN_CHILDREN
                            + " children listening on " + port + ": " + err);
                }
                continue;
            }
            Polling.await(Duration.ofSeconds(60), () -> !p.isAlive() || ProcNetTcp.listening(port));
            if (p.isAlive() && ProcNetTcp.listening(port)) {
                return server;
            }
            server.close();
            String err = Files.readString(stderr);
            if (!err.contains("Address already in use")) {
                throw new IllegalStateException(build + " " + which.name + " did not start listening on " + port + ": " + err);
            }
        }
        throw new IllegalStateException("ports kept being taken");
    }

    /** The server's children now (alive or zombie); empty once it has ended. */
    List<Long> children() {
        return Children.of(pid);
    }

    /** The processes that serve: the started one, or ForkN's long-lived children. */
    List<Long> processes() {
        return program.longLived() ? List.copyOf(longLived.keySet()) : List.of(pid);
    }

    /** How many descriptors the server has open now (ForkN: its children's, summed), or -1 if one is gone. */
    int openFds() {
        return sum(Program::openFds);
    }

    /** How many threads the server has now, JIT compiler threads aside (ForkN: summed), or -1 if one is gone. */
    int threads() {
        return sum(Program::threads);
    }

    private int sum(java.util.function.LongToIntFunction each) {
        int total = 0;
        for (long p : processes()) {
            int n = each.applyAsInt(p);
            if (n < 0) {
                return -1;
            }
            total += n;
        }
        return total;
    }

    /**
     * SIGKILL to every child the server has, then to the server; waits for it to end. No
     * client of the harness is connecting by then, so the server, blocked in accept(), makes no
     * new child in between.
     */
    @Override
    public void close() throws InterruptedException {
        for (long child : longLived.keySet()) {
            if (Program.alive(child, longLived)) {
                ProcessHandle.of(child).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
        if (!Polling.await(Duration.ofSeconds(30), () -> longLived.keySet().stream().noneMatch(c -> Program.alive(c, longLived)))) {
            throw new IllegalStateException(build + " " + program.name + ": children " + longLived.keySet() + " did not end after SIGKILL");
        }
        for (long child : children()) {
            Sigkill.ifChildOf(child, pid);
        }
        process.toHandle().destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException(build + " " + program.name + " " + pid + " did not end after SIGKILL");
        }
    }
}
