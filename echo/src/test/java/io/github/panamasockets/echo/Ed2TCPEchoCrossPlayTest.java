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

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.github.panamasockets.echo.Ed2TCPEchoTest.CLIENT;
import static io.github.panamasockets.echo.Ed2TCPEchoTest.CLIENT4;
import static io.github.panamasockets.echo.Ed2TCPEchoTest.SERVER;
import static io.github.panamasockets.echo.Ed2TCPEchoTest.SERVER4;
import static io.github.panamasockets.echo.Ed2TCPEchoTest.SERVER6;
import static io.github.panamasockets.echo.Twins.assertSameResult;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The 2nd edition's TCP echo servers (ed2/TCPEchoServer4, TCPEchoServer6, TCPEchoServer), each
 * of both builds, against both clients (ed2/TCPEchoClient4, TCPEchoClient) of both builds, over
 * 127.0.0.1 and ::1 (TCPEchoClient4 only over 127.0.0.1: it takes no IPv6 address), with a word
 * longer than the servers' BUFSIZE (512); then a socket of this test, whose port is known, so
 * that the port each server prints is checked too. A client reaches a server when the server's
 * socket serves the client's family: TCPEchoServer4 IPv4, TCPEchoServer6 IPv6 (and IPv4 as
 * mapped addresses, unless net.ipv6.bindv6only), TCPEchoServer the family of the first address
 * getaddrinfo() offered that bound, which its "Binding to" line names. The server of each build
 * prints the same lines once the clients' ports are set aside.
 */
@Timeout(300)
class Ed2TCPEchoCrossPlayTest {

    private static final String V4 = "127.0.0.1";
    private static final String V6 = "::1";
    /** Longer than BUFSIZE (512): the server echoes it in more than one recv(), the clients read it in more. */
    private static final String LONG = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".repeat(20);
    /** "Handling client ADDRESS/PORT" (TCPEchoServer4, 6) or "ADDRESS-PORT" (PrintSocketAddress). */
    private static final Pattern HANDLING = Pattern.compile("Handling client (.+)([/-])(\\d+)\n");
    private static final Pattern BINDING = Pattern.compile("Binding to (.+)-(\\d+)\n");

    @BeforeAll
    static void prepare() throws Exception {
        Twins.prepare();
    }

    /** Whether an IPv6 socket bound to :: takes IPv4 clients too (as ::ffff:a.b.c.d): Linux's default, 0. */
    private static boolean dualStack() throws IOException {
        Path knob = Path.of("/proc/sys/net/ipv6/bindv6only");
        return !Files.exists(knob) || Files.readString(knob).trim().equals("0");
    }

    @ParameterizedTest
    @ValueSource(strings = {SERVER4, SERVER6, SERVER})
    void everyClientAgainstTheServer(String program) throws Exception {
        boolean protocolIndependent = program.equals(SERVER);
        char separator = protocolIndependent ? '-' : '/';  // PrintSocketAddress's, or the book's printf's
        Map<Build, String> outputs = new EnumMap<>(Build.class);
        for (Build serverBuild : Build.values()) {
            try (Server server = Server.start(serverBuild, program, true)) {
                String port = Integer.toString(server.port);
                StringBuilder expected = new StringBuilder();
                int lines = 0;
                boolean v4 = !program.equals(SERVER6) || dualStack();
                boolean v6 = program.equals(SERVER6);
                String mapped = "";  // what an IPv4 client's address looks like to the server: as is, or mapped
                if (program.equals(SERVER6)) {
                    mapped = "::ffff:";
                } else if (protocolIndependent) {
                    server.awaitLines(++lines);
                    Matcher m = BINDING.matcher(Twins.latin1(server.out.bytes()));
                    assertTrue(m.matches(), () -> "the first line is not Binding to ADDRESS-PORT: " + Twins.latin1(server.out.bytes()));
                    assertEquals(port, m.group(2), "the port bound");
                    String bound = m.group(1);
                    assertTrue(bound.equals("0.0.0.0") || bound.equals("::"), "bound to a wildcard address: " + bound);
                    v6 = bound.equals("::");
                    v4 = !v6 || dualStack();
                    mapped = v6 ? "::ffff:" : "";
                    expected.append("Binding to ").append(bound).append("-<port>\n");
                }
                for (String clientProgram : new String[] {CLIENT4, CLIENT}) {
                    for (Build clientBuild : Build.values()) {
                        for (String address : new String[] {V4, V6}) {
                            if (clientProgram.equals(CLIENT4) && address.equals(V6)) {
                                continue;  // inet_pton(AF_INET) refuses it: Ed2TCPEchoTest
                            }
                            String scenario = clientBuild + " " + clientProgram + " over " + address + " against "
                                    + serverBuild + " " + program;
                            Result client = Twins.program(clientBuild, clientProgram, address, LONG, port);
                            boolean served = address.equals(V4) ? v4 : v6;
                            if (served) {
                                assertEquals(new Result(0, "Received: " + LONG + "\n", ""), client, scenario);
                                expected.append("Handling client ").append(address.equals(V4) ? mapped + V4 : V6)
                                        .append(separator).append("<port>\n");
                                server.awaitLines(++lines);
                            } else {
                                String refused = clientProgram.equals(CLIENT)
                                        ? "SetupTCPClientSocket() failed: unable to connect\n"
                                        : "connect() failed: Connection refused\n";
                                assertEquals(new Result(1, "", refused), client, scenario);
                            }
                        }
                    }
                }
                // a client whose port the test knows: the server must print exactly that port
                for (String address : new String[] {V4, V6}) {
                    if (address.equals(V4) ? v4 : v6) {
                        int clientPort = echoFromSocket(address, server.port, "known-port");
                        String shown = (address.equals(V4) ? mapped + V4 : V6) + separator + clientPort;
                        server.awaitLines(++lines);
                        List<String> all = Twins.latin1(server.out.bytes()).lines().toList();
                        assertEquals("Handling client " + shown, all.get(all.size() - 1), serverBuild + " " + program);
                        expected.append("Handling client ").append(shown, 0, shown.lastIndexOf(separator) + 1).append("<port>\n");
                    }
                }
                Result result = server.kill();
                server.assertNothingLeft();
                assertEquals("", result.stderr(), serverBuild + " " + program + " reported an error");
                String output = withoutPorts(result.stdout());
                assertEquals(expected.toString(), output, serverBuild + " " + program);
                outputs.put(serverBuild, output);
                assertTrue(lines >= 1, "no client reached " + program);
            }
        }
        assertSameResult(program + " against every client", new Result(0, outputs.get(Build.C), ""),
                new Result(0, outputs.get(Build.JAVA), ""));
    }

    /** Connects from this test over address, sends the word, reads its echo, closes; returns the socket's local port. */
    private static int echoFromSocket(String address, int port, String word) throws IOException {
        byte[] sent = word.getBytes(StandardCharsets.US_ASCII);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getByName(address), port), 10_000);  // numeric: no lookup
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(sent);
            InputStream in = socket.getInputStream();
            byte[] echoed = in.readNBytes(sent.length);
            assertArrayEquals(sent, echoed, "the echo over " + address);
            return socket.getLocalPort();
        }
    }

    /** Every port a server printed, the clients' and its own, as <port>: they differ between runs. */
    private static String withoutPorts(String stdout) {
        List<String> out = new ArrayList<>();
        for (String line : stdout.split("(?<=\n)")) {
            Matcher h = HANDLING.matcher(line);
            Matcher b = BINDING.matcher(line);
            if (h.matches()) {
                out.add("Handling client " + h.group(1) + h.group(2) + "<port>\n");
            } else if (b.matches()) {
                out.add("Binding to " + b.group(1) + "-<port>\n");
            } else {
                out.add(line);
            }
        }
        return String.join("", out);
    }
}
