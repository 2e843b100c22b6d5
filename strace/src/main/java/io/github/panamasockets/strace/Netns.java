/* Netns.java: a network namespace holding only lo, with a multicast route, for the multicast scenarios.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.strace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A network namespace of the scenario's own, holding only lo, up, with a route for 224.0.0.0/4
 * on it (as the echo module's LoopbackNamespace): the host's lo has no multicast route, so a
 * group's datagrams would leave the machine by the default route. A shell made by
 * {@code unshare -n} ({@code -rn} when not root) sets it up, then waits as {@code cat} on a pipe
 * from this tool; strace and the partner enter it through {@code nsenter}, which execs them (each
 * keeps its pid). strace traces inside it as anywhere (checked as root: ptrace does not care about
 * network namespaces). Closing ends the holder, by its pid.
 */
final class Netns implements AutoCloseable {

    private static final String SETUP = "ip link set lo up && ip route add 224.0.0.0/4 dev lo && echo ready && exec cat";

    private final Process holder;
    private final boolean root;

    private Netns(Process holder, boolean root) {
        this.holder = holder;
        this.root = root;
    }

    /** Thrown when no namespace can be made here: the scenario is skipped, saying why. */
    static final class Unavailable extends Exception {
        Unavailable(String why) {
            super(why);
        }
    }

    /** Makes the namespace; its setup's output goes to {@code log}. */
    static Netns open(Path log) throws Unavailable {
        boolean root = "root".equals(System.getProperty("user.name"));
        List<String> command = List.of("unshare", root ? "-n" : "-rn", "sh", "-c", SETUP);
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new Unavailable("cannot run unshare (" + e.getMessage() + ")");
        }
        boolean ready = ProcWatch.await(() -> !p.isAlive() || read(log).equals("ready\n"), Duration.ofSeconds(10));
        if (ready && p.isAlive()) {
            return new Netns(p, root);
        }
        Processes.killTree(p.toHandle());
        throw new Unavailable(String.join(" ", command.subList(0, 2)) + " with lo and a multicast route: "
                + read(log).strip());
    }

    /** The prefix that runs a command inside the namespace (nsenter execs it: same pid). */
    List<String> enter() {
        List<String> prefix = new ArrayList<>(List.of("nsenter", "-t", Long.toString(holder.pid())));
        if (!root) {
            prefix.addAll(List.of("-U", "--preserve-credentials")); // the user namespace unshare -r made
        }
        prefix.addAll(List.of("-n", "--"));
        return prefix;
    }

    @Override
    public void close() {
        try {
            holder.getOutputStream().close(); // cat sees its end of input and exits
        } catch (IOException ignored) {
            // killed below
        }
        if (!Processes.awaitExit(holder.toHandle(), 5)) {
            Processes.killTree(holder.toHandle());
        }
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "";
        }
    }
}
