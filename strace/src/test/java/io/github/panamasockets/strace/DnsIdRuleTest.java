/* DnsIdRuleTest.java: rule dns-id on a C program and its Java twin whose getaddrinfo asks a name server.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.strace;

import java.util.List;

import org.junit.jupiter.api.Test;

import static io.github.panamasockets.strace.Captured.edit;
import static io.github.panamasockets.strace.Captured.lines;
import static io.github.panamasockets.strace.Captured.options;
import static io.github.panamasockets.strace.Captured.run;
import static io.github.panamasockets.strace.Captured.upTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * snippets/dns-query-{c,java}.raw: {@code bin/strace-compare --c 'native/build/ed2/TCPEchoClient
 * no-such-host.invalid w 7' --java 'echo/bin/ed2/TCPEchoClient ...'} run in a network namespace of
 * its own where 10.255.255.53 (this machine's resolv.conf) is on lo and a test name server answers
 * every query NXDOMAIN: libc's UDP socket to port 53, the A and AAAA queries in one sendmmsg, the two
 * answers, close, then "getaddrinfo() failed: Name or service not known".
 */
class DnsIdRuleTest {

    private static final String C = "snippets/dns-query-c.raw";
    private static final String JAVA = "snippets/dns-query-java.raw";

    private static NormalisedTrace normalise(List<String> raw) {
        return Normaliser.normalise(raw, options(0));
    }

    private static Verdict againstC(List<String> java) {
        return SideBySide.compare(normalise(lines(C)), normalise(java));
    }

    private static String first(List<String> lines, String prefix) {
        return lines.stream().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow(() -> new AssertionError(prefix));
    }

    /** The first two bytes of the first answer, as strace shows them. */
    private static String idOfTheFirstAnswer(List<String> raw) {
        String answer = raw.stream().filter(l -> l.contains(" recvfrom(")).findFirst().orElseThrow();
        int quote = answer.indexOf('"');
        return answer.substring(quote + 1, answer.indexOf("\\201\\203", quote));
    }

    @Test
    void theIdsDifferInTheRawTracesAndAreMaskedAndNothingElse() {
        assertNotEquals(idOfTheFirstAnswer(lines(C)), idOfTheFirstAnswer(lines(JAVA)), "drawn at random in each run");
        NormalisedTrace c = normalise(lines(C));
        NormalisedTrace java = normalise(lines(JAVA));
        Verdict v = SideBySide.compare(c, java);
        assertTrue(v.identical(), SideBySide.render("C", c, "Java", java, 100));
        assertEquals("connect(S1, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr(\"10.255.255.53\")}, 16) = 0",
                c.lines().get(3));
        String queries = first(c.lines(), "sendmmsg(S1, ");
        assertTrue(queries.contains("iov_base=\"<id>\\1\\0\\0\\1\\0\\0\\0\\0\\0\\0\\fno-such-host\\7invalid\\0\\0\\1\\0\\1\""), queries);
        assertTrue(queries.contains("iov_base=\"<id>\\1\\0\\0\\1\\0\\0\\0\\0\\0\\0\\fno-such-host\\7invalid\\0\\0\\34\\0\\1\""), queries);
        assertEquals("recvfrom(S1, \"<id>\\201\\203\\0\\1\\0\\0\\0\\0\\0\\0\\fno-such-host\\7invalid\\0\\0\\1\\0\\1\", 2048, 0, "
                + "{sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr(\"10.255.255.53\")}, [28 => 16]) = 38",
                first(c.lines(), "recvfrom(S1, "));
    }

    @Test
    void anotherQuestionIsStillCaught() {
        Verdict v = againstC(edit(lines(JAVA), "\\fno-such-host\\7invalid\\0\\0\\34", "\\fno-such-hosu\\7invalid\\0\\0\\34"));
        assertFalse(v.identical());
        assertTrue(v.right().startsWith("sendmmsg(S1, ") && v.right().contains("no-such-hosu"), v.right());
    }

    @Test
    void anotherAnswerIsStillCaught() {
        // the name server's flags: NXDOMAIN (\201\203) in C's trace, no error (\201\200) in the edited one
        List<String> java = lines(JAVA);
        String answer = java.stream().filter(l -> l.contains("recvfrom(5, ")).findFirst().orElseThrow();
        java.set(java.indexOf(answer), answer.replaceFirst("\\\\201\\\\203", "\\\\201\\\\200"));
        Verdict v = againstC(java);
        assertFalse(v.identical());
        assertTrue(v.right().startsWith("recvfrom(S1, \"<id>\\201\\200"), v.right());
    }

    @Test
    void aQueryMoreIsStillCaught() {
        List<String> java = lines(JAVA);
        String queries = java.stream().filter(l -> l.contains("sendmmsg(5, ")).findFirst().orElseThrow();
        java.add(java.indexOf(queries) + 1, queries);
        Verdict v = againstC(java);
        assertFalse(v.identical());
        assertTrue(v.left().startsWith("recvfrom(S1, "), v.left());
        assertTrue(v.right().startsWith("sendmmsg(S1, "), v.right());
    }

    @Test
    void aSocketConnectedElsewhereKeepsItsFirstBytes() {
        // a UDP echo server's datagrams: "hello" stays "hello"; a query's bytes to another port than 53 too
        List<String> calls = run(lines("snippets/udp-echo-reply.raw"), options(24567), upTo("dns-id")).events.stream()
                .map(Event::render).toList();
        assertTrue(calls.stream().anyMatch(l -> l.startsWith("recvfrom(S1, \"hello\", 255")), String.join("\n", calls));
        List<String> elsewhere = edit(lines(C), "sin_port=htons(53), sin_addr=inet_addr(\"10.255.255.53\")}, 16) = 0",
                "sin_port=htons(5353), sin_addr=inet_addr(\"10.255.255.53\")}, 16) = 0");
        String queries = first(normalise(elsewhere).lines(), "sendmmsg(S1, ");
        assertFalse(queries.contains("<id>"), queries);
    }
}
