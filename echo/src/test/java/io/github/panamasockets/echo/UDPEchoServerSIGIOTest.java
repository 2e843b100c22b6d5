/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.echo;

import io.github.panamasockets.echo.Twins.Result;
import io.github.panamasockets.echo.Twins.Server;
import io.github.panamasockets.testkit.Build;
import io.github.panamasockets.testkit.Syscalls;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.github.panamasockets.echo.Twins.HANDLING;
import static io.github.panamasockets.Sockets.SIGIO;
import static io.github.panamasockets.echo.Twins.assertSameResult;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * UDPEchoServer-SIGIO, C build and Java build: same stdout, stderr and exit status for the usage
 * lines, a port in use, datagrams that arrive while main sleeps (SIGIO ends its sleep() early, the
 * handler echoes, main prints its next dot), and datagrams from 8 clients at once, whose SIGIO
 * lands wherever main is (printing, between calls, in sleep()). Servers run under stdbuf -oL, so
 * that each line is written when printed. A dot is printed every 3 s of quiet as well: how many
 * depends on the test's pace, not the program, so runs of dot lines are compared as one.
 */
@Timeout(180)
class UDPEchoServerSIGIOTest {

    static final String SERVER = "UDPEchoServer-SIGIO";
    private static final int CLIENTS = 8;
    private static final int DATAGRAMS = 400;
    static Set<Integer> sleeping;

    @BeforeAll
    static void prepare() throws Exception {
        Twins.prepare();
        sleeping = Syscalls.numbers("clock_nanosleep", "nanosleep");
    }

    /** The output with each run of dot lines as one (the 3 s dots of quiet are the test's pace). */
    static Result dotsOnce(Result r) {
        return new Result(r.status(), r.stdout().replaceAll("(\\.\n)+", ".\n"), r.stderr());
    }

    @Test
    void usage() throws Exception {
        Twins.assertUsage(SERVER, new Result(1, "", "Usage:  ./" + SERVER + " <SERVER PORT>\n"), new String[0], new String[] {"1", "2"});
    }

    @Test
    void aPortInUse() throws Exception {
        Twins.assertPortInUse(true, SERVER);
    }

    /** The thread of the server blocked in sleep() (clock_nanosleep), once it is there. */
    static long awaitSleeping(Server server) throws InterruptedException {
        long[] tid = {-1};
        boolean there = Twins.await(Twins.WAIT_LIMIT, () -> {
            for (long t : Syscalls.threads(server.pid)) {
                if (sleeping.contains(Syscalls.blockedIn(server.pid, t))) {
                    tid[0] = t;
                    return true;
                }
            }
            return !server.process.isAlive();
        });
        if (!there || tid[0] < 0) {
            fail(server.build + " " + SERVER + ": main never slept: " + server.kill());
        }
        return tid[0];
    }

    /**
     * Two datagrams, each sent while main sleeps: SIGIO lands on the sleeping thread (the only one
     * that can take it), the handler echoes and prints, sleep() ends early and main prints a dot.
     */
    @Test
    void datagramsWhileMainSleeps() throws Exception {
        Map<Build, Result> results = new EnumMap<>(Build.class);
        for (Build build : Build.values()) {
            try (Server server = Server.startUdp(build, SERVER, true);
                 DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
                socket.setSoTimeout(UDPEchoServerTest.REPLY_WAIT_MS);
                InetSocketAddress to = new InetSocketAddress("127.0.0.1", server.port);
                server.awaitLines(1);  // the first dot: the handler and the socket's flags are set
                int lines = 1;
                for (String word : List.of("hello", "world")) {
                    long tid = awaitSleeping(server);
                    assertEquals(List.of(tid), SignalProcs.receivers(server.pid, SIGIO()),
                            build + ": the one thread SIGIO can land on is the one in sleep()");
                    byte[] bytes = word.getBytes(StandardCharsets.US_ASCII);
                    assertArrayEquals(bytes, UDPEchoServerTest.exchange(socket, to, bytes), build + " server, " + word);
                    lines += 2;        // the handler's line, then the dot of main's next round
                    server.awaitLines(lines);
                }
                results.put(build, server.kill());
                server.assertNothingLeft();
            }
        }
        Result c = dotsOnce(results.get(Build.C));
        assertEquals(".\n" + HANDLING + ".\n" + HANDLING + ".\n", c.stdout(), "C: the book's lines");
        assertSameResult("two datagrams while sleeping", c, dotsOnce(results.get(Build.JAVA)));
    }

    /**
     * 8 sockets at once, 50 datagrams each, each sent once its previous reply came back: SIGIO comes
     * at any moment of main's loop. Every reply must come back with the bytes sent, and the server
     * prints one line a datagram.
     */
    @Test
    void datagramsFromEightClientsAtAnyMoment() throws Exception {
        Map<Build, Result> results = new EnumMap<>(Build.class);
        for (Build build : new Build[] {Build.JAVA, Build.C}) {
            try (Server server = Server.startUdp(build, SERVER, true)) {
                server.awaitLines(1);
                InetSocketAddress to = new InetSocketAddress("127.0.0.1", server.port);
                UDPEchoServerTest.datagramsFromClientsAtOnce(build, to, CLIENTS, DATAGRAMS);
                long handled = Twins.await(Twins.WAIT_LIMIT, () -> handling(server.out.bytes()) >= DATAGRAMS)
                        ? DATAGRAMS : handling(server.out.bytes());
                assertEquals(DATAGRAMS, handled, build + ": lines printed by the handler");
                results.put(build, server.kill());
                server.assertNothingLeft();
            }
        }
        for (Build build : Build.values()) {
            Result r = results.get(build);
            assertEquals(DATAGRAMS, handling(r.stdout().getBytes(StandardCharsets.ISO_8859_1)), build + ": handler lines");
            assertEquals("", r.stdout().replace(HANDLING, "").replace(".\n", ""), build + ": nothing but the book's lines");
        }
        Result c = results.get(Build.C);
        Result java = results.get(Build.JAVA);
        // where the dots fall among the handler's lines is timing: compared are the lines without the dots
        assertSameResult("400 datagrams from 8 clients, dots aside",
                new Result(c.status(), c.stdout().replace(".\n", ""), c.stderr()),
                new Result(java.status(), java.stdout().replace(".\n", ""), java.stderr()));
    }

    private static long handling(byte[] out) {
        String s = Twins.latin1(out);
        long n = 0;
        for (int i = s.indexOf(HANDLING); i >= 0; i = s.indexOf(HANDLING, i + 1)) {
            n++;
        }
        return n;
    }
}
