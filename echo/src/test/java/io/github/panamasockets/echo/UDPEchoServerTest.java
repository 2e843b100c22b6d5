/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.echo;

import io.github.panamasockets.echo.Twins.Result;
import io.github.panamasockets.echo.Twins.Server;
import io.github.panamasockets.testkit.Build;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

import static io.github.panamasockets.echo.Twins.HANDLING;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * UDPEchoServer, C build and Java build, in the same scenarios: same stdout, stderr and exit
 * status. The datagrams come from test sockets here (the clients' runs are in
 * UDPEchoClientTest and UDPEchoCrossPlayTest). A server runs until it is killed, under
 * stdbuf -oL so that each line is written when printed.
 */
@Timeout(180)
class UDPEchoServerTest {

    private static final String SERVER = UDPEchoClientTest.SERVER;
    /** How long a test socket waits for one reply: loopback answers in far less; a lost datagram fails the test. */
    static final int REPLY_WAIT_MS = 5_000;
    private static final int CLIENTS = 8;
    private static final int DATAGRAMS = 1000;

    @BeforeAll
    static void prepare() throws Exception {
        Twins.prepare();
    }

    @Test
    void usage() throws Exception {
        Twins.assertUsage(SERVER, new Result(1, "", "Usage: ./UDPEchoServer <UDP SERVER PORT>\n"), new String[0], new String[] {"1", "2"});
    }

    @Test
    void aPortInUse() throws Exception {
        Twins.assertPortInUse(true, SERVER);
    }

    /** An empty datagram, a word, and one longer than ECHOMAX, which comes back cut to its first 255 bytes. */
    @Test
    void datagramsOfEveryLengthComeBackAsTheServerTookThem() throws Exception {
        byte[] longer = Twins.word(300).getBytes(StandardCharsets.US_ASCII);
        byte[][] sent = {new byte[0], "hello".getBytes(StandardCharsets.US_ASCII), longer};
        byte[][] expected = {new byte[0], sent[1], Arrays.copyOf(longer, 255)};
        Map<Build, Result> results = new EnumMap<>(Build.class);
        for (Build build : Build.values()) {
            try (Server server = Server.startUdp(build, SERVER, true);
                 DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
                socket.setSoTimeout(REPLY_WAIT_MS);
                InetSocketAddress to = new InetSocketAddress("127.0.0.1", server.port);
                for (int i = 0; i < sent.length; i++) {
                    assertArrayEquals(expected[i], exchange(socket, to, sent[i]), build + " server, datagram " + i);
                }
                server.awaitLines(sent.length);
                results.put(build, server.kill());
                server.assertNothingLeft();
            }
        }
        Twins.assertServersPrinted("three datagrams", results, HANDLING.repeat(3));
    }

    /**
     * 8 sockets at once, 125 datagrams each, each sent once its previous reply came back: every
     * reply must come from the server's address and port with the bytes sent, within
     * REPLY_WAIT_MS (on loopback nothing is lost), and the server prints one line a datagram.
     */
    @Test
    void aThousandDatagramsFromEightClientsAtOnce() throws Exception {
        Map<Build, Result> results = new EnumMap<>(Build.class);
        for (Build build : new Build[] {Build.JAVA, Build.C}) {
            try (Server server = Server.startUdp(build, SERVER, true)) {
                InetSocketAddress to = new InetSocketAddress("127.0.0.1", server.port);
                datagramsFromClientsAtOnce(build, to, CLIENTS, DATAGRAMS);
                server.awaitLines(DATAGRAMS);
                results.put(build, server.kill());
                server.assertNothingLeft();
            }
        }
        Twins.assertServersPrinted("1000 datagrams from 8 clients", results, HANDLING.repeat(DATAGRAMS));
    }

    /**
     * {@code clients} sockets at once, {@code datagrams / clients} datagrams each, each sent once
     * its previous reply came back: every reply must come back with the bytes sent, from
     * {@code to}, within REPLY_WAIT_MS (on loopback nothing is lost).
     */
    static void datagramsFromClientsAtOnce(Build build, InetSocketAddress to, int clients, int datagrams)
            throws InterruptedException {
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            threads.add(Thread.ofPlatform().name("udp-client-" + c).start(() -> {
                try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
                    socket.setSoTimeout(REPLY_WAIT_MS);
                    for (int i = 0; i < datagrams / clients; i++) {
                        byte[] word = ("client " + client + " datagram " + i).getBytes(StandardCharsets.US_ASCII);
                        assertArrayEquals(word, exchange(socket, to, word), "client " + client + ", datagram " + i);
                    }
                } catch (Throwable t) {
                    failures.add(t);
                }
            }));
        }
        for (Thread t : threads) {
            // each client waits at most REPLY_WAIT_MS a reply; joined with a bound all the same
            assertTrue(t.join(Twins.RUN_LIMIT.multipliedBy(2)), t.getName() + " still running");
        }
        if (!failures.isEmpty()) {
            throw new AssertionError(build + " server: " + failures.size() + " clients failed", failures.peek());
        }
    }

    /** Sends one datagram and returns the reply's bytes; fails on a timeout or a reply from anywhere but {@code to}. */
    static byte[] exchange(DatagramSocket socket, SocketAddress to, byte[] word) throws IOException {
        socket.send(new DatagramPacket(word, word.length, to));
        DatagramPacket reply = new DatagramPacket(new byte[512], 512);
        try {
            socket.receive(reply);
        } catch (SocketTimeoutException lost) {
            throw new AssertionError("no reply within " + REPLY_WAIT_MS + " ms to "
                    + new String(word, StandardCharsets.US_ASCII), lost);
        }
        assertEquals(to, reply.getSocketAddress(), "the reply's source");
        return Arrays.copyOf(reply.getData(), reply.getLength());
    }
}
