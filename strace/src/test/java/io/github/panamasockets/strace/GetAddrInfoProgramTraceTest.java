/* GetAddrInfoProgramTraceTest.java: the 2nd edition's GetAddrInfo, a program that resolves and opens no socket: output and status compared, libc's look-up not.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.strace;

import java.util.List;

import org.junit.jupiter.api.Test;

import static io.github.panamasockets.strace.Captured.edit;
import static io.github.panamasockets.strace.Captured.lines;
import static io.github.panamasockets.strace.Captured.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * snippets/getaddrinfo-program-{c,java}.raw: the scenario ed2-getaddrinfo ({@code GetAddrInfo localhost 7}),
 * both builds. Here localhost is one line of /etc/hosts, so libc's look-up (two nscd attempts over
 * AF_UNIX, reads of nsswitch.conf, host.conf, resolv.conf and /etc/hosts) makes no AF_INET or AF_INET6
 * socket, and rule program-thread finds no anchor: the output and the exit status are compared, the
 * look-up's traffic is not (the JVM makes the same nscd attempts before main). The negatives show what
 * is still caught: another address printed, a line more, another status, and a twin that opens an
 * AF_INET socket C does not.
 */
class GetAddrInfoProgramTraceTest {

    private static final String C = "snippets/getaddrinfo-program-c.raw";
    private static final String JAVA = "snippets/getaddrinfo-program-java.raw";
    private static final String PRINTED = "write(1, \"127.0.0.1-7\\n\", 12) = 12";

    private static NormalisedTrace normalise(List<String> raw) {
        return Normaliser.normalise(raw, options(0));
    }

    private static Verdict againstC(List<String> java) {
        return SideBySide.compare(normalise(lines(C)), normalise(java));
    }

    @Test
    void onlyTheOutputAndTheStatusAreComparedAndTheyAreIdentical() {
        NormalisedTrace c = normalise(lines(C));
        NormalisedTrace java = normalise(lines(JAVA));
        Verdict v = SideBySide.compare(c, java);
        assertTrue(v.identical(), SideBySide.render("C", c, "Java", java, 90));
        assertEquals(List.of("[P1]", PRINTED, "+++ exited with 0 +++"), c.lines());
        assertTrue(java.notes().stream().anyMatch(n -> n.startsWith("no socket(AF_INET or AF_INET6, ...) call")),
                String.join("\n", java.notes()));
    }

    @Test
    void theLookUpsOwnTrafficIsInBothRawTracesAndNotCompared() {
        for (String resource : List.of(C, JAVA)) {
            List<String> raw = lines(resource);
            assertTrue(raw.stream().anyMatch(l -> l.contains("connect(") && l.contains("/var/run/nscd/socket")), resource);
            assertTrue(raw.stream().anyMatch(l -> l.contains("read(") && l.contains("\"127.0.0.1 localh")), resource + ": /etc/hosts");
            assertTrue(normalise(raw).lines().stream().noneMatch(l -> l.contains("AF_UNIX") || l.contains("read(")), resource);
        }
    }

    @Test
    void anotherAddressPrintedIsCaught() {
        Verdict v = againstC(edit(lines(JAVA), "write(1, \"127.0.0.1-7\\n\"", "write(1, \"127.0.0.2-7\\n\""));
        assertFalse(v.identical());
        assertEquals(1, v.line());
        assertEquals(PRINTED, v.left());
        assertEquals("write(1, \"127.0.0.2-7\\n\", 12) = 12", v.right());
    }

    @Test
    void aLineMoreIsCaught() {
        List<String> java = lines(JAVA);
        String write = java.stream().filter(l -> l.contains(PRINTED)).findFirst().orElseThrow();
        java.add(java.indexOf(write) + 1, write.replace("\"127.0.0.1-7\\n\", 12) = 12", "\"::1-7\\n\", 6) = 6"));
        Verdict v = againstC(java);
        assertFalse(v.identical());
        assertEquals("+++ exited with 0 +++", v.left());
        assertEquals("write(1, \"::1-7\\n\", 6) = 6", v.right());
    }

    @Test
    void anotherExitStatusIsCaught() {
        List<String> java = lines(JAVA);
        String last = java.get(java.size() - 1);
        Verdict v = againstC(edit(java, last, last.replace("exited with 0", "exited with 1")));
        assertFalse(v.identical());
        assertEquals("+++ exited with 1 +++", v.right());
    }

    @Test
    void aTwinThatOpensAnInternetSocketIsCaught() {
        // as if the twin's look-up sorted its results with a connected UDP socket where C's did not:
        // that socket becomes the Java trace's anchor, and everything from it on is compared
        List<String> java = lines(JAVA);
        String write = java.stream().filter(l -> l.contains(PRINTED)).findFirst().orElseThrow();
        String prefix = write.substring(0, write.indexOf("write("));
        int at = java.indexOf(write);
        java.add(at, prefix + "close(5)                = 0");
        java.add(at, prefix + "connect(5, {sa_family=AF_INET, sin_port=htons(7), sin_addr=inet_addr(\"127.0.0.1\")}, 16) = 0");
        java.add(at, prefix + "socket(AF_INET, SOCK_DGRAM|SOCK_CLOEXEC, IPPROTO_IP) = 5");
        Verdict v = againstC(java);
        assertFalse(v.identical());
        assertTrue(v.right().startsWith("socket(AF_INET, SOCK_DGRAM|SOCK_CLOEXEC, IPPROTO_IP) = S1"), v.right());
    }
}
