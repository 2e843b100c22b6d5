/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.echo;

import io.github.panamasockets.echo.Twins.Capture;
import io.github.panamasockets.echo.Twins.Result;
import io.github.panamasockets.testkit.Build;
import io.github.panamasockets.testkit.ProcNetTcp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.github.panamasockets.echo.Twins.assertSameResult;
import static io.github.panamasockets.echo.Twins.latin1;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * TCPEchoServer-Select, C build and Java build: one select() over stdin and a listening socket
 * a port. The test holds the server's stdin (a pipe): it connects clients to each port, then
 * writes a key, and the server must shut down, closing every socket, with status 0. Same
 * stdout, stderr and exit status as C in every scenario.
 */
@Timeout(180)
class TCPEchoServerSelectTest {

    private static final String PROGRAM = "TCPEchoServer-Select";
    private static final String STARTING = "Starting server:  Hit return to shutdown\n";
    private static final String SHUTTING = "Shutting down server\n";
    private static final String QUIET = "No echo requests for 1 secs...Server still alive\n";

    @BeforeAll
    static void prepare() throws Exception {
        Twins.prepare();
    }

    @Test
    void usage() throws Exception {
        Twins.assertUsage(PROGRAM, new Result(1, "", "Usage:  ./TCPEchoServer-Select <Timeout (secs.)> <Port 1> ...\n"),
                new String[0], new String[] {"10"});
    }

    /** Twins.program gives the server an stdin at its end: select() finds it readable at once, as a key. */
    @Test
    void stdinAtItsEndShutsItDown() throws Exception {
        String p1 = Integer.toString(Twins.freePort());
        String p2 = Integer.toString(Twins.freePort());
        Result c = Twins.program(Build.C, PROGRAM, "10", p1, p2);
        Result java = Twins.program(Build.JAVA, PROGRAM, "10", p1, p2);
        assertSameResult("stdin at its end", c, java);
        assertEquals(new Result(0, STARTING + SHUTTING, ""), java);
    }

    /** The second port is taken: bind() fails before anything is printed; exit(1) closes the first socket. */
    @Test
    void portInUse() throws Exception {
        // the free port is picked while the other is held, so that the two differ
        Twins.assertPortInUse(false, PROGRAM, busy -> new String[] {"10", Integer.toString(Twins.freePort()), Integer.toString(busy)});
    }

    /** A negative timeout: select() fails with EINVAL (the book's code took that for ready descriptors; both builds now say so). */
    @Test
    void negativeTimeout() throws Exception {
        String port = Integer.toString(Twins.freePort());
        Result c = Twins.program(Build.C, PROGRAM, "-1", port);
        Result java = Twins.program(Build.JAVA, PROGRAM, "-1", port);
        assertSameResult("negative timeout", c, java);
        assertEquals(new Result(1, STARTING, "select() failed: Invalid argument\n"), java);
    }

    /**
     * A listening socket numbered FD_SETSIZE or more cannot be put in an fd_set (C's FD_SET would
     * write past it, the bindings' FD_SET throws): both builds say so and exit 1. The server is
     * started with descriptors 3 to 1030 already open, so that its first socket is past 1023.
     */
    @Test
    void aDescriptorSelectCannotWatch() throws Exception {
        String port = Integer.toString(Twins.freePort());
        String command = "ulimit -n 2048 2>/dev/null || exit 77; "
                + "for fd in $(seq 3 1030); do eval \"exec $fd</dev/null\"; done; exec ./" + PROGRAM + " 10 " + port;
        Result c = Twins.shell(Build.C, command);
        assumeTrue(c.status() != 77, "the descriptor limit cannot be raised to 2048 here");
        Result java = Twins.shell(Build.JAVA, command);
        assertSameResult("a descriptor past FD_SETSIZE", c, java);
        assertEquals(new Result(1, "",
                "CreateTCPServerSocket() gave a descriptor select() cannot watch (FD_SETSIZE 1024)\n"), java);
    }

    /**
     * Three ports. Port 0 gets the C client, port 1 the Java client, port 2 a client of this
     * test that sends its word in two pieces; then a second round in the other order. Then a key
     * on stdin: the server says so, closes every listening socket and exits 0. stdout is a pipe,
     * fully buffered: it all comes out at exit(), the same bytes from both builds.
     */
    @Test
    void clientsOnEveryPortThenAKey() throws Exception {
        Map<Build, Result> results = new EnumMap<>(Build.class);
        for (Build build : Build.values()) {
            try (Running server = Running.start(build, false, "60", 3)) {
                for (int round = 0; round < 2; round++) {
                    for (int k = 0; k < 3; k++) {
                        int port = server.ports.get(round == 0 ? k : 2 - k);
                        String word = "word-" + round + "-" + k;
                        if (k < 2) {
                            Build clientBuild = k == 0 ? Build.C : Build.JAVA;
                            assertEquals(new Result(0, "Received: " + word + "\n", ""),
                                    Twins.client(clientBuild, "127.0.0.1", word, Integer.toString(port)),
                                    clientBuild + " client against the " + build + " select server");
                        } else {
                            echoInTwoPieces(port, word);
                        }
                    }
                }
                results.put(build, server.key());
                for (int port : server.ports) {
                    assertFalse(ProcNetTcp.listening(port), build + ": port " + port + " still listened on after the shutdown");
                }
            }
        }
        assertSameResult("select server, clients on every port, then a key", results.get(Build.C), results.get(Build.JAVA));
        String expected = STARTING
                + "Request on port 0:  Handling client 127.0.0.1\n"
                + "Request on port 1:  Handling client 127.0.0.1\n"
                + "Request on port 2:  Handling client 127.0.0.1\n"
                + "Request on port 2:  Handling client 127.0.0.1\n"
                + "Request on port 1:  Handling client 127.0.0.1\n"
                + "Request on port 0:  Handling client 127.0.0.1\n"
                + SHUTTING;
        assertEquals(new Result(0, expected, ""), results.get(Build.JAVA));
    }

    /**
     * A one-second timeout: with no client the server says so after each quiet second. stdout is
     * line-buffered here so that the test sees the first such line, then sends the key. More
     * quiet seconds may pass before the key arrives on a busy machine: a run of such lines
     * counts as one in the comparison.
     */
    @Test
    void quietSecondsThenAKey() throws Exception {
        Map<Build, Result> results = new EnumMap<>(Build.class);
        for (Build build : Build.values()) {
            try (Running server = Running.start(build, true, "1", 1)) {
                if (!Twins.await(Twins.WAIT_LIMIT, () -> latin1(server.out.bytes()).contains(QUIET))) {
                    fail(build + ": no timeout line; stdout " + latin1(server.out.bytes()));
                }
                Result r = server.key();
                assertTrue(r.stdout().startsWith(STARTING + QUIET), build + ": " + r);
                results.put(build, new Result(r.status(), r.stdout().replaceAll("(" + QUIET + ")+", QUIET), r.stderr()));
            }
        }
        assertSameResult("select server, quiet, then a key", results.get(Build.C), results.get(Build.JAVA));
        assertEquals(new Result(0, STARTING + QUIET + SHUTTING, ""), results.get(Build.JAVA));
    }

    private static void echoInTwoPieces(int port, String word) throws IOException {
        byte[] bytes = word.getBytes(StandardCharsets.US_ASCII);
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(bytes, 0, 3);
            out.flush();
            out.write(bytes, 3, bytes.length - 3);
            assertArrayEquals(bytes, s.getInputStream().readNBytes(bytes.length), "the echo of " + word);
        }
    }

    /** A select server of one build on some free ports, its stdin a pipe this test holds. */
    private static final class Running implements AutoCloseable {

        final Build build;
        final List<Integer> ports;
        final Process process;
        final OutputStream stdin;
        final Capture out;
        final Capture err;

        private Running(Build build, List<Integer> ports, Process process) {
            this.build = build;
            this.ports = ports;
            this.process = process;
            this.stdin = process.getOutputStream();
            this.out = new Capture(process.getInputStream());
            this.err = new Capture(process.getErrorStream());
        }

        static Running start(Build build, boolean lineBuffered, String timeout, int portCount)
                throws IOException, InterruptedException {
            List<Integer> ports = new ArrayList<>();
            while (ports.size() < portCount) {
                int port = Twins.freePort();
                if (!ports.contains(port)) {
                    ports.add(port);
                }
            }
            List<String> command = new ArrayList<>();
            if (lineBuffered) {
                command.addAll(List.of("stdbuf", "-oL"));
            }
            command.addAll(List.of("./" + PROGRAM, timeout));
            ports.forEach(p -> command.add(Integer.toString(p)));
            Process p = new ProcessBuilder(command).directory(Twins.dir(build).toFile()).start();
            Running r = new Running(build, ports, p);
            boolean up = Twins.await(Twins.RUN_LIMIT,
                    () -> !p.isAlive() || ports.stream().allMatch(ProcNetTcp::listening));
            if (!up || !p.isAlive()) {
                r.close();
                fail(build + " " + PROGRAM + " did not listen on " + ports + ": stdout "
                        + latin1(r.out.bytes()) + " stderr " + latin1(r.err.bytes()));
            }
            return r;
        }

        /** Hits return: the server must end by itself, in time; its output to the end. */
        Result key() throws IOException, InterruptedException {
            stdin.write('\n');
            stdin.flush();
            if (!process.waitFor(Twins.WAIT_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                fail(build + " " + PROGRAM + " did not end after the key");
            }
            if (!out.awaitEof(Twins.WAIT_LIMIT) || !err.awaitEof(Twins.WAIT_LIMIT)) {
                fail(build + " " + PROGRAM + " ended but its output stays open");
            }
            return Result.of(process.exitValue(), out.bytes(), err.bytes());
        }

        @Override
        public void close() throws InterruptedException {
            process.toHandle().destroyForcibly(); /* by its pid; a no-op once it has ended */
            process.waitFor(Twins.WAIT_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
