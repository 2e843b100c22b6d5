/* EpollRulesTest.java: rules fd-names and unreturned on the epoll server's trace.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.strace;

import java.util.List;

import org.junit.jupiter.api.Test;

import static io.github.panamasockets.strace.Captured.lines;
import static io.github.panamasockets.strace.Captured.of;
import static io.github.panamasockets.strace.Captured.options;
import static io.github.panamasockets.strace.Captured.upTo;
import static io.github.panamasockets.strace.Captured.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EpollRulesTest {

    /** The rules up to fd-names, then unreturned. */
    private static List<Rule> withUnreturned() {
        List<Rule> r = new java.util.ArrayList<>(upTo("fd-names"));
        r.addAll(Captured.rules("unreturned"));
        return r;
    }

    private static final int TID = 27374;
    private static final int PORT = 31629;

    @Test
    void theEpollInstanceAndTheDescriptorsItCarriesAreNamed() {
        List<String> c = of(run(lines("snippets/epoll-server-c.raw"), options(PORT), upTo("fd-names")), TID);
        assertEquals("epoll_create1(0) = E1", c.get(3));
        assertEquals("epoll_ctl(E1, EPOLL_CTL_ADD, S1, {events=EPOLLIN, data={fd=S1}}) = 0", c.get(4));
        assertEquals("epoll_wait(E1, [{events=EPOLLIN, data={fd=S1}}], 1024, -1) = 1", c.get(5));
        assertTrue(c.contains("epoll_ctl(E1, EPOLL_CTL_ADD, A1, {events=EPOLLIN, data={fd=A1}}) = 0"), c.toString());
        assertTrue(c.contains("epoll_wait(E1, [{events=EPOLLIN, data={fd=A3}}], 1024, -1) = 1"), c.toString());
        // without the rule: the numbers, which differ in a JVM (its jars hold the low ones)
        List<String> raw = of(run(lines("snippets/epoll-server-c.raw"), options(PORT), upTo("program-thread")), TID);
        assertEquals("epoll_ctl(4, EPOLL_CTL_ADD, 3, {events=EPOLLIN, data={u32=3, u64=3}}) = 0", raw.get(4));
    }

    @Test
    void anEintrTheProcessDiedOfIsACallItDiedIn() {
        List<String> c = of(run(lines("snippets/epoll-server-c.raw"), options(PORT), withUnreturned()), TID);
        assertEquals("epoll_wait(E1, ...) = ?", c.get(c.size() - 3));
        assertEquals("+++ killed by SIGTERM +++", c.get(c.size() - 1));
        List<String> c0 = of(run(lines("snippets/epoll-server-c.raw"), options(PORT), upTo("fd-names")), TID);
        assertEquals("epoll_wait(E1, ADDR, 1024, -1) = -1 EINTR (Interrupted system call)".replace("ADDR", "0x7ffdae9e2930"),
                c0.get(c0.size() - 3));
        // an EINTR the process lives on from stays as it is
        List<String> lived = lines("snippets/epoll-server-c.raw").stream()
                .filter(l -> !l.contains("+++ killed by SIGTERM +++")).toList();
        List<String> l = of(run(lived, options(PORT), withUnreturned()), TID);
        assertTrue(l.get(l.size() - 2).endsWith("= -1 EINTR (Interrupted system call)"), l.toString());
    }
}
