/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.echo;

import io.github.panamasockets.echo.Twins.Result;
import io.github.panamasockets.testkit.Build;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.github.panamasockets.echo.Twins.assertSameResult;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * UDPEchoClient, C build and Java build, for the same invocations: same stdout, stderr and exit
 * status. The echo server is the C UDP server, so these are also the Java client against the C
 * server. The book's client waits for its reply without a bound (a lost datagram leaves it
 * waiting forever), so every run here is one whose reply comes or whose send fails; Twins.run
 * kills a client that overruns and fails the test.
 */
@Timeout(120)
class UDPEchoClientTest {

    static final String CLIENT = "UDPEchoClient";
    static final String SERVER = "UDPEchoServer";
    private static final String USAGE = "Usage: ./UDPEchoClient <Server IP> <Echo Word> [<Echo Port>]\n";
    private static final String UNKNOWN_SOURCE = "Error: received a packet from unknown source.\n";
    /** The reply wait of the fake servers below: the client has sent its word well before. */
    private static final int FAKE_WAIT_MS = 20_000;

    @RegisterExtension
    static final CEchoServer C_SERVER = CEchoServer.udp(SERVER);

    /** Runs the client of both builds with the same arguments; asserts they agree; returns Java's result. */
    private static Result both(String scenario, String... args) throws Exception {
        return Twins.both(scenario, CLIENT, args);
    }

    private static String word(int length) {
        return Twins.word(length);
    }

    private static void assertEcho(Result r, String word) {
        assertEquals(new Result(0, "Received: " + word + "\n", ""), r);
    }

    private static void assertFailure(Result r, String stderr) {
        assertEquals(new Result(1, "", stderr), r);
    }

    @Test
    void wrongArgumentCountsPrintTheUsageAndExit1() throws Exception {
        for (String[] args : new String[][] {{}, {"127.0.0.1"}, {"127.0.0.1", "hello", C_SERVER.port(), "extra"}}) {
            assertFailure(both("usage with " + args.length + " arguments", args), USAGE);
        }
    }

    @Test
    void wordsUpToEchoMaxComeBack() throws Exception {
        for (int length : new int[] {1, 5, 254, 255}) {  // ECHOMAX is 255: the longest word the book sends
            String w = word(length);
            assertEcho(both(length + "-byte word", "127.0.0.1", w, C_SERVER.port()), w);
        }
    }

    @Test
    void formatDirectivesInTheWordArePrintedAsTheyAre() throws Exception {
        assertEcho(both("word with %n%s%x", "127.0.0.1", "a%n%s%xb", C_SERVER.port()), "a%n%s%xb");
    }

    @Test
    void aZeroByteWordIsAnEmptyDatagramBothWays() throws Exception {
        // sendto() of 0 bytes is one empty datagram; the server echoes it, and recvfrom() returns 0
        assertEcho(both("zero-byte word", "127.0.0.1", "", C_SERVER.port()), "");
    }

    @Test
    void aWordLongerThanEchoMaxIsRefusedBeforeAnySocket() throws Exception {
        // DieWithError after strlen(): errno is still 0 there, so perror adds "Success"
        assertFailure(both("256-byte word", "127.0.0.1", word(256), C_SERVER.port()), "Echo word too long: Success\n");
    }

    @Test
    void anAddressThatInetAddrRejects() throws Exception {
        // inet_addr("999.1.1.1") is INADDR_NONE, 255.255.255.255: the limited broadcast address.
        // sendto() there from a socket without SO_BROADCAST fails at once (EACCES on Linux), so the
        // book's client ends instead of waiting; the run is bounded anyway (Twins.RUN_LIMIT).
        Result r = both("999.1.1.1", "999.1.1.1", "hello", C_SERVER.port());
        assertEquals("", r.stdout());
        assertEquals(1, r.status());
        assertTrue(r.stderr().startsWith("sendto() sent a different number of bytes than expected: "), r.stderr());
    }

    @Test
    void aHostNameIsNoAddressToInetAddr() throws Exception {
        // the 1st edition's client looks up no name: inet_addr() makes any name INADDR_NONE, as 999.1.1.1
        for (String host : new String[] {"no-such-host.invalid", "localhost"}) {
            Result r = both("host " + host, host, "hello", C_SERVER.port());
            assertEquals("", r.stdout());
            assertEquals(1, r.status());
            assertTrue(r.stderr().startsWith("sendto() sent a different number of bytes than expected: "), r.stderr());
        }
    }

    @Test
    void aPortThatIsNotANumber() throws Exception {
        // atoi("abc") is 0, and sendto() refuses port 0 at once
        Result r = both("port abc", "127.0.0.1", "hello", "abc");
        assertFailure(r, "sendto() sent a different number of bytes than expected: Invalid argument\n");
    }

    /**
     * The book checks the reply's source address, not its port: a reply from 127.0.0.1 but from
     * another socket (another port) than the one the word went to is taken as the echo.
     */
    @Test
    void aReplyFromTheServersAddressButAnotherPortIsAccepted() throws Exception {
        Result[] results = new Result[2];
        for (Build build : Build.values()) {
            results[build.ordinal()] = againstFake(build, "other-port", InetAddress.getByName("127.0.0.1"), false);
        }
        assertSameResult("reply from another port", results[0], results[1]);
        assertEcho(results[1], "other-port");
    }

    /** A reply of the right length from another address (127.0.0.2, on the loopback interface too) is rejected. */
    @Test
    void aReplyFromAnotherAddressIsRejected() throws Exception {
        Result[] results = new Result[2];
        for (Build build : Build.values()) {
            results[build.ordinal()] = againstFake(build, "stranger", InetAddress.getByName("127.0.0.2"), false);
        }
        assertSameResult("reply from 127.0.0.2", results[0], results[1]);
        assertFailure(results[1], UNKNOWN_SOURCE);
    }

    /** A reply of another length fails recvfrom()'s check before the address is looked at; errno is 0. */
    @Test
    void aReplyOfAnotherLengthIsAFailedRecvfrom() throws Exception {
        Result[] results = new Result[2];
        for (Build build : Build.values()) {
            results[build.ordinal()] = againstFake(build, "short", InetAddress.getByName("127.0.0.1"), true);
        }
        assertSameResult("a shorter reply", results[0], results[1]);
        assertFailure(results[1], "recvfrom() failed: Success\n");
    }

    /**
     * Runs the client against a fake server on 127.0.0.1 (port 0, then getsockname): it takes the
     * client's word, then answers the client's port from a second socket bound to {@code from}
     * (port 0): the word itself, or the word less its last byte when {@code shorter}.
     */
    private static Result againstFake(Build build, String word, InetAddress from, boolean shorter) throws Exception {
        try (DatagramSocket fake = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
             DatagramSocket other = new DatagramSocket(new InetSocketAddress(from, 0))) {
            fake.setSoTimeout(FAKE_WAIT_MS);
            String fakePort = Integer.toString(fake.getLocalPort());
            CompletableFuture<Result> client = CompletableFuture.supplyAsync(() -> {
                try {
                    return Twins.program(build, CLIENT, "127.0.0.1", word, fakePort);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            DatagramPacket got = new DatagramPacket(new byte[512], 512);
            fake.receive(got);  // SocketTimeoutException if the client never sent
            byte[] sent = Arrays.copyOf(got.getData(), got.getLength());
            assertArrayEquals(word.getBytes(StandardCharsets.US_ASCII), sent, build + " client's datagram");
            byte[] reply = shorter ? Arrays.copyOf(sent, sent.length - 1) : sent;
            other.send(new DatagramPacket(reply, reply.length, got.getSocketAddress()));
            return client.get(Twins.RUN_LIMIT.toSeconds() + 10, TimeUnit.SECONDS);
        }
    }
}
