/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.testkit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** listening() sees a listener of this JVM on loopback, IPv4 and IPv6, and no longer once it is closed. */
@Timeout(60)
class ProcNetTcpTest {

    private static final Duration LIMIT = Duration.ofSeconds(5);

    @Test
    void aListenerOnIpv4LoopbackIsSeenUntilClosed() throws Exception {
        seenUntilClosed(InetAddress.getByName("127.0.0.1"));
    }

    @Test
    void aListenerOnIpv6LoopbackIsSeenUntilClosed() throws Exception {
        InetAddress v6 = InetAddress.getByName("::1");
        assumeTrue(v6 instanceof Inet6Address && canBind(v6), "no IPv6 loopback here");
        seenUntilClosed(v6);
    }

    private static void seenUntilClosed(InetAddress loopback) throws Exception {
        int port;
        try (ServerSocket listener = Listeners.onFreePort(loopback)) {
            port = listener.getLocalPort();
            assertTrue(ProcNetTcp.listening(port), "a listener on " + loopback + " port " + port + " is not seen");
        }
        int closed = port;
        assertTrue(Polling.await(LIMIT, () -> !ProcNetTcp.listening(closed)),
                "port " + closed + " is still seen as listened on after its listener closed");
    }

    private static boolean canBind(InetAddress address) {
        try (ServerSocket s = new ServerSocket(0, 1, address)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void onlyALocalPortInStateListenCounts() {
        List<String> table = List.of(
                "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
                "   0: 0100007F:4E21 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1",
                "   1: 0100007F:8000 0100007F:4E20 01 00000000:00000000 00:00000000 00000000     0        0 2 1",
                "   2: 0100007F:4E22 0100007F:9000 01 00000000:00000000 00:00000000 00000000     0        0 3 1",
                "   3: 00000000000000000000000001000000:4E23 00000000000000000000000000000000:0000 0A 0 0 0 0 0 4 1");
        assertTrue(ProcNetTcp.listensIn(table, 0x4E21), "a listener's local port");
        assertTrue(ProcNetTcp.listensIn(table, 0x4E23), "an IPv6 listener's local port");
        assertFalse(ProcNetTcp.listensIn(table, 0x4E20), "a connection's remote port is not a listener");
        assertFalse(ProcNetTcp.listensIn(table, 0x4E22), "an established connection's local port is not a listener");
        assertFalse(ProcNetTcp.listensIn(table, 0x0E21), "a port that is a suffix of a listener's port");
        assertFalse(ProcNetTcp.listensIn(List.of(table.getFirst()), 0x4E21), "the header alone");
    }
}
