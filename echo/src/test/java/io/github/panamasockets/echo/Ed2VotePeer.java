/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.echo;

import io.github.panamasockets.echo.Twins.Server;
import io.github.panamasockets.testkit.Build;
import io.github.panamasockets.testkit.Ports;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * What the vote tests share: the two pairings the builds link (text with newline framing, binary
 * with a 2-byte length), the messages as bytes written here by hand from the protocol's
 * definition, and a peer of this test that speaks raw bytes to a vote server or records what a
 * vote client writes.
 */
final class Ed2VotePeer {

    private Ed2VotePeer() {
    }

    /** A pairing of encoding and framer, and the programs built with it. */
    enum Pair {
        TEXT("ed2/VoteClientTCP", "ed2/VoteServerTCP"),
        BIN("ed2/VoteClientTCP-bin", "ed2/VoteServerTCP-bin");

        final String client;
        final String server;

        Pair(String client, String server) {
            this.client = client;
            this.server = server;
        }

        /** A request, encoded and framed as this pair sends it. */
        byte[] request(boolean inquiry, int candidate) {
            return this == TEXT
                    ? text("Voting " + (inquiry ? "i" : "v") + "  " + candidate)
                    : bin(0x54 | (inquiry ? 1 : 0), candidate, -1);
        }

        /** A response, encoded and framed as this pair sends it. */
        byte[] response(boolean inquiry, int candidate, long count) {
            return this == TEXT
                    ? text("Voting " + (inquiry ? "i" : "v") + " R " + candidate + " " + Long.toUnsignedString(count))
                    : bin(0x56 | (inquiry ? 1 : 0), candidate, count);
        }

        /** Bytes framed as this pair frames them: a newline after, or a big-endian length before. */
        byte[] frame(byte[] message) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (this == BIN) {
                out.write(message.length >> 8);
                out.write(message.length);
            }
            out.writeBytes(message);
            if (this == TEXT) {
                out.write('\n');
            }
            return out.toByteArray();
        }

        private byte[] text(String message) {
            return frame(message.getBytes(StandardCharsets.US_ASCII));
        }

        /** The binary message: header's high byte (magic and flags), zero byte, candidate, and the count if not -1. */
        private byte[] bin(int headerHigh, int candidate, long count) {
            ByteArrayOutputStream m = new ByteArrayOutputStream();
            m.write(headerHigh);
            m.write(0);
            m.write(candidate >> 8);
            m.write(candidate);
            if (count != -1) {
                for (int shift = 56; shift >= 0; shift -= 8) {
                    m.write((int) (count >>> shift));
                }
            }
            return frame(m.toByteArray());
        }

        /** Reads one framed message (frame included) from a stream, or what came before it ended. */
        byte[] readFrame(InputStream in) throws IOException {
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            if (this == TEXT) {
                int b;
                while ((b = in.read()) != -1) {
                    got.write(b);
                    if (b == '\n') {
                        break;
                    }
                }
            } else {
                byte[] length = in.readNBytes(2);
                got.writeBytes(length);
                if (length.length == 2) {
                    got.writeBytes(in.readNBytes(((length[0] & 0xff) << 8) | (length[1] & 0xff)));
                }
            }
            return got.toByteArray();
        }
    }

    private static final Pattern BINDING = Pattern.compile("Binding to (.+)-\\d+\n");

    /** The loopback address of the family the server bound (its "Binding to" line). */
    static InetAddress loopbackOf(Server server) throws InterruptedException, IOException {
        server.awaitLines(1);
        Matcher m = BINDING.matcher(Twins.latin1(server.out.bytes()));
        assertTrue(m.lookingAt(), () -> "no Binding to line: " + Twins.latin1(server.out.bytes()));
        return InetAddress.getByName(m.group(1).contains(":") ? "::1" : "127.0.0.1");
    }

    /** The server's output with every port (its own, its clients') as <port>: they differ between runs. */
    static String withoutPorts(String stdout) {
        return stdout.replaceAll("(?m)^(Binding to |Handling client )(.+)-\\d+$", "$1$2-<port>");
    }

    /**
     * Connects to a server, writes the bytes, shuts its side down (the server sees the end of the
     * stream), and reads all the server sends until it closes; a reset ends the reading too.
     */
    static byte[] talk(Server server, byte[] bytes) throws IOException, InterruptedException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(loopbackOf(server), server.port), 10_000);
            s.setSoTimeout(20_000);
            s.getOutputStream().write(bytes);
            s.shutdownOutput();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            try {
                got.writeBytes(s.getInputStream().readAllBytes());
            } catch (SocketException reset) {
                // the server closed with bytes of ours unread: what came before is all there is
            }
            return got.toByteArray();
        }
    }

    /**
     * What a recording peer saw of one client: the framed request the client wrote before the
     * peer answered, and whatever it wrote after that frame until it closed (nothing, from a
     * client that sends one request).
     */
    record Recorded(Twins.Result client, byte[] request, byte[] after) {
    }

    /** How many listening ports {@link #record} tries before giving up: one taken between the pick and the bind is retried. */
    private static final int BIND_ATTEMPTS = 5;

    /** A listener on 127.0.0.1 at a free port below the ephemeral range ({@link Ports#free()}), backlog 1. */
    private static ServerSocket listener() throws IOException {
        for (int attempt = 1; ; attempt++) {
            ServerSocket listener = new ServerSocket();
            try {
                listener.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), Ports.free()), 1);
                return listener;
            } catch (BindException taken) {
                listener.close();
                if (attempt == BIND_ATTEMPTS) {
                    throw taken;
                }
            }
        }
    }

    /**
     * Runs a client of a build against a peer of this test on a loopback port: the peer reads
     * one framed request, records it, writes the reply bytes (or nothing), shuts its side down,
     * and records what else the client writes until it closes.
     */
    static Recorded record(Build build, Pair pair, byte[] reply, String... args)
            throws IOException, InterruptedException, Exception {
        try (ServerSocket listener = listener()) {
            listener.setSoTimeout(20_000); // a client that never connects fails the test, not hangs it
            CompletableFuture<byte[][]> request = CompletableFuture.supplyAsync(() -> {
                try (Socket s = listener.accept()) {
                    s.setSoTimeout(20_000);
                    byte[] got = pair.readFrame(s.getInputStream());
                    s.getOutputStream().write(reply);
                    s.shutdownOutput();
                    ByteArrayOutputStream after = new ByteArrayOutputStream();
                    try {
                        after.writeBytes(s.getInputStream().readAllBytes()); // until the client closes
                    } catch (SocketException reset) {
                        // the client closed with the reply unread (it died on it): nothing more to see
                    }
                    return new byte[][] {got, after.toByteArray()};
                } catch (IOException e) {
                    throw new IllegalStateException("the recording peer failed", e);
                }
            });
            String[] all = new String[args.length + 2];
            all[0] = "127.0.0.1";
            all[1] = Integer.toString(listener.getLocalPort());
            System.arraycopy(args, 0, all, 2, args.length);
            Twins.Result result = Twins.program(build, pair.client, all);
            byte[][] got = null;
            try {
                got = request.get(Twins.WAIT_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                fail(build + " " + pair.client + ": the recording peer saw no request; client " + result);
            }
            return new Recorded(result, got[0], got[1]);
        }
    }
}
