/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.echo;

import io.github.panamasockets.echo.Twins.Capture;
import io.github.panamasockets.echo.Twins.Result;
import io.github.panamasockets.echo.Twins.Server;
import io.github.panamasockets.testkit.Build;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.github.panamasockets.echo.Twins.assertSameResult;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The 2nd edition's UDPEchoClient and UDPEchoServer: every client against every server, the
 * client's checks of the reply (length, source), its word limit (MAXSTRINGLENGTH, 128), the
 * server's truncation of longer datagrams, failures, and the server under load. C and Java
 * must print the same bytes and end with the same status.
 */
@Timeout(180)
class Ed2UDPEchoTest {

    private static final String CLIENT = "ed2/UDPEchoClient";
    private static final String SERVER = "ed2/UDPEchoServer";
    private static final int MAXSTRINGLENGTH = 128;  // native/ed2/Practical.h
    private static final String CLIENT_USAGE =
            "Parameter(s): <Server Address/Name> <Echo Word> [<Server Port/Service>]\n";
    private static final String SERVER_USAGE = "Parameter(s): <Server Port/Service>\n";
    /** A reply the test waits for: far longer than any loopback round trip. */
    private static final int REPLY_WAIT_MS = 10_000;

    @BeforeAll
    static void prepare() throws Exception {
        Twins.prepare();
    }

    private static Result client(Build build, String... args) throws Exception {
        return Twins.program(build, CLIENT, args);
    }

    private static Result bothClients(String scenario, String... args) throws Exception {
        Result c = client(Build.C, args);
        Result java = client(Build.JAVA, args);
        assertSameResult(scenario, c, java);
        return java;
    }

    private static Result bothServers(String scenario, String... args) throws Exception {
        return Twins.both(scenario, SERVER, args);
    }

    private static String word(int length) {
        return Twins.word(length);
    }

    private static final Pattern CLIENT_PORT = Pattern.compile("-(\\d+)\n");

    /** The server's lines with each client's ephemeral port replaced by {@code <port>}: the one thing that differs between runs. */
    private static String normalisePorts(String s) {
        return CLIENT_PORT.matcher(s).replaceAll("-<port>\n");
    }

    /** Whether a UDP socket is bound to this port in /proc/net/udp6 (an IPv6 or dual-stack socket). */
    private static boolean boundIPv6(int port) throws Exception {
        Path table = Path.of("/proc/net/udp6");
        if (!Files.exists(table)) {
            return false;
        }
        String suffix = String.format(Locale.ROOT, ":%04X", port);
        for (String line : Files.readAllLines(table)) {
            String[] f = line.trim().split("\\s+");
            if (f.length > 1 && f[1].endsWith(suffix)) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- usage and bad arguments

    @Test
    void wrongArgumentCountsPrintTheUsageAndExit1() throws Exception {
        for (String[] args : new String[][] {{}, {"127.0.0.1"}, {"127.0.0.1", "hello", "7", "extra"}}) {
            assertEquals(new Result(1, "", CLIENT_USAGE), bothClients("client usage, " + args.length + " arguments", args));
        }
        for (String[] args : new String[][] {{}, {"7", "extra"}}) {
            assertEquals(new Result(1, "", SERVER_USAGE), bothServers("server usage, " + args.length + " arguments", args));
        }
    }

    @Test
    void aWordLongerThanMaxStringLengthIsRefusedBeforeAnythingIsSent() throws Exception {
        String w = word(MAXSTRINGLENGTH + 1);
        assertEquals(new Result(1, "", w + ": string too long\n"), bothClients("129-byte word", "127.0.0.1", w, "7"));
    }

    @Test
    void anUnknownHostOrServiceFailsInGetaddrinfo() throws Exception {
        for (String[] args : new String[][] {{OnlyLoopback.UNKNOWN_HOST, "hello", "7"}, {"127.0.0.1", "hello", "no-such-service"}}) {
            Result r = bothClients(String.join(" ", args), args);
            assertEquals("", r.stdout());
            assertTrue(r.stderr().startsWith("getaddrinfo() failed: "), r.stderr());
            assertEquals(1, r.status());
        }
        // 999.1.1.1 is a name to getaddrinfo(): asked in a namespace of lo alone, never of the name server
        assertEquals(new Result(1, "", "getaddrinfo() failed: Temporary failure in name resolution\n"),
                OnlyLoopback.both("999.1.1.1", CLIENT, "999.1.1.1", "hello", "7"));
        Result r = bothServers("server, unknown service", "no-such-service");
        assertTrue(r.stderr().startsWith("getaddrinfo() failed: "), r.stderr());
        assertEquals(1, r.status());
    }

    @Test
    void aServerPortInUse() throws Exception {
        for (Build holder : Build.values()) {
            try (Server server = Server.startUdp(holder, SERVER, true)) {
                String port = Integer.toString(server.port);
                assertEquals(new Result(1, "", "bind() failed: Address already in use\n"),
                        bothServers("port held by the " + holder + " server", port));
            }
        }
    }

    // ---------------------------------------------------------------- echo, every client against every server

    @Test
    void everyClientAgainstEveryServerOver127001AndLocalhost() throws Exception {
        Map<Build, Result> servers = new EnumMap<>(Build.class);
        // 128 bytes: the longest word, and exactly the server's buffer; % directives stay text
        String[] words = {"hello", "a%n%s%xb", word(MAXSTRINGLENGTH)};
        for (Build serverBuild : Build.values()) {
            try (Server server = Server.startUdp(serverBuild, SERVER, true)) {
                String port = Integer.toString(server.port);
                int lines = 0;
                for (String host : new String[] {"127.0.0.1", "localhost"}) {
                    for (String w : words) {
                        for (Build clientBuild : Build.values()) {
                            Result r = client(clientBuild, host, w, port);
                            assertEquals(new Result(0, "Received: " + w + "\n", ""), r,
                                    clientBuild + " client to " + host + " against the " + serverBuild + " server");
                            server.awaitLines(++lines);
                        }
                    }
                }
                servers.put(serverBuild, server.kill());
                server.assertNothingLeft();
            }
        }
        assertSameResult("server output", new Result(servers.get(Build.C).status(),
                normalisePorts(servers.get(Build.C).stdout()), servers.get(Build.C).stderr()),
                new Result(servers.get(Build.JAVA).status(),
                        normalisePorts(servers.get(Build.JAVA).stdout()), servers.get(Build.JAVA).stderr()));
        String out = normalisePorts(servers.get(Build.JAVA).stdout());
        assertEquals("Handling client 127.0.0.1-<port>\n".repeat(2 * words.length * 2), out);
    }

    /** An empty word is one datagram of 0 bytes: each server echoes it, each client takes the 0-byte reply as the echo. */
    @Test
    void aZeroByteDatagramBothWays() throws Exception {
        Map<Build, Result> servers = new EnumMap<>(Build.class);
        for (Build serverBuild : Build.values()) {
            try (Server server = Server.startUdp(serverBuild, SERVER, true)) {
                String port = Integer.toString(server.port);
                int lines = 0;
                for (Build clientBuild : Build.values()) {
                    assertEquals(new Result(0, "Received: \n", ""), client(clientBuild, "127.0.0.1", "", port),
                            clientBuild + " client, empty word, against the " + serverBuild + " server");
                    server.awaitLines(++lines);
                }
                servers.put(serverBuild, server.kill());
                server.assertNothingLeft();
            }
        }
        Result c = servers.get(Build.C);
        Result java = servers.get(Build.JAVA);
        assertSameResult("server output, 0-byte datagrams", new Result(c.status(), normalisePorts(c.stdout()), c.stderr()),
                new Result(java.status(), normalisePorts(java.stdout()), java.stderr()));
        assertEquals("Handling client 127.0.0.1-<port>\n".repeat(2), normalisePorts(java.stdout()));
    }

    /**
     * The book's server binds the first address getaddrinfo(NULL, port, AI_PASSIVE, AF_UNSPEC)
     * gives. Where that is 0.0.0.0 (glibc here), the server is IPv4-only, and a client to ::1
     * gets no answer: its datagram is dropped and it waits in recvfrom() for ever (the book's
     * client has no timeout), printing nothing. Where it is ::, the server is dual-stack and
     * answers over ::1. Either way both builds behave the same.
     */
    @Test
    void aClientToIPv6LoopbackAgainstTheBooksServer() throws Exception {
        for (Build serverBuild : Build.values()) {
            try (Server server = Server.startUdp(serverBuild, SERVER, true)) {
                String port = Integer.toString(server.port);
                if (boundIPv6(server.port)) {
                    for (Build clientBuild : Build.values()) {
                        assertEquals(new Result(0, "Received: over-v6\n", ""), client(clientBuild, "::1", "over-v6", port));
                    }
                    server.awaitLines(2);
                    assertTrue(server.kill().stdout().startsWith("Handling client ::1-"));
                } else {
                    Result c = stillWaiting(Build.C, "::1", "over-v6", port);
                    Result java = stillWaiting(Build.JAVA, "::1", "over-v6", port);
                    assertSameResult("::1 against an IPv4-only server", c, java);
                    assertEquals("", java.stdout());
                    assertEquals("", java.stderr());
                    assertEquals("", server.kill().stdout(), "the IPv4-only server saw a datagram sent to ::1");
                }
                server.assertNothingLeft();
            }
        }
    }

    /**
     * Runs a client that is expected to wait for ever: asserts it is still running once it has
     * had a few seconds, then kills it (by its pid) and returns what it wrote (status: -1).
     */
    private static Result stillWaiting(Build build, String... args) throws Exception {
        Process p = Twins.startProgram(build, CLIENT, args);
        Capture out = new Capture(p.getInputStream());
        Capture err = new Capture(p.getErrorStream());
        try {
            boolean ended = p.waitFor(3, TimeUnit.SECONDS);
            assertFalse(ended, () -> build + " client ended without an answer: status " + p.exitValue()
                    + ", " + Twins.latin1(err.bytes()));
        } finally {
            p.toHandle().destroyForcibly();
            p.waitFor(Twins.WAIT_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        }
        assertTrue(out.awaitEof(Twins.WAIT_LIMIT) && err.awaitEof(Twins.WAIT_LIMIT));
        return Result.of(-1, out.bytes(), err.bytes());
    }

    // ---------------------------------------------------------------- the client against a scripted peer

    /**
     * The test plays the server on a socket of its own: it receives the client's datagram and
     * answers as {@code reply} says (from the same socket, or another). Returns the client's result.
     */
    private static Result clientAgainst(Build build, InetAddress loopback, String word, Reply reply) throws Exception {
        try (DatagramSocket serverSide = new DatagramSocket(new InetSocketAddress(loopback, 0))) {
            serverSide.setSoTimeout(REPLY_WAIT_MS);
            String port = Integer.toString(serverSide.getLocalPort());
            CompletableFuture<Result> run = CompletableFuture.supplyAsync(() -> {
                try {
                    return client(build, loopback.getHostAddress(), word, port);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            DatagramPacket in = new DatagramPacket(new byte[1024], 1024);
            serverSide.receive(in);
            byte[] got = java.util.Arrays.copyOf(in.getData(), in.getLength());
            assertArrayEquals(word.getBytes(StandardCharsets.ISO_8859_1), got, "the datagram the client sent");
            reply.send(serverSide, got, in.getSocketAddress());
            return run.get(Twins.RUN_LIMIT.toSeconds() + 5, TimeUnit.SECONDS);
        }
    }

    interface Reply {
        void send(DatagramSocket serverSide, byte[] got, SocketAddress client) throws Exception;
    }

    private static Result bothAgainst(String scenario, InetAddress loopback, String word, Reply reply) throws Exception {
        Result c = clientAgainst(Build.C, loopback, word, reply);
        Result java = clientAgainst(Build.JAVA, loopback, word, reply);
        assertSameResult(scenario, c, java);
        return java;
    }

    @Test
    void anEchoOverIPv6LoopbackFromTheExpectedSource() throws Exception {
        // the client's IPv6 path, whatever the book's server binds: the test answers from [::1]
        Result r = bothAgainst("echo over ::1", InetAddress.getByName("::1"), "v6-word",
                (s, got, to) -> s.send(new DatagramPacket(got, got.length, to)));
        assertEquals(new Result(0, "Received: v6-word\n", ""), r);
    }

    @Test
    void aReplyFromAnotherPortIsRefused() throws Exception {
        for (String host : new String[] {"127.0.0.1", "::1"}) {
            InetAddress loopback = InetAddress.getByName(host);
            Result r = bothAgainst("reply from another port over " + host, loopback, "hello", (s, got, to) -> {
                try (DatagramSocket other = new DatagramSocket(new InetSocketAddress(loopback, 0))) {
                    other.send(new DatagramPacket(got, got.length, to));
                }
            });
            assertEquals(new Result(1, "", "recvfrom(): received a packet from unknown source\n"), r, host);
        }
    }

    @Test
    void aReplyOfAnotherLengthIsRefused() throws Exception {
        Result r = bothAgainst("short reply", InetAddress.getByName("127.0.0.1"), "hello",
                (s, got, to) -> s.send(new DatagramPacket(got, got.length - 1, to)));
        assertEquals(new Result(1, "", "recvfrom() error: received unexpected number of bytes\n"), r);
    }

    // ---------------------------------------------------------------- the server against scripted clients

    @Test
    void theServerCutsALongerDatagramToMaxStringLength() throws Exception {
        Map<Build, String> outputs = new EnumMap<>(Build.class);
        byte[] big = word(200).getBytes(StandardCharsets.ISO_8859_1);
        for (Build build : Build.values()) {
            try (Server server = Server.startUdp(build, SERVER, true);
                 DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0))) {
                s.setSoTimeout(REPLY_WAIT_MS);
                s.send(new DatagramPacket(big, big.length, InetAddress.getByName("127.0.0.1"), server.port));
                DatagramPacket in = new DatagramPacket(new byte[1024], 1024);
                s.receive(in);
                assertArrayEquals(java.util.Arrays.copyOf(big, MAXSTRINGLENGTH),
                        java.util.Arrays.copyOf(in.getData(), in.getLength()), build + " server's reply");
                server.awaitLines(1);
                outputs.put(build, server.kill().stdout());
                assertEquals("Handling client 127.0.0.1-" + s.getLocalPort() + "\n", outputs.get(build));
            }
        }
    }

    /**
     * 8 clients at once, 125 datagrams each, each waiting for its reply before the next: every
     * reply must come back whole, from the server's port, and the server must print one line a
     * datagram with that client's port. With one datagram in flight per client, the socket's
     * queue never holds more than 8, so nothing may be lost.
     */
    @Test
    void theServerUnderADatagramLoadFromEightClients() throws Exception {
        final int clients = 8;
        final int each = 125;
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        for (Build build : Build.values()) {
            try (Server server = Server.startUdp(build, SERVER, true)) {
                ExecutorService pool = Executors.newFixedThreadPool(clients);
                try {
                    List<Future<Integer>> ports = new ArrayList<>();
                    for (int c = 0; c < clients; c++) {
                        final int id = c;
                        ports.add(pool.submit(() -> {
                            try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(lo, 0))) {
                                s.setSoTimeout(REPLY_WAIT_MS);
                                for (int n = 0; n < each; n++) {
                                    byte[] msg = ("client" + id + "-datagram" + n).getBytes(StandardCharsets.ISO_8859_1);
                                    s.send(new DatagramPacket(msg, msg.length, lo, server.port));
                                    DatagramPacket in = new DatagramPacket(new byte[256], 256);
                                    try {
                                        s.receive(in);
                                    } catch (SocketTimeoutException lost) {
                                        fail("client " + id + ": no reply to datagram " + n);
                                    }
                                    assertEquals(server.port, in.getPort(), "reply's source port");
                                    assertArrayEquals(msg, java.util.Arrays.copyOf(in.getData(), in.getLength()),
                                            "client " + id + " datagram " + n);
                                }
                                return s.getLocalPort();
                            }
                        }));
                    }
                    Map<Integer, Integer> expected = new HashMap<>();
                    for (Future<Integer> f : ports) {
                        expected.put(f.get(120, TimeUnit.SECONDS), each);
                    }
                    server.awaitLines(clients * each);
                    Result r = server.kill();
                    assertEquals("", r.stderr());
                    Map<Integer, Integer> seen = new HashMap<>();
                    Matcher m = Pattern.compile("Handling client 127\\.0\\.0\\.1-(\\d+)\n").matcher(r.stdout());
                    int end = 0;
                    while (m.find() && m.start() == end) {
                        seen.merge(Integer.parseInt(m.group(1)), 1, Integer::sum);
                        end = m.end();
                    }
                    assertEquals(r.stdout().length(), end, build + " server: a line not of the expected form");
                    assertEquals(expected, seen, build + " server: lines per client port");
                } finally {
                    pool.shutdownNow();
                    assertTrue(pool.awaitTermination(Duration.ofSeconds(30).toSeconds(), TimeUnit.SECONDS));
                }
                server.assertNothingLeft();
            }
        }
    }
}
