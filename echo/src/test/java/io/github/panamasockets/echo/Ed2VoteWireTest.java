/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.echo;

import io.github.panamasockets.echo.Ed2VotePeer.Pair;
import io.github.panamasockets.echo.Ed2VotePeer.Recorded;
import io.github.panamasockets.echo.Twins.Result;
import io.github.panamasockets.echo.Twins.Server;
import io.github.panamasockets.testkit.Build;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The bytes each build writes to the socket, for every kind of message in both pairings: a
 * peer of this test records what each client sends (a vote, an inquiry) and what each server
 * answers (to a vote, to an inquiry); C's bytes, Java's bytes and the bytes the protocol defines
 * (written by hand in {@link Ed2VotePeer}) must be the same.
 */
@Timeout(300)
class Ed2VoteWireTest {

    private static final HexFormat HEX = HexFormat.ofDelimiter(" ");

    @BeforeAll
    static void prepare() throws Exception {
        Twins.prepare();
    }

    @ParameterizedTest
    @EnumSource(Pair.class)
    void clientRequests(Pair pair) throws Exception {
        for (boolean inquiry : new boolean[] {false, true}) {
            byte[] expected = pair.request(inquiry, 777);
            byte[] reply = pair.response(inquiry, 777, 0x1_0000_0002L); // a count above 32 bits: both halves
            for (Build build : Build.values()) {
                String scenario = build + " " + pair.client + (inquiry ? " inquiry" : " vote");
                Recorded r = inquiry ? Ed2VotePeer.record(build, pair, reply, "777", "I")
                        : Ed2VotePeer.record(build, pair, reply, "777");
                assertEquals(HEX.formatHex(expected), HEX.formatHex(r.request()), scenario + ": the bytes written");
                assertEquals("", HEX.formatHex(r.after()), scenario + ": bytes written after the request's frame");
                assertEquals(new Result(0, "Sending " + (pair == Pair.TEXT ? 13 : 4) + "-byte "
                                + (inquiry ? "inquiry" : "vote") + " for candidate 777...\nReceived:\n  Response to "
                                + (inquiry ? "inquiry" : "vote") + " for candidate 777\n  count = 4294967298\n", ""),
                        r.client(), scenario + ": what the client made of the reply");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Pair.class)
    void serverResponses(Pair pair) throws Exception {
        for (Build build : Build.values()) {
            try (Server server = Server.start(build, pair.server, true)) {
                String scenario = build + " " + pair.server;
                // a vote, then an inquiry, then another vote: each answered with the count so far
                assertEquals(HEX.formatHex(pair.response(false, 513, 1)),
                        HEX.formatHex(Ed2VotePeer.talk(server, pair.request(false, 513))), scenario + ": a vote");
                assertEquals(HEX.formatHex(pair.response(true, 513, 1)),
                        HEX.formatHex(Ed2VotePeer.talk(server, pair.request(true, 513))), scenario + ": an inquiry");
                // two requests in one connection, the second sent after the first's answer came
                byte[] both = talkTwice(server, pair, pair.request(false, 513), pair.request(true, 513));
                assertEquals(HEX.formatHex(pair.response(false, 513, 2)) + " " + HEX.formatHex(pair.response(true, 513, 2)),
                        HEX.formatHex(both), scenario + ": a vote and an inquiry on one connection");
                // a response sent to the server comes back as it came (the book's "ignore non-requests")
                byte[] response = pair.response(true, 7, 99);
                assertEquals(HEX.formatHex(response), HEX.formatHex(Ed2VotePeer.talk(server, response)),
                        scenario + ": a response sent back");
                server.awaitLines(1 + 4 + 4 + 6 + 4);
                Result result = server.kill();
                assertEquals("", result.stderr(), scenario);
            }
        }
    }

    /** One connection: the first request, its answer, then the second and its answer (the book's streams take no pipelining). */
    private static byte[] talkTwice(Server server, Pair pair, byte[] first, byte[] second) throws Exception {
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(new java.net.InetSocketAddress(Ed2VotePeer.loopbackOf(server), server.port), 10_000);
            s.setSoTimeout(20_000);
            java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
            s.getOutputStream().write(first);
            got.writeBytes(pair.readFrame(s.getInputStream()));
            s.getOutputStream().write(second);
            s.shutdownOutput();
            got.writeBytes(s.getInputStream().readAllBytes());
            return got.toByteArray();
        }
    }
}
