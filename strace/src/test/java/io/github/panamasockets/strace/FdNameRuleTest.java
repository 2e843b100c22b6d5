/* FdNameRuleTest.java: rule fd-names on a Java client (class files, fd reuse, the JVM's attach socket) and a C fork server.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.strace;

import java.util.List;

import org.junit.jupiter.api.Test;

import static io.github.panamasockets.strace.Captured.lines;
import static io.github.panamasockets.strace.Captured.options;
import static io.github.panamasockets.strace.Captured.run;
import static io.github.panamasockets.strace.Captured.upTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

class FdNameRuleTest {

    private static List<String> calls(Trace t) {
        return t.events.stream().filter(e -> e.type == Event.Type.CALL).map(Event::render).toList();
    }

    @Test
    void theJavaClientsSocketIsS1AndTheRuntimesDescriptorsGo() {
        Trace t = run(lines("snippets/fd-names.raw"), options(24584), upTo("fd-names"));
        assertEquals(List.of(
                "socket(AF_INET, SOCK_STREAM, IPPROTO_TCP) = S1",
                "connect(S1, {sa_family=AF_INET, sin_port=htons(24584), sin_addr=inet_addr(\"127.0.0.1\")}, 16) = 0",
                "sendto(S1, \"hello\", 5, 0, NULL, 0) = 5",
                "recvfrom(S1, \"hello\", 31, 0, NULL, NULL) = 5",
                "close(S1) = 0",
                // gone: the class files read on fds 7 and 6 (6 again once the program closed its socket),
                // and the JVM's attach socket, fd 4, shut down and closed by the main thread at exit
                "write(1, \"Received: hello\\n\", 16) = 16",
                "exit_group(0) = ?"), calls(t));
    }

    @Test
    void aForkedChildKeepsItsParentsNamesAndANumberUsedAgainGetsANewName() {
        Trace t = run(lines("traces/fork-server/c.raw"), options(31678), upTo("fd-names"));
        List<String> parent = t.events.stream().filter(e -> e.pid == 29190 && e.type == Event.Type.CALL)
                .map(Event::render).filter(s -> s.startsWith("accept") || s.startsWith("close")).toList();
        assertEquals(List.of(
                "accept(S1, {sa_family=AF_INET, sin_port=htons(36452), sin_addr=inet_addr(\"127.0.0.1\")}, [16]) = A1",
                "close(A1) = 0",
                "accept(S1, {sa_family=AF_INET, sin_port=htons(36456), sin_addr=inet_addr(\"127.0.0.1\")}, [16]) = A2",
                "close(A2) = 0",
                "accept(S1, {sa_family=AF_INET, sin_port=htons(36466), sin_addr=inet_addr(\"127.0.0.1\")}, [16]) = A3",
                "close(A3) = 0",
                "accept(S1, 0x7ffde2cffd80, [16]) = ? ERESTARTSYS (To be restarted if SA_RESTART is set)"), parent);
        List<String> third = t.events.stream().filter(e -> e.pid == 29195 && e.type == Event.Type.CALL)
                .map(Event::render).toList();
        assertEquals("close(S1) = 0", third.get(0));
        assertEquals("recvfrom(A3, \"gamma\", 32, 0, NULL, NULL) = 5", third.get(1));
    }

    @Test
    void aCallOnAClosedSocketIsTheProgramsAndStays() {
        // edited copy of the C client: a second close of its socket, which fails with EBADF
        List<String> raw = Captured.edit(lines("traces/client/c.raw"), "write(1, \"Received: hello\\n\", 16) = 16",
                "close(3) = -1 EBADF (Bad file descriptor)");
        Trace t = run(raw, options(26130), upTo("fd-names"));
        assertEquals("close(~S1) = -1 EBADF (Bad file descriptor)", calls(t).get(calls(t).size() - 2));
    }
}
