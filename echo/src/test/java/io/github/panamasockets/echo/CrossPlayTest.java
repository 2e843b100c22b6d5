/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.echo;

import io.github.panamasockets.echo.Twins.Result;
import io.github.panamasockets.echo.Twins.Server;
import io.github.panamasockets.testkit.Build;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.EnumMap;
import java.util.Map;

import static io.github.panamasockets.echo.Twins.assertSameResult;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every client against every server: the C and the Java client each talk to the C and to the
 * Java server, iterative and forking. Every client prints the same; each server prints the
 * same whichever build it is.
 */
@Timeout(120)
class CrossPlayTest {

    @BeforeAll
    static void prepare() throws Exception {
        Twins.prepare();
    }

    @ParameterizedTest
    @ValueSource(strings = {Twins.SERVER, Twins.FORK_SERVER})
    void everyClientAgainstEveryServer(String program) throws Exception {
        Map<Build, Result> servers = new EnumMap<>(Build.class);
        for (Build serverBuild : Build.values()) {
            try (Server server = Server.start(serverBuild, program, true)) {
                int lines = 0;
                for (Build clientBuild : Build.values()) {
                    String word = "from-" + clientBuild;
                    Result client = Twins.client(clientBuild, "127.0.0.1", word, Integer.toString(server.port));
                    assertEquals(new Result(0, "Received: " + word + "\n", ""), client,
                            clientBuild + " client against " + serverBuild + " " + program);
                    server.children();  // remember the fork server's children, to kill them should it fail
                    lines += program.equals(Twins.FORK_SERVER) ? 2 : 1;
                    server.awaitLines(lines);
                }
                servers.put(serverBuild, server.kill());
                server.assertNothingLeft();
            }
        }
        assertSameResult(program + " against both clients", servers.get(Build.C), servers.get(Build.JAVA));
        String expected = program.equals(Twins.FORK_SERVER)
                ? "Handling client 127.0.0.1\nwith child process: <pid1>\nHandling client 127.0.0.1\nwith child process: <pid2>\n"
                : "Handling client 127.0.0.1\nHandling client 127.0.0.1\n";
        assertEquals(expected, servers.get(Build.JAVA).normalised().stdout());
    }
}
