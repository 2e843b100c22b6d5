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

import java.util.EnumMap;
import java.util.Map;

import static io.github.panamasockets.echo.Twins.assertSameResult;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every UDP client against every UDP server: the C and the Java client each talk to the C and to
 * the Java server. Every client prints the same; each server prints the same whichever build it is.
 */
@Timeout(120)
class UDPEchoCrossPlayTest {

    @BeforeAll
    static void prepare() throws Exception {
        Twins.prepare();
    }

    @Test
    void everyClientAgainstEveryServer() throws Exception {
        Map<Build, Result> servers = new EnumMap<>(Build.class);
        for (Build serverBuild : Build.values()) {
            try (Server server = Server.startUdp(serverBuild, UDPEchoClientTest.SERVER, true)) {
                int lines = 0;
                for (Build clientBuild : Build.values()) {
                    String word = "from-" + clientBuild;
                    Result client = Twins.program(clientBuild, UDPEchoClientTest.CLIENT,
                            "127.0.0.1", word, Integer.toString(server.port));
                    assertEquals(new Result(0, "Received: " + word + "\n", ""), client,
                            clientBuild + " client against " + serverBuild + " server");
                    server.awaitLines(++lines);
                }
                servers.put(serverBuild, server.kill());
                server.assertNothingLeft();
            }
        }
        assertSameResult("UDPEchoServer against both clients", servers.get(Build.C), servers.get(Build.JAVA));
        assertEquals(new Result(servers.get(Build.JAVA).status(), "Handling client 127.0.0.1\n".repeat(2), ""),
                servers.get(Build.JAVA));
    }
}
