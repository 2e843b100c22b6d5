/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.echo;

import io.github.panamasockets.echo.Twins.Capture;
import io.github.panamasockets.echo.Twins.Result;
import io.github.panamasockets.testkit.Build;
import io.github.panamasockets.testkit.LoopbackNamespace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Plays of a datagram sender (which sends every 3 seconds until killed) to a receiver (which
 * takes one datagram and ends): the receiver starts first and is waited for until its port is
 * bound, then the sender starts; once the receiver has ended, the sender is killed by its pid.
 * Every wait is bounded by {@link Twins#WAIT_LIMIT}; a sender's datagram sent before the
 * receiver joined is simply lost, and the next one, 3 seconds later, gets through.
 *
 * <p>Commands may be prefixed (by {@link LoopbackNamespace#enter}) to run in a network namespace;
 * the prefix must exec the program, so that the pid started is the program's.
 */
final class Datagrams {

    private Datagrams() {
    }

    /** What a play left: the receiver's result, and the sender's once it was killed. */
    record Play(Result receiver, Result sender) {
    }

    /** A program of one build running in the background, its output read as it comes. */
    static final class Running implements AutoCloseable {

        final String name;
        final Process process;
        /** The UDP port it was seen to bind ({@link #startReceiver}); 0 for a sender. */
        int port;
        private final Capture out;
        private final Capture err;
        private Result result;

        private Running(String name, Process process) {
            this.name = name;
            this.process = process;
            this.out = new Capture(process.getInputStream());
            this.err = new Capture(process.getErrorStream());
        }

        boolean alive() {
            return process.isAlive();
        }

        /** Waits for the program to end on its own; kills it by its pid and fails if it does not. */
        Result awaitEnd() throws InterruptedException {
            if (!process.waitFor(Twins.WAIT_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                Result late = kill();
                fail(name + " did not end within " + Twins.WAIT_LIMIT + "; killed: " + late);
            }
            return kill();
        }

        /** SIGKILL by its pid (unless it has ended already), then its output to the end. */
        Result kill() throws InterruptedException {
            if (result != null) {
                return result;
            }
            // through the handle: destroyForcibly() on the Process would close the pipes at once
            process.toHandle().destroyForcibly();
            boolean ended = process.waitFor(Twins.WAIT_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
            boolean closed = out.awaitEof(Twins.WAIT_LIMIT) && err.awaitEof(Twins.WAIT_LIMIT);
            result = Result.of(ended ? process.exitValue() : -1, out.bytes(), err.bytes());
            if (!ended || !closed) {
                fail(name + " would not end (ended " + ended + ", output closed " + closed + ")");
            }
            return result;
        }

        @Override
        public void close() throws InterruptedException {
            kill();
        }
    }

    /** Starts ./PROGRAM of a build with these arguments, after the prefix (empty: run as is). */
    static Running start(List<String> prefix, Build build, String program, String... args) throws IOException {
        Process p = Twins.startProgram(prefix, build, program, args);
        return new Running(build + " " + program + " " + String.join(" ", args), p);
    }

    /**
     * Starts a receiver and waits until its UDP port is bound; null if its bind failed with
     * "Address already in use" (the caller picks another port); fails on any other early end.
     */
    static Running startReceiver(List<String> prefix, Build build, String program, int port, String... args)
            throws IOException, InterruptedException {
        Running receiver = start(prefix, build, program, args);
        boolean bound = Twins.await(Twins.WAIT_LIMIT, () -> !receiver.alive() || udpBound(receiver.process.pid(), port));
        if (bound && receiver.alive()) {
            receiver.port = port;
            return receiver;
        }
        Result r = receiver.kill();
        if (r.stderr().contains("Address already in use")) {
            return null;
        }
        fail(receiver.name + " did not bind port " + port + ": " + r);
        return null;
    }

    /**
     * One play: the receiver (already bound, from {@link #startReceiver}) gets a datagram from
     * the sender started now; the sender must still be running when it is killed, as it loops
     * forever. Both are killed by their pids whatever happens.
     */
    static Play play(Running receiver, List<String> prefix, Build senderBuild, String sender, String... senderArgs)
            throws IOException, InterruptedException {
        try (receiver; Running s = start(prefix, senderBuild, sender, senderArgs)) {
            Result received = receiver.awaitEnd();
            boolean stillSending = s.alive();
            Result sent = s.kill();
            if (!stillSending) {
                fail(s.name + " ended by itself (it sends until killed): " + sent + "; receiver " + received);
            }
            return new Play(received, sent);
        }
    }

    /**
     * Whether a UDP socket is bound to this local port in the network namespace of process pid:
     * its own /proc/PID/net/udp (the test's /proc/net/udp is the test's namespace, not
     * necessarily the program's). Rows: "sl local_address rem_address st ...", the port in hex.
     */
    static boolean udpBound(long pid, int port) {
        String local = String.format(Locale.ROOT, ":%04X", port);
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "net", "udp"))) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 3 && f[1].endsWith(local) && f[3].equals("07")) {  // 07: unconnected
                    return true;
                }
            }
        } catch (IOException gone) {
            // the process has ended (or not yet started): nothing of it is bound
        }
        return false;
    }
}
