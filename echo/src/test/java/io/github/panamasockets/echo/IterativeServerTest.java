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

import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.EnumMap;
import java.util.Map;

import static io.github.panamasockets.echo.Twins.HANDLING;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * TCPEchoServer, C build and Java build, in the same scenarios: same stdout, stderr and exit
 * status. The clients are the C client, so these are also the C client against the Java server.
 * A server runs until it is killed; it runs under stdbuf -oL so that each line is written when
 * printed, and so is the same whether the server is then killed or not.
 */
@Timeout(120)
class IterativeServerTest {

    @BeforeAll
    static void prepare() throws Exception {
        Twins.prepare();
    }

    @Test
    void usage() throws Exception {
        Twins.assertUsage(Twins.SERVER, new Result(1, "", "Usage: ./TCPEchoServer <Server Port>\n"), new String[0], new String[] {"1", "2"});
    }

    @Test
    void aPortInUse() throws Exception {
        Twins.assertPortInUse(false, Twins.SERVER);
    }

    @Test
    void threeClientsInTurn() throws Exception {
        Map<Build, Result> results = new EnumMap<>(Build.class);
        for (Build build : Build.values()) {
            try (Server server = Server.start(build, Twins.SERVER, true)) {
                for (int i = 1; i <= 3; i++) {
                    Result client = Twins.client(Build.C, "127.0.0.1", "word" + i, Integer.toString(server.port));
                    assertEquals(new Result(0, "Received: word" + i + "\n", ""), client, build + " server, client " + i);
                }
                server.awaitLines(3);
                results.put(build, server.kill());
                server.assertNothingLeft();
            }
        }
        Twins.assertServersPrinted("three clients", results, HANDLING.repeat(3));
    }

    @Test
    void aClientThatSendsNothing() throws Exception {
        Map<Build, Result> results = new EnumMap<>(Build.class);
        for (Build build : Build.values()) {
            try (Server server = Server.start(build, Twins.SERVER, true)) {
                try (Socket silent = new Socket()) {
                    silent.connect(new InetSocketAddress("127.0.0.1", server.port), 10_000);
                }  // closed without a byte sent: the server's first recv() returns 0
                server.awaitLines(1);
                Result client = Twins.client(Build.C, "127.0.0.1", "after", Integer.toString(server.port));
                assertEquals(new Result(0, "Received: after\n", ""), client, build + " server, next client");
                server.awaitLines(2);
                results.put(build, server.kill());
                server.assertNothingLeft();
            }
        }
        Twins.assertServersPrinted("a client that sends nothing", results, HANDLING.repeat(2));
    }
}
