/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.echo;

import io.github.panamasockets.echo.Twins.Result;
import io.github.panamasockets.echo.Twins.Server;
import io.github.panamasockets.testkit.Build;
import io.github.panamasockets.testkit.EchoLoad;
import io.github.panamasockets.testkit.ProcStat;
import io.github.panamasockets.testkit.StartupHelpers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.github.panamasockets.echo.Twins.HANDLING;
import static io.github.panamasockets.echo.Twins.assertSameResult;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TCPEchoServer-Fork-SIGCHLD, C build and Java build: same stdout, stderr and exit status; each
 * child reaped by the SIGCHLD handler as soon as it ends, while the parent waits in accept()
 * (which SA_RESTART restarts: no "accept() failed"), so that no zombie is ever left waiting for
 * the next client, as TCPEchoServer-Fork leaves one; under 16 clients at once every echo right
 * and nothing left at the end, no child and no descriptor; SIGTERM ends it as C's default does.
 */
@Timeout(300)
class TCPEchoServerForkSIGCHLDTest {

    static final String PROGRAM = "TCPEchoServer-Fork-SIGCHLD";

    @BeforeAll
    static void prepare() throws Exception {
        Twins.prepare();
    }

    @Test
    void usage() throws Exception {
        Twins.assertUsage(PROGRAM, new Result(1, "", "Usage: ./" + PROGRAM + " <Server Port>\n"), new String[0], new String[] {"1", "2"});
    }

    /** The port is taken (a listening socket of this test on 127.0.0.1): bind() fails as C's does. */
    @Test
    void portInUse() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), Twins.freePort()));
            Result java = Twins.both("port in use", PROGRAM, Integer.toString(taken.getLocalPort()));
            assertEquals(new Result(1, "", "bind() failed: Address already in use\n"), java);
        }
    }

    /**
     * Five clients in turn, each closing once it has its echo. After each, while the server waits
     * for the next client in accept(), the child that served it must end and be reaped by the
     * handler: gone from /proc, not a zombie (TCPEchoServer-Fork reaps only after the next
     * accept). No child is left at all at the end.
     */
    @Test
    void eachChildReapedByTheHandlerWhileTheParentWaitsInAccept() throws Exception {
        Map<Build, Result> results = new EnumMap<>(Build.class);
        for (Build build : Build.values()) {
            try (Server server = Server.start(build, PROGRAM, true)) {
                List<Long> served = new ArrayList<>();
                for (int i = 1; i <= 5; i++) {
                    byte[] word = ("word" + i).getBytes(StandardCharsets.US_ASCII);
                    long child;
                    try (Socket client = new Socket()) {
                        try {
                            client.connect(new InetSocketAddress("127.0.0.1", server.port), 10_000);
                        } catch (java.io.IOException e) {
                            throw new AssertionError(build + " server, client " + i + ": " + e + "; server alive "
                                    + server.process.isAlive() + (server.process.isAlive() ? "" : " (status " + server.process.exitValue() + ")") + ", stdout " + Twins.latin1(server.out.bytes())
                                    + ", stderr " + Twins.latin1(server.err.bytes()), e);
                        }
                        client.setSoTimeout(10_000);
                        client.getOutputStream().write(word);
                        assertArrayEquals(word, client.getInputStream().readNBytes(word.length),
                                build + " server, client " + i + ": the echo");
                        child = server.awaitNewChild(served);
                        ProcStat st = ProcStat.of(child);
                        assertTrue(st != null && st.ppid() == server.pid && !st.zombie(),
                                build + ": child " + child + " should serve client " + i + ": " + st);
                    }
                    served.add(child);
                    server.awaitLines(2 * i);
                    assertTrue(Twins.await(Twins.WAIT_LIMIT, () -> ProcStat.of(child) == null),
                            build + ": child " + child + " was not reaped while the server waited in accept(): "
                                    + ProcStat.of(child) + "; children " + server.children());
                    assertTrue(server.process.isAlive(), () -> build + " server ended, status " + server.process.exitValue());
                }
                assertEquals(List.of(), server.children(), build + ": children left");
                Result r = server.kill();
                server.assertNothingLeft();
                assertEquals(served, Twins.printedPids(r.stdout()), build + ": the pids printed; " + r);
                results.put(build, r);
            }
        }
        Twins.assertServersPrinted("SIGCHLD server, clients in turn", results, expectedClientsInTurn(5));
        assertEquals(137, results.get(Build.JAVA).status(), "SIGKILL ends both");
    }

    private static String expectedClientsInTurn(int clients) {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= clients; i++) {
            sb.append(HANDLING).append("with child process: <pid").append(i).append(">\n");
        }
        return sb.toString();
    }

    /**
     * 300 connections, 16 at once, each echo checked byte for byte; children end in bursts, so
     * one SIGCHLD stands for several of them and lands wherever the parent is (accept(), fork(),
     * printf(), close()). Every echo right; then, the server idle in accept(): no child left,
     * not even a zombie, its descriptors as they were once it listened, and still alive.
     */
    @Test
    void sixteenClientsAtOnceEveryEchoRightNothingLeft() throws Exception {
        Map<Build, String> outcomes = new EnumMap<>(Build.class);
        for (Build build : Build.values()) {
            try (Server server = Server.start(build, PROGRAM, true)) {
                // the baseline once the twin's start-up helpers (rehearsal, signal recorder) have ended
                assertTrue(Twins.await(Twins.WAIT_LIMIT, () -> !StartupHelpers.running(server.pid)), build + ": start-up helpers still running");
                int fdsBefore = descriptors(server.pid);
                EchoLoad.Result load = EchoLoad.run(server.port, 300, 16, 3000, 13, Duration.ofSeconds(20));
                assertEquals(0, load.lost(), build + ": lost echoes " + load.problems());
                boolean reaped = Twins.await(Twins.WAIT_LIMIT, () -> server.children().isEmpty());
                assertTrue(reaped, build + ": children left after the load: " + server.children().stream()
                        .map(c -> c + " " + ProcStat.of(c)).toList());
                assertEquals(fdsBefore, descriptors(server.pid), build + ": the server's descriptors");
                assertTrue(server.process.isAlive(), () -> build + " server ended, status " + server.process.exitValue());
                Result r = server.kill();
                assertEquals(300, Twins.printedPids(r.stdout()).size(), build + ": one child a connection");
                assertEquals("", r.stderr(), build + ": stderr");
                outcomes.put(build, "echoed " + load.echoed() + ", lost " + load.lost() + ", status " + r.status());
            }
        }
        assertEquals(outcomes.get(Build.C), outcomes.get(Build.JAVA));
    }

    /** SIGTERM while it waits in accept(), a child reaped before: C's default action, status 143, in both. */
    @Test
    void sigtermEndsItAsCsDefaultDoes() throws Exception {
        Map<Build, Result> results = new EnumMap<>(Build.class);
        for (Build build : Build.values()) {
            try (Server server = Server.start(build, PROGRAM, true)) {
                assertEquals(0, Twins.run(List.of("./TCPEchoClient", "127.0.0.1", "hello", Integer.toString(server.port)),
                        Twins.dir(Build.C), Twins.RUN_LIMIT).status());
                server.awaitLines(2);
                assertTrue(Twins.await(Twins.WAIT_LIMIT, () -> server.children().isEmpty()),
                        build + ": the child was not reaped: " + server.children());
                Result kill = Twins.run(List.of("kill", "-TERM", Long.toString(server.pid)), Twins.ROOT, Twins.RUN_LIMIT);
                assertEquals(0, kill.status(), kill.toString());
                assertTrue(server.process.waitFor(Twins.WAIT_LIMIT.toSeconds(), TimeUnit.SECONDS), build + " still runs");
                results.put(build, server.kill());
            }
        }
        assertSameResult("SIGCHLD server, SIGTERM", results.get(Build.C), results.get(Build.JAVA));
        assertEquals(new Result(143, HANDLING + "with child process: <pid1>\n", ""), results.get(Build.JAVA).normalised());
    }

    static int descriptors(long pid) throws Exception {
        try (var list = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return (int) list.count();
        }
    }
}
