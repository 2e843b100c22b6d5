/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.echo;

import io.github.panamasockets.echo.Twins.Result;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Map;

import static io.github.panamasockets.echo.Twins.assertSameResult;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The 2nd edition's TCP echo programs (ed2/TCPEchoClient4, TCPEchoServer4, TCPEchoServer6,
 * TCPEchoClient, TCPEchoServer), C build and Java build, where they fail: the usage lines, what
 * a client cannot connect to, a service or host getaddrinfo() does not know, a port in use.
 * Same stdout, stderr and exit status in both builds, and the book's messages. The echo itself,
 * every client against every server: Ed2TCPEchoCrossPlayTest.
 */
@Timeout(180)
class Ed2TCPEchoTest {

    static final String CLIENT4 = "ed2/TCPEchoClient4";
    static final String CLIENT = "ed2/TCPEchoClient";
    static final String SERVER4 = "ed2/TCPEchoServer4";
    static final String SERVER6 = "ed2/TCPEchoServer6";
    static final String SERVER = "ed2/TCPEchoServer";

    private static final String UNKNOWN_HOST = OnlyLoopback.UNKNOWN_HOST;

    @BeforeAll
    static void prepare() throws Exception {
        Twins.prepare();
    }

    /** Runs a program of both builds with the same arguments; asserts they agree; returns Java's result. */
    private static Result both(String scenario, String program, String... args) throws Exception {
        return Twins.both(program + ": " + scenario, program, args);
    }

    /** Both builds end with status 1, nothing on stdout, and this line on stderr. */
    private static void assertFails(String stderr, String program, String... args) throws Exception {
        Result r = both(String.join(" ", args), program, args);
        assertEquals(new Result(1, "", stderr), r, program + " " + String.join(" ", args));
    }

    @Test
    void usageLines() throws Exception {
        Map<String, String> usage = Map.of(
                CLIENT4, "<Server Address> <Echo Word> [<Server Port>]",
                CLIENT, "<Server Address/Name> <Echo Word> [<Server Port/Service>]",
                SERVER4, "<Server Port>",
                SERVER6, "<Server Port>",
                SERVER, "<Server Port/Service>");
        String[][] clientArgs = {{}, {"127.0.0.1"}, {"127.0.0.1", "word", "7", "extra"}};
        String[][] serverArgs = {{}, {"7", "extra"}};
        for (Map.Entry<String, String> e : usage.entrySet()) {
            String[][] wrong = e.getKey().contains("Client") ? clientArgs : serverArgs;
            for (String[] args : wrong) {
                assertFails("Parameter(s): " + e.getValue() + "\n", e.getKey(), args);
            }
        }
    }

    @Test
    void client4TakesOnlyIPv4AddressesAsText() throws Exception {
        // inet_pton(AF_INET, ...) returns 0 for these, before any connection is tried
        for (String address : new String[] {"::1", "999.1.1.1", "localhost"}) {
            assertFails("inet_pton() failed: invalid address string\n", CLIENT4, address, "word", "7");
        }
    }

    @Test
    void aClosedPort() throws Exception {
        String closed = Integer.toString(Twins.freePort());  // bound by nobody, so nothing listens
        assertFails("connect() failed: Connection refused\n", CLIENT4, "127.0.0.1", "word", closed);
        // SetupTCPClientSocket() keeps connect()'s reason to itself: the book's own message only
        for (String address : new String[] {"127.0.0.1", "::1"}) {
            assertFails("SetupTCPClientSocket() failed: unable to connect\n", CLIENT, address, "word", closed);
        }
    }

    @Test
    void withoutAPortTheEchoPort7() throws Exception {
        // TCPEchoClient4 takes port 7, TCPEchoClient the service "echo": whatever port 7 of
        // loopback does on this machine, both builds of each meet the same
        both("default port", CLIENT4, "127.0.0.1", "word");
        both("default service", CLIENT, "127.0.0.1", "word");
    }

    @Test
    void aHostGetaddrinfoDoesNotKnow() throws Exception {
        assertFails("getaddrinfo() failed: " + Ed2Gai.failure(UNKNOWN_HOST, "7") + "\n", CLIENT, UNKNOWN_HOST, "word", "7");
    }

    @Test
    void anAddressOutOfRangeIsTakenForAName() throws Exception {
        // TCPEchoClient passes 999.1.1.1 to getaddrinfo(), which takes it for a name and fails
        Result r = OnlyLoopback.both("999.1.1.1", CLIENT, "999.1.1.1", "word", "7");
        assertEquals(new Result(1, "", "getaddrinfo() failed: Temporary failure in name resolution\n"), r);
    }

    @Test
    void client4TakesItsPortAsANumberOnly() throws Exception {
        // atoi("echo") is 0: connect() to port 0 is refused; the service name is never looked up
        assertFails("connect() failed: Connection refused\n", CLIENT4, "127.0.0.1", "word", "echo");
    }

    @Test
    void aServiceGetaddrinfoDoesNotKnow() throws Exception {
        String service = "no-such-service";
        assertFails("getaddrinfo() failed: " + Ed2Gai.failure("127.0.0.1", service) + "\n", CLIENT, "127.0.0.1", "word", service);
        assertFails("getaddrinfo() failed: " + Ed2Gai.failure(null, service) + "\n", SERVER, service);
    }

    @Test
    void aPortInUse() throws Exception {
        try (ServerSocket holder = new ServerSocket()) {
            holder.setReuseAddress(false);
            holder.bind(new InetSocketAddress(Twins.freePort()));  // the wildcard: IPv6 and IPv4
            String port = Integer.toString(holder.getLocalPort());
            assertFails("bind() failed: Address already in use\n", SERVER4, port);
            assertFails("bind() failed: Address already in use\n", SERVER6, port);
            // SetupTCPServerSocket() tries every address getaddrinfo() gave, then gives up: the
            // book names the service, not bind()'s reason, and prints no "Binding to" line
            assertFails("SetupTCPServerSocket() failed: " + port + "\n", SERVER, port);
        }
    }
}
