/* PortRuleTest.java: rule ports on the C iterative server and client.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.strace;

import java.util.List;

import org.junit.jupiter.api.Test;

import static io.github.panamasockets.strace.Captured.lines;
import static io.github.panamasockets.strace.Captured.options;
import static io.github.panamasockets.strace.Captured.run;
import static io.github.panamasockets.strace.Captured.upTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PortRuleTest {

    private static List<String> calls(String resource, int port) {
        return run(lines(resource), options(port), upTo("ports")).events.stream()
                .filter(e -> e.type == Event.Type.CALL).map(Event::render).toList();
    }

    @Test
    void theGivenPortIsPortAndTheClientsEphemeralPortIsMasked() {
        int port = Captured.port("iterative-server", "c");
        List<String> calls = calls("traces/iterative-server/c.raw", port);
        assertEquals("bind(S1, {sa_family=AF_INET, sin_port=htons(PORT), sin_addr=inet_addr(\"0.0.0.0\")}, 16) = 0", calls.get(1));
        assertEquals("accept(S1, {sa_family=AF_INET, sin_port=htons(EPHEMERAL), sin_addr=inet_addr(\"127.0.0.1\")}, [16]) = A1",
                calls.get(3));
    }

    @Test
    void aPortTheProgramPassesIsNeverMasked() {
        // told another port than the one it bound: the bound port's number shows
        List<String> bound = calls("traces/iterative-server/c.raw", 20000);
        assertEquals("bind(S1, {sa_family=AF_INET, sin_port=htons(" + Captured.port("iterative-server", "c")
                + "), sin_addr=inet_addr(\"0.0.0.0\")}, 16) = 0", bound.get(1));
        // a client connecting to a port in the ephemeral range that it was not given: the number shows
        List<String> raw = Captured.edit(lines("traces/client/c.raw"), "sin_port=htons(26130)", "sin_port=htons(40001)");
        List<String> connected = run(raw, options(26130), upTo("ports")).events.stream()
                .map(Event::render).filter(s -> s.startsWith("connect")).toList();
        assertTrue(connected.get(0).contains("sin_port=htons(40001)"), connected.get(0));
    }

    @Test
    void aUdpServersReplyToTheEphemeralPortTheKernelGaveItIsMaskedAnotherIsNot() {
        // the C twin of bindings/example's UdpEchoServer on port 24567: recvfrom wrote the client's port 45378, sendto
        // sends the echo back there
        List<String> calls = calls("snippets/udp-echo-reply.raw", 24567);
        assertTrue(calls.contains("recvfrom(S1, \"hello\", 255, 0, {sa_family=AF_INET, sin_port=htons(EPHEMERAL), "
                + "sin_addr=inet_addr(\"127.0.0.1\")}, [16]) = 5"), String.join("\n", calls));
        assertTrue(calls.contains("sendto(S1, \"hello\", 5, 0, {sa_family=AF_INET, sin_port=htons(EPHEMERAL), "
                + "sin_addr=inet_addr(\"127.0.0.1\")}, 16) = 5"), String.join("\n", calls));
        // a reply to another ephemeral port than the kernel reported: the number shows
        List<String> raw = Captured.edit(lines("snippets/udp-echo-reply.raw"),
                "\"hello\", 5, 0, {sa_family=AF_INET, sin_port=htons(45378)", "\"hello\", 5, 0, {sa_family=AF_INET, sin_port=htons(45379)");
        List<String> other = run(raw, options(24567), upTo("ports")).events.stream().map(Event::render)
                .filter(s -> s.startsWith("sendto")).toList();
        assertTrue(other.get(0).contains("sin_port=htons(45379)"), other.get(0));
    }
}
