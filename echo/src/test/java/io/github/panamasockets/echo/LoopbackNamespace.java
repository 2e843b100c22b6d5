/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.echo;

import io.github.panamasockets.echo.Twins.Capture;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

/**
 * A network namespace of the test's own holding only lo, up, with a route for 224.0.0.0/4 on it:
 * the host's lo has no multicast route (a group's datagrams would go out the default route, off
 * this machine), and joining a group on a real interface announces it there. Inside, multicast
 * stays on loopback. A shell made by {@code unshare -n} (with {@code -r} when not root) sets the
 * namespace up and then waits as {@code cat} on a pipe from the test; programs enter the
 * namespace through {@code nsenter}, which execs them, so each keeps its own pid and output.
 * Closing the pipe ends the holder; it is killed by its pid if it lingers.
 *
 * <p>Where the namespace cannot be made (no unshare or ip, or not permitted), the test is
 * aborted with one message that says why: an assumption, not a failure.
 */
final class LoopbackNamespace implements AutoCloseable {

    private static final String SETUP = "ip link set lo up && ip route add 224.0.0.0/4 dev lo"
            + " && echo ready && exec cat";

    private final Process holder;
    private final boolean root;

    private LoopbackNamespace(Process holder, boolean root) {
        this.holder = holder;
        this.root = root;
    }

    /** Makes the namespace, or aborts the test saying why it cannot be made here. */
    static LoopbackNamespace open() throws IOException, InterruptedException {
        for (String tool : List.of("unshare", "nsenter")) {
            if (!onPath(tool)) {
                abort(tool + " not found on PATH: the multicast plays run in a network namespace of "
                        + "their own (apt-get install util-linux)");
            }
        }
        if (!onPath("ip")) {
            abort("ip not found on PATH: the multicast plays give their namespace's lo a multicast "
                    + "route with it (apt-get install iproute2)");
        }
        boolean root = Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        List<String> command = new ArrayList<>(List.of("unshare", root ? "-n" : "-rn", "sh", "-c", SETUP));
        Process p = new ProcessBuilder(command).start();
        Capture out = new Capture(p.getInputStream());
        Capture err = new Capture(p.getErrorStream());
        boolean ready = Twins.await(Twins.WAIT_LIMIT, () -> !p.isAlive() || Twins.latin1(out.bytes()).equals("ready\n"));
        if (ready && p.isAlive()) {
            return new LoopbackNamespace(p, root);
        }
        p.toHandle().destroyForcibly();
        p.waitFor(Twins.WAIT_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        err.awaitEof(Twins.WAIT_LIMIT);
        abort("no network namespace of the test's own here (" + String.join(" ", command.subList(0, 2))
                + ": " + Twins.latin1(err.bytes()).strip() + "): the multicast plays need one, to keep "
                + "their datagrams on loopback");
        return null;
    }

    /** The prefix that runs a command inside the namespace (nsenter execs it: same pid). */
    List<String> enter() {
        List<String> prefix = new ArrayList<>(List.of("nsenter", "-t", Long.toString(holder.pid())));
        if (!root) {
            prefix.addAll(List.of("-U", "--preserve-credentials"));  // the user namespace unshare -r made
        }
        prefix.addAll(List.of("-n", "--"));
        return prefix;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        holder.getOutputStream().close();  // cat sees its end of input and exits
        if (!holder.waitFor(Twins.WAIT_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
            holder.toHandle().destroyForcibly();
            if (!holder.waitFor(Twins.WAIT_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                fail("the namespace's holder (pid " + holder.pid() + ") would not end");
            }
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
