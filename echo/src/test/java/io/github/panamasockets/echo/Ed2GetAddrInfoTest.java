/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.echo;

import io.github.panamasockets.echo.Twins.Result;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

import static io.github.panamasockets.echo.Twins.assertSameResult;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The 2nd edition's GetAddrInfo, C build and Java build, for the same arguments: same stdout,
 * stderr and exit status; and what each prints is what the lookup should give.
 */
@Timeout(120)
class Ed2GetAddrInfoTest {

    private static final String PROGRAM = "ed2/GetAddrInfo";
    private static final String USAGE = "Parameter(s): <Address/Name> <Port/Service>\n";
    private static final String FAILED = "getaddrinfo() failed: ";

    @BeforeAll
    static void prepare() throws Exception {
        Twins.prepare();
    }

    /** Runs the program of both builds with the same arguments; asserts they agree; returns Java's result. */
    private static Result both(String scenario, String... args) throws Exception {
        return Twins.both(scenario, PROGRAM, args);
    }

    private static void assertFailed(Result r) {
        assertEquals("", r.stdout());
        assertTrue(r.stderr().startsWith(FAILED) && r.stderr().endsWith("\n")
                && r.stderr().length() > FAILED.length() + 1, r.stderr());
        assertEquals(1, r.status());
    }

    @Test
    void wrongArgumentCountsPrintTheUsageAndExit1() throws Exception {
        for (String[] args : new String[][] {{}, {"localhost"}, {"localhost", "7", "extra"}}) {
            assertEquals(new Result(1, "", USAGE), both("usage with " + args.length + " arguments", args));
        }
    }

    @Test
    void numericAddressesPrintAsGiven() throws Exception {
        assertEquals(new Result(0, "127.0.0.1-7\n", ""), both("127.0.0.1 7", "127.0.0.1", "7"));
        assertEquals(new Result(0, "::1-7\n", ""), both("::1 7", "::1", "7"));
        // port 0 is no port: PrintSocketAddress leaves it out
        assertEquals(new Result(0, "127.0.0.1\n", ""), both("127.0.0.1 0", "127.0.0.1", "0"));
    }

    @Test
    void localhostGivesLoopbackAddressesOnly() throws Exception {
        Result r = both("localhost 7", "localhost", "7");
        assertEquals(0, r.status(), r.stderr());
        assertEquals("", r.stderr());
        assertTrue(Pattern.matches("((127\\.\\d+\\.\\d+\\.\\d+|::1)-7\n)+", r.stdout()), r.stdout());
    }

    @Test
    void ip6LocalhostByServiceName() throws Exception {
        String hosts = Files.readString(Path.of("/etc/hosts"));
        assumeTrue(Pattern.compile("(?m)^\\s*::1\\s.*\\bip6-localhost\\b").matcher(hosts).find(),
                "assumes /etc/hosts maps ip6-localhost to ::1 (it does not here)");
        String services = Files.readString(Path.of("/etc/services"));
        assumeTrue(Pattern.compile("(?m)^echo\\s+7/tcp\\b").matcher(services).find(),
                "assumes /etc/services names echo 7/tcp");
        assertEquals(new Result(0, "::1-7\n", ""), both("ip6-localhost echo", "ip6-localhost", "echo"));
    }

    @Test
    void anUnknownHostFailsWithGaiStrerrorsText() throws Exception {
        assertFailed(both("unknown host", OnlyLoopback.UNKNOWN_HOST, "7"));
    }

    @Test
    void anUnknownServiceFails() throws Exception {
        assertFailed(both("unknown service", "127.0.0.1", "no-such-service"));
    }

    @Test
    void anAddressOutOfRangeIsTakenForANameAndFails() throws Exception {
        // a name to getaddrinfo(): asked in a namespace of lo alone, never of the name server
        assertEquals(new Result(1, "", FAILED + "Temporary failure in name resolution\n"),
                OnlyLoopback.both("999.1.1.1", PROGRAM, "999.1.1.1", "7"));
    }
}
