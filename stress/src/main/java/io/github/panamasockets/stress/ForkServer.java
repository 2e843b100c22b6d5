/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.stress;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One TCPEchoServer-Fork process, C or Java, started by the harness on a free port below the
 * ephemeral range, and what {@code /proc} says about it and its children. Everything it kills
 * it kills by pid, and only the server it started and that server's children.
 */
final class ForkServer implements AutoCloseable {

    enum Build { C, JAVA }

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
            int port = freePort();
            Path program = build == Build.C
                    ? root.resolve("native/build/TCPEchoServer-Fork")
                    : root.resolve("echo/bin/TCPEchoServer-Fork");
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
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (p.isAlive() && !listening(port) && System.nanoTime() < end) {
                Thread.sleep(10);
            }
            if (p.isAlive() && listening(port)) {
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

    /** A free TCP port between 20000 and 31999 (below the ephemeral range), bound as the servers bind. */
    static int freePort() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(20000, 32000);
            try (ServerSocket probe = new ServerSocket()) {
                probe.setReuseAddress(false);
                probe.bind(new InetSocketAddress(port));
                return port;
            } catch (IOException taken) {
                // another
            }
        }
        throw new IllegalStateException("no free port between 20000 and 31999");
    }

    /** Whether some IPv4 socket listens on this port (from /proc/net/tcp; no connection is made). */
    static boolean listening(int port) {
        String hexPort = String.format(":%04X", port);
        try {
            for (String line : Files.readAllLines(Path.of("/proc/net/tcp"))) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 3 && f[1].endsWith(hexPort) && f[3].equals("0A")) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The server's children now (alive or zombie), from /proc/PID/task/TID/children. */
    List<Long> children() {
        List<Long> now = new ArrayList<>();
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                String list;
                try {
                    list = Files.readString(task.resolve("children")).trim();
                } catch (IOException gone) {
                    continue;
                }
                for (String c : list.split("\\s+")) {
                    if (!c.isEmpty()) {
                        now.add(Long.parseLong(c));
                    }
                }
            }
        } catch (IOException | UncheckedIOException gone) {
            // the server has ended
        }
        return now;
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
            Proc.kill(child, pid);
        }
        process.toHandle().destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException(build + " fork server " + pid + " did not end after SIGKILL");
        }
    }
}
