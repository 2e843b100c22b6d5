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
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.github.panamasockets.echo.Twins.HANDLING;
import static io.github.panamasockets.echo.Twins.assertSameResult;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * EpollEchoServer, C build and Java build: one thread, one epoll instance, every client at once.
 * Same stdout, stderr and exit status as C for bad arguments, a port in use and a port that is
 * not a number; many clients connected together, each echoed; a client that closes in the
 * middle of its message (the server goes on, says nothing, keeps no descriptor); a message far
 * larger than the sockets' buffers, whose echo the server must hold back and finish on EPOLLOUT.
 */
@Timeout(300)
class EpollEchoServerTest {

    private static final String PROGRAM = "EpollEchoServer";

    @BeforeAll
    static void prepare() throws Exception {
        Twins.prepare();
    }

    @Test
    void usage() throws Exception {
        Twins.assertUsage(PROGRAM, new Result(1, "", "Usage:  ./EpollEchoServer <Server Port>\n"), new String[0], new String[] {"1", "2"});
    }

    @Test
    void portInUse() throws Exception {
        Twins.assertPortInUse(false, PROGRAM);
    }

    /** "abc" is port 0 to atoi(), in both builds: the kernel picks a port, and the server serves on it. */
    @Test
    void aPortThatIsNotANumber() throws Exception {
        Map<Build, Result> results = new EnumMap<>(Build.class);
        for (Build build : Build.values()) {
            Process p = new ProcessBuilder("stdbuf", "-oL", "./" + PROGRAM, "abc").directory(Twins.dir(build).toFile()).start();
            p.getOutputStream().close();
            try {
                int[] port = {-1};
                assertTrue(Twins.await(Twins.RUN_LIMIT, () -> !p.isAlive() || (port[0] = listeningPort(p.pid())) > 0),
                        build + ": no listening socket");
                assertTrue(p.isAlive(), build + " ended before it listened"); // its stderr is in the result compared below
                echo(port[0], "picked by the kernel".getBytes(StandardCharsets.US_ASCII));
            } finally {
                p.toHandle().destroyForcibly();
                assertTrue(p.waitFor(Twins.WAIT_LIMIT.toSeconds(), TimeUnit.SECONDS), build + " would not end");
            }
            results.put(build, Result.of(p.exitValue(), p.getInputStream().readAllBytes(), p.getErrorStream().readAllBytes()));
        }
        assertSameResult("port abc", results.get(Build.C), results.get(Build.JAVA));
        assertEquals(new Result(137, HANDLING, ""), results.get(Build.JAVA));
    }

    /** 200 clients connected together, then each sends its message in two pieces: every echo right, every client printed, no socket left. */
    @Test
    void twoHundredClientsAtOnce() throws Exception {
        int clients = 200;
        Map<Build, Result> results = new EnumMap<>(Build.class);
        for (Build build : Build.values()) {
            try (Server server = Server.start(build, PROGRAM, true)) {
                int socketsBefore = sockets(server.pid);
                List<Socket> sockets = new ArrayList<>();
                try {
                    for (int i = 0; i < clients; i++) {
                        Socket s = new Socket();
                        sockets.add(s);
                        s.connect(new InetSocketAddress("127.0.0.1", server.port), 10_000);
                        s.setSoTimeout(10_000);
                        s.setTcpNoDelay(true);
                    }
                    server.awaitLines(clients); // all accepted: now all are open at once
                    assertEquals(socketsBefore + clients, sockets(server.pid), build + ": a socket a client");
                    for (int half = 0; half < 2; half++) {
                        for (int i = 0; i < clients; i++) {
                            sockets.get(i).getOutputStream().write(message(i, half));
                        }
                        for (int i = 0; i < clients; i++) {
                            byte[] expected = message(i, half);
                            byte[] back = sockets.get(i).getInputStream().readNBytes(expected.length);
                            assertArrayEquals(expected, back, build + ": client " + i + ", piece " + half);
                        }
                    }
                } finally {
                    for (Socket s : sockets) {
                        s.close();
                    }
                }
                assertTrue(Twins.await(Twins.WAIT_LIMIT, () -> socketsOrMinus(server.pid) == socketsBefore),
                        build + ": sockets " + socketsBefore + " before, " + socketsOrMinus(server.pid) + " after every client closed");
                results.put(build, server.kill());
                server.assertNothingLeft();
            }
        }
        assertSameResult("200 clients at once", results.get(Build.C), results.get(Build.JAVA));
        assertEquals(new Result(137, HANDLING.repeat(clients), ""), results.get(Build.JAVA));
    }

    /**
     * A client sends 4 MiB and closes without reading its echo: its unread data makes the close a
     * reset, so the server meets ECONNRESET or EPIPE in the middle of the message. It drops that
     * client alone, quietly, and serves the next one.
     */
    @Test
    void aClientThatClosesMidMessage() throws Exception {
        Map<Build, Result> results = new EnumMap<>(Build.class);
        for (Build build : Build.values()) {
            try (Server server = Server.start(build, PROGRAM, true)) {
                int socketsBefore = sockets(server.pid);
                try (Socket s = new Socket()) {
                    s.setReceiveBufferSize(16 * 1024);
                    s.connect(new InetSocketAddress("127.0.0.1", server.port), 10_000);
                    s.setSoLinger(true, 0); // and a reset for certain, whatever is queued
                    byte[] part = new byte[64 * 1024];
                    Arrays.fill(part, (byte) 'x');
                    OutputStream out = s.getOutputStream();
                    s.setSoTimeout(10_000);
                    CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                        try {
                            for (int i = 0; i < 64; i++) {
                                out.write(part);
                            }
                        } catch (IOException closedUnderIt) {
                            // the socket closes while this still writes: expected
                        }
                    });
                    server.awaitLines(1);
                    s.getInputStream().readNBytes(1000); // some of the echo has come back: the server is mid-message
                }
                echo(server.port, "after the reset".getBytes(StandardCharsets.US_ASCII));
                assertTrue(Twins.await(Twins.WAIT_LIMIT, () -> socketsOrMinus(server.pid) == socketsBefore),
                        build + ": sockets " + socketsBefore + " before, " + socketsOrMinus(server.pid) + " after");
                server.awaitLines(2);
                results.put(build, server.kill());
                server.assertNothingLeft();
            }
        }
        assertSameResult("a client that closes mid-message", results.get(Build.C), results.get(Build.JAVA));
        assertEquals(new Result(137, HANDLING.repeat(2), ""), results.get(Build.JAVA));
    }

    /**
     * 16 MiB sent by a client that reads nothing for a second, with a small receive buffer: the
     * server's sends fall short, it keeps the rest and stops reading (so the client's writes
     * block), and finishes each send on EPOLLOUT once the client reads. The echo comes back whole
     * and in order.
     */
    @Test
    void aLargeMessageWithPartialSends() throws Exception {
        byte[] message = new byte[16 << 20];
        for (int i = 0; i < message.length; i++) {
            message[i] = (byte) (i * 31 + (i >>> 12));
        }
        Map<Build, Result> results = new EnumMap<>(Build.class);
        for (Build build : Build.values()) {
            try (Server server = Server.start(build, PROGRAM, true)) {
                try (Socket s = new Socket()) {
                    s.setReceiveBufferSize(64 * 1024);
                    s.connect(new InetSocketAddress("127.0.0.1", server.port), 10_000);
                    s.setSoTimeout(30_000);
                    OutputStream out = s.getOutputStream();
                    CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                        try {
                            out.write(message);
                        } catch (IOException e) {
                            throw new RuntimeException(e);
                        }
                    });
                    Thread.sleep(1000);
                    assertFalse(writer.isDone(), build + ": 16 MiB went out with nothing read: the server did not hold back");
                    byte[] back = s.getInputStream().readNBytes(message.length);
                    writer.get(30, TimeUnit.SECONDS);
                    assertArrayEquals(message, back, build + ": the echo of 16 MiB");
                    s.shutdownOutput();
                    assertEquals(-1, s.getInputStream().read(), build + ": more than the echo");
                }
                server.awaitLines(1);
                results.put(build, server.kill());
                server.assertNothingLeft();
            }
        }
        assertSameResult("16 MiB", results.get(Build.C), results.get(Build.JAVA));
        assertEquals(new Result(137, HANDLING, ""), results.get(Build.JAVA));
    }

    private static byte[] message(int client, int half) {
        return ("client " + client + (half == 0 ? " says " : " again ")).repeat(1 + client % 7).getBytes(StandardCharsets.US_ASCII);
    }

    /** One client: a message, its echo whole, then the server's close after ours. */
    private static void echo(int port, byte[] message) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            s.setSoTimeout(10_000);
            s.getOutputStream().write(message);
            InputStream in = s.getInputStream();
            assertArrayEquals(message, in.readNBytes(message.length));
            s.shutdownOutput();
            assertEquals(-1, in.read(), "the server sent more than the echo");
        }
    }

    /**
     * The sockets process {@code pid} holds. Sockets, not every descriptor: a JVM opens files of
     * its own when it likes (a CI run saw the twin hold one more descriptor than C mid-test).
     */
    private static int sockets(long pid) throws IOException {
        int sockets = 0;
        try (var fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    if (Files.readSymbolicLink(fd).toString().startsWith("socket:")) {
                        sockets++;
                    }
                } catch (IOException closedMeanwhile) {
                    // closed between the listing and the read: not held
                }
            }
        }
        return sockets;
    }

    private static int socketsOrMinus(long pid) {
        try {
            return sockets(pid);
        } catch (IOException gone) {
            return -1;
        }
    }

    /** The port of a listening IPv4 socket that process {@code pid} holds, or -1. */
    private static int listeningPort(long pid) {
        try {
            List<String> inodes = new ArrayList<>();
            try (var fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
                for (Path fd : fds.toList()) {
                    try {
                        String link = Files.readSymbolicLink(fd).toString();
                        if (link.startsWith("socket:[")) {
                            inodes.add(link.substring(8, link.length() - 1));
                        }
                    } catch (IOException closed) {
                        // gone meanwhile
                    }
                }
            }
            for (String line : Files.readAllLines(Path.of("/proc/net/tcp"))) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 9 && f[3].equals("0A") && inodes.contains(f[9])) {
                    return Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16);
                }
            }
        } catch (IOException notYet) {
            // the process is not there yet, or has gone
        }
        return -1;
    }
}
