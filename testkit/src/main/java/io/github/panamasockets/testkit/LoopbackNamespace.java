/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.testkit;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A network namespace of the caller's own holding only lo, up, with a route for 224.0.0.0/4 on
 * it: the host's lo has no multicast route (a group's datagrams would go out the default route,
 * off this machine), and joining a group on a real interface announces it there. Inside,
 * multicast stays on loopback. A shell made by {@code unshare -n} ({@code -rn} when not root) sets
 * it up, then waits as {@code cat} on a pipe from the caller; programs (strace too: ptrace does not
 * care about network namespaces) enter through {@code nsenter}, which execs them, so each keeps its
 * own pid. Closing the pipe ends the holder; it is killed by its pid if it lingers.
 */
public final class LoopbackNamespace implements AutoCloseable {

    private static final String SETUP = "ip link set lo up && ip route add 224.0.0.0/4 dev lo && echo ready && exec cat";
    private static final Duration LIMIT = Duration.ofSeconds(10);

    private final Process holder;
    private final boolean root;

    private LoopbackNamespace(Process holder, boolean root) {
        this.holder = holder;
        this.root = root;
    }

    /** No namespace can be made here; the message says why, in one line. */
    public static final class Unavailable extends Exception {
        Unavailable(String why) {
            super(why);
        }
    }

    /** Makes the namespace; the holder's output (its errors) goes to {@code log}. */
    public static LoopbackNamespace open(Path log) throws Unavailable {
        for (String tool : List.of("unshare", "nsenter")) {
            if (!onPath(tool)) {
                throw new Unavailable(tool + " not found on PATH (apt-get install util-linux)");
            }
        }
        if (!onPath("ip")) {
            throw new Unavailable("ip not found on PATH (apt-get install iproute2)");
        }
        boolean root = "root".equals(System.getProperty("user.name"));
        List<String> command = List.of("unshare", root ? "-n" : "-rn", "sh", "-c", SETUP);
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new Unavailable("cannot run unshare (" + e.getMessage() + ")");
        }
        boolean ready;
        try {
            ready = Polling.await(LIMIT, () -> !p.isAlive() || read(log).equals("ready\n"));
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted while the namespace was being made");
        }
        if (ready && p.isAlive()) {
            return new LoopbackNamespace(p, root);
        }
        p.destroyForcibly();
        throw new Unavailable(String.join(" ", command.subList(0, 2)) + " with lo and a multicast route: "
                + read(log).strip());
    }

    /** The prefix that runs a command inside the namespace (nsenter execs it: same pid). */
    public List<String> enter() {
        List<String> prefix = new ArrayList<>(List.of("nsenter", "-t", Long.toString(holder.pid())));
        if (!root) {
            prefix.addAll(List.of("-U", "--preserve-credentials")); // the user namespace unshare -r made
        }
        prefix.addAll(List.of("-n", "--"));
        return prefix;
    }

    /** Ends the holder: its input closes, and it is killed by its pid if it has not ended in 10 s. */
    @Override
    public void close() {
        try {
            holder.getOutputStream().close(); // cat sees its end of input and exits
        } catch (IOException ignored) {
            // killed below
        }
        try {
            if (!holder.waitFor(LIMIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                holder.destroyForcibly();
                holder.waitFor(LIMIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            holder.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "";
        }
    }

    private static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }
}
