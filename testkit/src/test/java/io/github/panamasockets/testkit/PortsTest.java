/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.testkit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A picked port is in the range, bindable as the servers bind, and listened on by nobody. */
@Timeout(60)
class PortsTest {

    @Test
    void aFreePortIsInTheRangeAndBindableOnLoopback() {
        for (int i = 0; i < 20; i++) {
            int port = Ports.free();
            assertTrue(port >= 20000 && port <= 31999, port + " is outside 20000-31999");
            assertFalse(ProcNetTcp.listening(port), port + " is listened on");
            // bindable without SO_REUSEADDR, as the echo servers bind (here on loopback only)
            assertDoesNotThrow(() -> {
                try (ServerSocket s = new ServerSocket()) {
                    s.setReuseAddress(false);
                    s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                }
            }, "port " + port + " was picked as free but cannot be bound");
        }
    }

    @Test
    void aPortHeldOnLoopbackIsNotBindable() throws IOException {
        try (ServerSocket holder = Listeners.onFreePort(InetAddress.getLoopbackAddress())) {
            assertFalse(Ports.bindable(holder.getLocalPort()),
                    "the probe bound port " + holder.getLocalPort() + " although a listener holds it");
        }
    }
}
