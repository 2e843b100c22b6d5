/* GetaddrinfoTraceTest.java: rules program-thread and netlink on a C program and its Java twin that call getaddrinfo first.
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
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * snippets/getaddrinfo-{c,java}.raw: GaiProbe (snippets/getaddrinfo/) looks up "::1" then
 * "localhost" with AF_UNSPEC and AI_ADDRCONFIG, and connects to each result, against an IPv4-only
 * server on port 23917: the ::1 attempt is refused, the 127.0.0.1 one connects. Both builds talk
 * to nscd and netlink on the program's thread; the JVM's main thread also asked nscd at start-up.
 */
class GetaddrinfoTraceTest {

    private static final String C = "snippets/getaddrinfo-c.raw";
    private static final String JAVA = "snippets/getaddrinfo-java.raw";
    private static final int PORT = 23917;

    private static NormalisedTrace normalise(List<String> raw) {
        return Normaliser.normalise(raw, options(PORT));
    }

    @Test
    void theAnchorIsTheProgramsFirstSocketAnAf_inet6One() {
        Trace c = run(lines(C), options(PORT), upTo("follow-forks"));
        Trace java = run(lines(JAVA), options(PORT), upTo("follow-forks"));
        Event inC = ProgramThreadRule.findAnchor(c);
        Event inJava = ProgramThreadRule.findAnchor(java);
        assertNotNull(inC);
        assertNotNull(inJava);
        assertEquals("socket(AF_INET6, SOCK_STREAM, IPPROTO_TCP) = 3", inC.render());
        assertEquals("socket(AF_INET6, SOCK_STREAM, IPPROTO_TCP) = 4", inJava.render());
        assertEquals(32492, inJava.tid); // the JVM's main thread, not its first (32491)
        // neither the resolver's AF_NETLINK and AF_UNIX sockets before it, nor the JVM's own nscd socket, is the anchor
        assertTrue(java.events.stream().anyMatch(e -> e.tid == 32492 && e.isCall("socket") && e.args.startsWith("AF_UNIX")
                && e.order() < inJava.order()));
    }

    @Test
    void bothBuildsAreIdenticalAndTheIpv6AttemptIsCompared() {
        NormalisedTrace c = normalise(lines(C));
        NormalisedTrace java = normalise(lines(JAVA));
        Verdict v = SideBySide.compare(c, java);
        assertTrue(v.identical(), SideBySide.render("C", c, "Java", java, 90));
        assertEquals("socket(AF_INET6, SOCK_STREAM, IPPROTO_TCP) = S1", c.lines().get(1));
        assertTrue(c.lines().get(2).startsWith("connect(S1, {sa_family=AF_INET6, sin6_port=htons(PORT)"), c.lines().get(2));
        assertTrue(c.lines().get(2).endsWith("= -1 ECONNREFUSED (Connection refused)"), c.lines().get(2));
        // the second lookup's resolver traffic comes after the anchor: compared, its run-specific numbers masked
        assertTrue(c.lines().contains("getsockname(S2, {sa_family=AF_NETLINK, nl_pid=P1, nl_groups=00000000}, [12]) = 0"),
                String.join("\n", c.lines()));
        assertTrue(c.lines().stream().anyMatch(l -> l.startsWith("sendto(S2, [{nlmsg_len=20, nlmsg_type=RTM_GETADDR, "
                + "nlmsg_flags=NLM_F_REQUEST|NLM_F_DUMP, nlmsg_seq=SEQ, nlmsg_pid=0}")), String.join("\n", c.lines()));
        assertTrue(c.lines().contains("connect(S3, {sa_family=AF_UNIX, sun_path=\"/var/run/nscd/socket\"}, 110) = "
                + "-1 ENOENT (No such file or directory)"), String.join("\n", c.lines()));
        assertTrue(c.lines().contains("connect(S4, {sa_family=AF_INET, sin_port=htons(PORT), sin_addr=inet_addr(\"127.0.0.1\")}, 16) = 0"));
        // what was set aside before the anchor is listed, never silently dropped
        assertTrue(java.notes().stream().anyMatch(n -> n.contains("socket(AF_NETLINK, SOCK_RAW|SOCK_CLOEXEC, NETLINK_ROUTE) on the program thread")),
                String.join("\n", java.notes()));
    }

    @Test
    void netlinksPidAndSequenceNumberAreMaskedAndNothingElse() {
        Trace t = run(lines(C), options(PORT), upTo("netlink"));
        List<String> netlink = t.events.stream().map(Event::render).filter(r -> r.contains("AF_NETLINK") || r.contains("nlmsg")).toList();
        assertFalse(netlink.isEmpty());
        assertTrue(netlink.stream().noneMatch(r -> r.contains("32486") || r.contains("1796284378")), String.join("\n", netlink));
        // the kernel's answer, this machine's addresses, is compared as written
        assertTrue(netlink.stream().anyMatch(r -> r.contains("inet_pton(AF_INET6, \"::1\")") && r.contains("nlmsg_pid=P1")));
    }

    @Test
    void anotherAnswerFromTheKernelIsStillCaught() {
        // rule netlink masks the pid and the sequence number only: the interfaces' addresses the kernel
        // gave the second lookup (after the anchor) stay compared, here lo's prefix length
        List<String> java = lines(JAVA);
        String answer = java.stream().filter(l -> l.contains("recvmsg(4,") && l.contains("ifa_prefixlen=8")).reduce((a, b) -> b)
                .orElseThrow();
        java.set(java.indexOf(answer), answer.replaceFirst("ifa_prefixlen=8", "ifa_prefixlen=16"));
        Verdict v = SideBySide.compare(normalise(lines(C)), normalise(java));
        assertFalse(v.identical());
        assertTrue(v.left().startsWith("recvmsg(S2,") && v.left().contains("ifa_prefixlen=8"), v.left());
        assertTrue(v.right().contains("ifa_prefixlen=16") && v.right().contains("nlmsg_seq=SEQ, nlmsg_pid=P1"), v.right());
    }

    @Test
    void aMissingIpv6ConnectIsStillCaught() {
        // a twin that skipped its ::1 attempt's connect: its AF_INET6 socket, opened and closed unused, now looks
        // like a runtime probe and the Java story starts later; the difference shows at once, on the first socket
        List<String> java = lines(JAVA);
        java.removeIf(l -> l.contains("connect(4, {sa_family=AF_INET6"));
        Verdict v = SideBySide.compare(normalise(lines(C)), normalise(java));
        assertFalse(v.identical());
        assertEquals(1, v.line());
        assertEquals("socket(AF_INET6, SOCK_STREAM, IPPROTO_TCP) = S1", v.left());
        assertTrue(v.right().startsWith("socket(AF_INET, SOCK_STREAM, IPPROTO_TCP) = S1"), v.right());
    }

    @Test
    void aSecondAddressQueryInOneBuildIsStillCaught() {
        // a twin whose second lookup asked the kernel twice: one netlink sendto more
        List<String> java = lines(JAVA);
        String send = java.stream().filter(l -> l.contains("sendto(4, [{nlmsg_len=20")).reduce((a, b) -> b).orElseThrow();
        java.add(java.indexOf(send) + 1, send);
        Verdict v = SideBySide.compare(normalise(lines(C)), normalise(java));
        assertFalse(v.identical());
        assertTrue(v.left().startsWith("recvmsg(S2,"), v.left());
        assertTrue(v.right().startsWith("sendto(S2, [{nlmsg_len=20"), v.right());
    }

    @Test
    void aDifferentPortInTheIpv4ConnectIsStillCaught() {
        List<String> java = edit(lines(JAVA), "sin_port=htons(23917), sin_addr=inet_addr(\"127.0.0.1\")",
                "sin_port=htons(23918), sin_addr=inet_addr(\"127.0.0.1\")");
        Verdict v = SideBySide.compare(normalise(lines(C)), normalise(java));
        assertFalse(v.identical());
        assertTrue(v.right().startsWith("connect(S4, {sa_family=AF_INET, sin_port=htons(23918)"), v.right());
    }
}
