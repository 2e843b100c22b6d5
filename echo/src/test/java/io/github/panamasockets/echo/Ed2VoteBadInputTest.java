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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

import static io.github.panamasockets.echo.Twins.assertSameResult;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Bad input to the vote programs, each scenario run against the C build and the Java build and
 * compared byte for byte (stdout, stderr, status, and what the server sent back): a peer of
 * this test writes raw bytes to a server (garbage, a delimiter inside a text message, a frame
 * longer than the maximum, a length prefix larger than the buffer, a close in the middle of a
 * frame, a candidate out of range), or answers a client so (garbage, nothing, half a frame, a
 * response too long, a candidate out of range, a delimiter inside a text field).
 * C's message or a clear error, never a Java exception.
 */
@Timeout(300)
class Ed2VoteBadInputTest {

    private static final HexFormat HEX = HexFormat.ofDelimiter(" ");

    @BeforeAll
    static void prepare() throws Exception {
        Twins.prepare();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] bytes(int... b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = (byte) b[i];
        }
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /**
     * Sends the bytes to a fresh server of each build, one connection, then a good vote on a
     * second connection if the server is still up (it must carry on after a bad client); returns
     * the servers' results, compared, with the bytes each sent back.
     */
    private static Result serverGets(Pair pair, String scenario, byte[] bytes, boolean survives) throws Exception {
        Result[] results = new Result[2];
        String[] replies = new String[2];
        for (Build build : Build.values()) {
            try (Server server = Server.start(build, pair.server, true)) {
                replies[build.ordinal()] = HEX.formatHex(Ed2VotePeer.talk(server, bytes));
                if (survives) {
                    assertEquals(HEX.formatHex(pair.response(false, 3, 1)),
                            HEX.formatHex(Ed2VotePeer.talk(server, pair.request(false, 3))),
                            build + " " + scenario + ": a good vote after it");
                    Twins.await(Twins.WAIT_LIMIT, () -> Twins.latin1(server.out.bytes()).endsWith(
                            "Processed vote for candidate 3; current count is 1.\nClient finished\n"));
                } else {
                    Twins.await(Twins.WAIT_LIMIT, () -> !server.process.isAlive());
                    assertFalse(server.process.isAlive(), build + " " + scenario + ": the server should have ended");
                }
                Result r = server.kill();
                results[build.ordinal()] = new Result(r.status(), Ed2VotePeer.withoutPorts(r.stdout()), r.stderr());
            }
        }
        assertSameResult(pair.server + ": " + scenario, results[0], results[1]);
        assertEquals(replies[0], replies[1], pair.server + ": " + scenario + ": the bytes sent back, C then Java");
        assertFalse(results[1].stderr().contains("Exception"), results[1].stderr());
        return results[0];
    }

    private static String handled(Result r) {
        return r.stdout().replaceFirst("(?s)^Binding to [^\n]*\nHandling client [^\n]*\n", "");
    }

    @Test
    void textServer() throws Exception {
        Pair p = Pair.TEXT;
        Result r = serverGets(p, "garbage", ascii("hello world\n"), true);
        assertEquals("Parse error, closing connection.\n", r.stderr());
        assertEquals(true, handled(r).startsWith("Received message (11 bytes)\nClient finished\n"), r.stdout());

        r = serverGets(p, "a delimiter inside the message", ascii("Voting\nv 5\n"), true);
        assertEquals("Parse error, closing connection.\n", r.stderr());
        assertEquals(true, handled(r).startsWith("Received message (6 bytes)\nClient finished\n"), r.stdout());

        r = serverGets(p, "a frame longer than the maximum (600 bytes, no newline)", ascii("x".repeat(600)), true);
        assertEquals("", r.stderr());
        assertEquals(true, handled(r).startsWith("Client finished\n"), r.stdout());

        r = serverGets(p, "a candidate out of range", ascii("Voting v  5000\n"), true);
        assertEquals(true, handled(r).startsWith("Received message (14 bytes)\n"
                + "Processed vote for candidate 5000; current count is 0.\nClient finished\n"), r.stdout());

        // the book's DelimFramer ends the program when the stream ends inside a message
        r = serverGets(p, "a close in the middle of a frame", ascii("Voting v 5"), false);
        assertEquals(new Result(1, r.stdout(), "GetNextMsg(): Stream ended prematurely\n"), r);
    }

    @Test
    void binServer() throws Exception {
        Pair p = Pair.BIN;
        Result r = serverGets(p, "garbage", p.frame(ascii("abcd")), true);
        assertEquals("Parse error, closing connection.\n", r.stderr());
        assertEquals(true, handled(r).startsWith("Received message (4 bytes)\nClient finished\n"), r.stdout());

        r = serverGets(p, "a message too short (3 bytes)", p.frame(bytes(0x54, 0, 0)), true);
        assertEquals("Parse error, closing connection.\n", r.stderr());

        r = serverGets(p, "a length prefix larger than the buffer (1024 > 500)",
                concat(bytes(0x04, 0x00), new byte[1024]), true);
        assertEquals("", r.stderr());
        assertEquals(true, handled(r).startsWith("Client finished\n"), r.stdout());

        r = serverGets(p, "a length prefix of 65535, 600 bytes sent", concat(bytes(0xff, 0xff), new byte[600]), true);
        assertEquals("", r.stderr(), "the 500 that fit were read; the rest dropped until the stream ended");
        assertEquals(true, handled(r).startsWith("Client finished\n"), r.stdout());

        r = serverGets(p, "a candidate out of range", p.frame(bytes(0x54, 0, 0x13, 0x88)), true);
        assertEquals(true, handled(r).startsWith("Received message (4 bytes)\n"
                + "Processed vote for candidate 5000; current count is 0.\nClient finished\n"), r.stdout());

        r = serverGets(p, "a close in the middle of a frame", bytes(0x00, 0x0c, 0x54, 0x00), true);
        assertEquals("Framing error: expected 12, read less\n", r.stderr());
        assertEquals(true, handled(r).startsWith("Client finished\n"), r.stdout());
    }

    /** A client of each build whose peer answers with these bytes; the two results compared. */
    private static Result clientGets(Pair pair, String scenario, byte[] reply) throws Exception {
        Recorded c = Ed2VotePeer.record(Build.C, pair, reply, "5");
        Recorded java = Ed2VotePeer.record(Build.JAVA, pair, reply, "5");
        assertSameResult(pair.client + ": " + scenario, c.client(), java.client());
        assertFalse(java.client().stderr().contains("Exception"), java.client().stderr());
        assertEquals(HEX.formatHex(pair.request(false, 5)), HEX.formatHex(c.request()), "C " + scenario + ": the request");
        assertEquals(HEX.formatHex(c.request()), HEX.formatHex(java.request()), scenario + ": the request, C then Java");
        assertEquals("", HEX.formatHex(c.after()) + HEX.formatHex(java.after()), scenario + ": nothing after the request");
        return c.client();
    }

    @ParameterizedTest
    @EnumSource(Pair.class)
    void client(Pair p) throws Exception {
        String sending = "Sending " + (p == Pair.TEXT ? 11 : 4) + "-byte vote for candidate 5...\n";
        assertEquals(new Result(1, sending, "Decode(): response not understood\n"),
                clientGets(p, "garbage", p.frame(ascii("garbage!"))));
        assertEquals(new Result(1, sending, "GetNextMsg(): no response, or one too long\n"),
                clientGets(p, "no response", new byte[0]));
        Result r = clientGets(p, "half a response", Arrays.copyOf(p.response(false, 5, 1), 6));
        assertEquals(p == Pair.TEXT
                        ? new Result(1, sending, "GetNextMsg(): Stream ended prematurely\n")
                        : new Result(1, sending, "Framing error: expected 12, read less\nGetNextMsg(): no response, or one too long\n"),
                r);
        // a response for a candidate the protocol has not (above MAX_CANDIDATE): printed as it came, as the book does
        assertEquals(new Result(0, sending + "Received:\n  Response to vote for candidate 5000\n  count = 3\n", ""),
                clientGets(p, "a candidate out of range in the response", p.response(false, 5000, 3)));
        if (p == Pair.TEXT) {
            // the delimiter inside a field: the message ends at it, before the count, so it does not decode
            assertEquals(new Result(1, sending, "Decode(): response not understood\n"),
                    clientGets(p, "a delimiter inside the response", ascii("Voting v R\n5 1\n")));
        }
        byte[] tooLong = p == Pair.TEXT ? ascii("y".repeat(700) + "\n") : concat(bytes(0x02, 0xbc), new byte[700]);
        assertEquals(new Result(1, sending, "GetNextMsg(): no response, or one too long\n"),
                clientGets(p, "a response longer than the maximum", tooLong));
    }
}
