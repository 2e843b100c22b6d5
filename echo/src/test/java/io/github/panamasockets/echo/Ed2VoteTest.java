/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.echo;

import io.github.panamasockets.echo.Ed2VotePeer.Pair;
import io.github.panamasockets.echo.Twins.Result;
import io.github.panamasockets.echo.Twins.Server;
import io.github.panamasockets.testkit.Build;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.EnumMap;
import java.util.Map;

import static io.github.panamasockets.echo.Twins.assertSameResult;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The vote protocol's programs, both pairings (VoteClientTCP/VoteServerTCP: text and newlines;
 * -bin: binary and lengths), C and Java: the usage lines, the client's candidate range check, a
 * server that is not there, then every client build against every server build (the four
 * cross-plays) with votes and inquiries, the counts carried from client to client, and the
 * server's output the same bytes in both builds.
 */
@Timeout(300)
class Ed2VoteTest {

    @BeforeAll
    static void prepare() throws Exception {
        Twins.prepare();
    }

    private static void same(String scenario, String program, String... args) throws Exception {
        Result c = Twins.program(Build.C, program, args);
        Result java = Twins.program(Build.JAVA, program, args);
        assertSameResult(scenario, c, java);
    }

    @ParameterizedTest
    @EnumSource(Pair.class)
    void usageAndRangeCheck(Pair pair) throws Exception {
        String clientUsage = "Parameter(s): <Server> <Port/Service> <Candidate> [I]\n";
        assertEquals(new Result(1, "", clientUsage), Twins.program(Build.C, pair.client), "the C client's usage");
        same(pair.client + " with no argument", pair.client);
        same(pair.client + " with 2 arguments", pair.client, "127.0.0.1", "1");
        same(pair.client + " with 5 arguments", pair.client, "127.0.0.1", "1", "2", "I", "x");
        assertEquals(new Result(1, "", "Parameter(s): <Server Port/Service>\n"), Twins.program(Build.C, pair.server),
                "the C server's usage");
        same(pair.server + " with no argument", pair.server);
        same(pair.server + " with 2 arguments", pair.server, "1", "2");
        // the book's range check, before any connection: 0..MAX_CANDIDATE (1000)
        assertEquals(new Result(1, "", "Candidate # not valid: 1001\n"),
                Twins.program(Build.C, pair.client, "127.0.0.1", "1", "1001"), "the C client's range check");
        same("candidate 1001", pair.client, "127.0.0.1", "1", "1001");
        same("candidate -1", pair.client, "127.0.0.1", "1", "-1", "I");
        same("candidate 4294967296 (atoi's overflow, as libc has it)", pair.client, "127.0.0.1", "1", "4294967296");
        // nobody listens on a free port: the connection is refused
        String port = Integer.toString(Twins.freePort());
        assertEquals(new Result(1, "", "SetupTCPClientSocket() failed: unable to connect\n"),
                Twins.program(Build.C, pair.client, "127.0.0.1", port, "5"), "the C client, no server");
        same("no server", pair.client, "127.0.0.1", port, "5");
    }

    @ParameterizedTest
    @EnumSource(Pair.class)
    void everyClientAgainstEveryServer(Pair pair) throws Exception {
        Map<Build, String> outputs = new EnumMap<>(Build.class);
        for (Build serverBuild : Build.values()) {
            try (Server server = Server.start(serverBuild, pair.server, true)) {
                String address = Ed2VotePeer.loopbackOf(server).getHostAddress().equals("127.0.0.1") ? "127.0.0.1" : "::1";
                String port = Integer.toString(server.port);
                String bound = Twins.latin1(server.out.bytes()).lines().findFirst().orElseThrow();
                StringBuilder expected = new StringBuilder(Ed2VotePeer.withoutPorts(bound + "\n"));
                int lines = 1;    // Binding to
                long votes = 0;   // for candidate 10 (a newline byte in the binary encoding), on this server
                long zeroes = 0;  // for candidate 0
                int size = pair == Pair.TEXT ? 12 : 4; // "Voting v  10", or header and candidate
                for (Build clientBuild : Build.values()) {
                    String scenario = clientBuild + " " + pair.client + " against " + serverBuild + " " + pair.server;
                    votes++;
                    assertEquals(new Result(0, "Sending " + size + "-byte vote for candidate 10...\nReceived:\n"
                                    + "  Response to vote for candidate 10\n  count = " + votes + "\n", ""),
                            Twins.program(clientBuild, pair.client, address, port, "10"), scenario + ": a vote");
                    expected.append(served(address, size, "vote", 10, votes));
                    assertEquals(new Result(0, "Sending " + size + "-byte inquiry for candidate 10...\nReceived:\n"
                                    + "  Response to inquiry for candidate 10\n  count = " + votes + "\n", ""),
                            Twins.program(clientBuild, pair.client, address, port, "10", "I"), scenario + ": an inquiry");
                    expected.append(served(address, size, "inquiry", 10, votes));
                    zeroes++;
                    int zeroSize = pair == Pair.TEXT ? size - 1 : size;
                    assertEquals(new Result(0, "Sending " + zeroSize + "-byte vote for candidate 0...\nReceived:\n"
                                    + "  Response to vote for candidate 0\n  count = " + zeroes + "\n", ""),
                            Twins.program(clientBuild, pair.client, address, port, "abc", "i"),
                            scenario + ": a candidate that is no number (0, as atoi reads it), and i, not I: a vote");
                    expected.append(served(address, zeroSize, "vote", 0, zeroes));
                    lines += 3 * 4;
                    server.awaitLines(lines);
                }
                Result result = server.kill();
                server.assertNothingLeft();
                assertEquals("", result.stderr(), serverBuild + " " + pair.server + " reported an error");
                outputs.put(serverBuild, Ed2VotePeer.withoutPorts(result.stdout()));
                assertEquals(expected.toString(), outputs.get(serverBuild), serverBuild + " " + pair.server + "'s output");
            }
        }
        assertSameResult(pair.server + " against every client", new Result(0, outputs.get(Build.C), ""),
                new Result(0, outputs.get(Build.JAVA), ""));
    }

    /** What a server prints for one client that sent one request and closed. */
    private static String served(String address, int size, String kind, int candidate, long count) {
        return "Handling client " + address + "-<port>\nReceived message (" + size + " bytes)\nProcessed " + kind
                + " for candidate " + candidate + "; current count is " + count + ".\nClient finished\n";
    }
}
