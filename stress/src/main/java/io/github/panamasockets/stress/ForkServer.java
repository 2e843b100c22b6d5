/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.stress;

import io.github.panamasockets.testkit.Build;
import io.github.panamasockets.testkit.Children;
import io.github.panamasockets.testkit.Polling;
import io.github.panamasockets.testkit.Ports;
import io.github.panamasockets.testkit.ProcNetTcp;
import io.github.panamasockets.testkit.Sigkill;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One TCPEchoServer-Fork process, C or Java, started by the harness on a free port below the
 * ephemeral range, and what {@code /proc} says about it and its children. Everything it kills
 * it kills by pid, and only the server it started and that server's children.
 */
final class ForkServer implements AutoCloseable {

    final Build build;
    final int port;
    final Process process;
    final long pid;
    final Path stderr;

    private ForkServer(Build build, int port, Process process, Path stderr) {
        this.build = build;
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
        for (int attempt = 0; attempt < 5; attempt++) {
            int port = Ports.free();
            Path program = build.programPath(root, "TCPEchoServer-Fork");
            ProcessBuilder pb = new ProcessBuilder(program.toString(), Integer.toString(port))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(stderr.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            Map<String, String> env = pb.environment();
            env.remove("TWIN_JAVA_OPTIONS");
            if (build == Build.JAVA && !javaOptions.isBlank()) {
                env.put("TWIN_JAVA_OPTIONS", javaOptions);
            }
            Process p = pb.start();
            ForkServer server = new ForkServer(build, port, p, stderr);
            Polling.await(Duration.ofSeconds(60), () -> !p.isAlive() || ProcNetTcp.listening(port));
            if (p.isAlive() && ProcNetTcp.listening(port)) {
                return server;
            }
            server.close();
            String err = Files.readString(stderr);
            if (!err.contains("Address already in use")) {
                throw new IllegalStateException(build + " fork server did not start listening on " + port + ": " + err);
            }
        }
        throw new IllegalStateException("ports kept being taken");
    }

    /** The server's children now (alive or zombie); empty once it has ended. */
    List<Long> children() {
        return Children.of(pid);
    }

    /** How many descriptors the server has open now, or -1 if it is gone. */
    int openFds() {
        try (var fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return (int) fds.count();
        } catch (IOException | UncheckedIOException gone) {
            return -1;
        }
    }

    /**
     * SIGKILL to every child the server has, then to the server; waits for it to end. No
     * client of the harness is connecting by then, so the server, blocked in accept(), makes no
     * new child in between.
     */
    @Override
    public void close() throws InterruptedException {
        for (long child : children()) {
            Sigkill.ifChildOf(child, pid);
        }
        process.toHandle().destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException(build + " fork server " + pid + " did not end after SIGKILL");
        }
    }
}
