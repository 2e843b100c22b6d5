/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.echo;

import io.github.panamasockets.echo.Twins.Capture;
import io.github.panamasockets.echo.Twins.Result;
import io.github.panamasockets.echo.Twins.Server;
import io.github.panamasockets.testkit.Build;
import io.github.panamasockets.testkit.Syscalls;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.github.panamasockets.Sockets.SIGALRM;
import static io.github.panamasockets.echo.Twins.assertSameResult;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * UDPEchoClient-Timeout, C build and Java build: same stdout, stderr and exit status for the
 * usage lines, a word too long, a peer that never answers (five alarms: four "timed out" lines,
 * then "No Response"), a peer that answers the third copy, and a real echo server. The peers
 * count the copies they were sent: the resends are calls, not only lines. A run with no answer
 * lasts five alarms of two seconds, so C and Java run side by side, each with a peer of its own.
 */
@Timeout(180)
class UDPEchoClientTimeoutTest {

    static final String CLIENT = "UDPEchoClient-Timeout";
    static final String USAGE = "Usage: ./UDPEchoClient-Timeout <Server IP> <Echo Word> [<Echo Port>]\n";
    static int recvfrom;

    @BeforeAll
    static void prepare() throws Exception {
        Twins.prepare();
        recvfrom = Syscalls.number("recvfrom");
    }

    /** A UDP peer on loopback that answers the {@code answerOn}-th datagram it gets (never if 0) and counts them. */
    static final class Peer implements AutoCloseable {
        final DatagramSocket socket;
        final AtomicInteger received = new AtomicInteger();
        final Thread thread;

        Peer(int answerOn) throws Exception {
            socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            socket.setSoTimeout(500);
            thread = Thread.ofPlatform().daemon().start(() -> {
                byte[] buf = new byte[512];
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60); // bounded, as every loop here
                while (!socket.isClosed() && System.nanoTime() < end) {
                    DatagramPacket d = new DatagramPacket(buf, buf.length);
                    try {
                        socket.receive(d);
                    } catch (SocketTimeoutException again) {
                        continue;
                    } catch (Exception closed) {
                        return;
                    }
                    if (received.incrementAndGet() == answerOn) {
                        try {
                            socket.send(new DatagramPacket(d.getData(), d.getLength(), d.getSocketAddress()));
                        } catch (Exception closed) {
                            return;
                        }
                    }
                }
            });
        }

        String port() {
            return Integer.toString(socket.getLocalPort());
        }

        @Override
        public void close() throws InterruptedException {
            socket.close();
            thread.join(5_000);
        }
    }

    /** A run of the client, started now; while it waits its first recvfrom(), who can take SIGALRM is recorded. */
    static final class Run {
        final Build build;
        final Process process;
        final Capture out;
        final Capture err;
        List<Long> receivers = List.of();
        long inRecvfrom = -1;

        Run(Build build, String... args) throws Exception {
            this.build = build;
            process = Twins.startProgram(build, CLIENT, args);
            out = new Capture(process.getInputStream());
            err = new Capture(process.getErrorStream());
        }

        /** Waits until a thread is blocked in recvfrom(); records it and the threads SIGALRM can land on. */
        void lookWhileWaiting() throws InterruptedException {
            long pid = process.pid();
            Twins.await(Twins.WAIT_LIMIT, () -> {
                for (long tid : Syscalls.threads(pid)) {
                    if (Syscalls.blockedIn(pid, tid) == recvfrom) {
                        inRecvfrom = tid;
                        receivers = SignalProcs.receivers(pid, SIGALRM());
                        return true;
                    }
                }
                return !process.isAlive();
            });
        }

        Result result() throws InterruptedException {
            try {
                if (!process.waitFor(Twins.RUN_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                    fail(build + " " + CLIENT + " still running after " + Twins.RUN_LIMIT);
                }
                if (!out.awaitEof(Twins.WAIT_LIMIT) || !err.awaitEof(Twins.WAIT_LIMIT)) {
                    fail(build + " " + CLIENT + ": output stays open");
                }
                return Result.of(process.exitValue(), out.bytes(), err.bytes());
            } finally {
                process.destroyForcibly();
            }
        }
    }

    /** C and Java side by side, each against a peer of its own that answers the n-th copy (never if 0). */
    static Result[] againstPeers(int answerOn, int copiesExpected) throws Exception {
        try (Peer cPeer = new Peer(answerOn); Peer javaPeer = new Peer(answerOn)) {
            Run c = new Run(Build.C, "127.0.0.1", "hello", cPeer.port());
            Run java = new Run(Build.JAVA, "127.0.0.1", "hello", javaPeer.port());
            c.lookWhileWaiting();
            java.lookWhileWaiting();
            Result cr = c.result();
            Result jr = java.result();
            for (Run r : List.of(c, java)) {
                assertEquals(List.of(r.inRecvfrom), r.receivers,
                        r.build + ": the one thread SIGALRM can land on is the one in recvfrom()");
            }
            assertEquals(copiesExpected, cPeer.received.get(), "C: copies of the word sent");
            assertEquals(copiesExpected, javaPeer.received.get(), "Java: copies of the word sent");
            return new Result[] {cr, jr};
        }
    }

    @Test
    void usage() throws Exception {
        for (String[] args : List.of(new String[] {}, new String[] {"127.0.0.1"}, new String[] {"a", "b", "7", "d"})) {
            Result c = Twins.program(Build.C, CLIENT, args);
            Result java = Twins.program(Build.JAVA, CLIENT, args);
            assertEquals(new Result(1, "", USAGE), c, "C: the usage line");
            assertSameResult("usage " + List.of(args), c, java);
        }
    }

    @Test
    void wordTooLong() throws Exception {
        String word = "x".repeat(256);
        Result c = Twins.program(Build.C, CLIENT, "127.0.0.1", word, "9");
        Result java = Twins.program(Build.JAVA, CLIENT, "127.0.0.1", word, "9");
        assertEquals(1, c.status());
        assertSameResult("a word of 256 bytes", c, java);
    }

    @Test
    void noAnswerFiveAlarmsThenNoResponse() throws Exception {
        Result[] r = againstPeers(0, 5);
        assertEquals(new Result(1,
                "timed out, 4 more tries...\ntimed out, 3 more tries...\n"
                        + "timed out, 2 more tries...\ntimed out, 1 more tries...\n",
                "No Response: Interrupted system call\n"), r[0], "C: the book's lines");
        assertSameResult("no answer", r[0], r[1]);
    }

    @Test
    void answerToTheThirdCopy() throws Exception {
        Result[] r = againstPeers(3, 3);
        assertEquals(new Result(0, "timed out, 4 more tries...\ntimed out, 3 more tries...\nReceived: hello\n", ""),
                r[0], "C: two alarms, then the reply");
        assertSameResult("answer on the third copy", r[0], r[1]);
    }

    @Test
    void realEchoServerAnswersAtOnce() throws Exception {
        for (Build server : Build.values()) {
            try (Server s = Server.startUdp(server, "UDPEchoServer", true)) {
                String port = Integer.toString(s.port);
                Result c = Twins.program(Build.C, CLIENT, "127.0.0.1", "hello", port);
                Result java = Twins.program(Build.JAVA, CLIENT, "127.0.0.1", "hello", port);
                assertEquals(new Result(0, "Received: hello\n", ""), c, "C against the " + server + " server");
                assertSameResult("against the " + server + " UDPEchoServer", c, java);
            }
        }
    }
}
