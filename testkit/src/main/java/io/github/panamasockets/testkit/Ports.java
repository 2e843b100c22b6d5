/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.testkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Listening ports for the servers that tests and harnesses start. A port picked here is
 * <ul>
 *   <li>in 20000-31999, below Linux's ephemeral range (32768 and up): a client's ephemeral port,
 *       of this run or of anything else on the machine, never takes it between the pick and the
 *       server's bind, and never sits on it in TIME_WAIT;</li>
 *   <li>bindable now on the wildcard address without SO_REUSEADDR, as the echo servers bind: a
 *       socket bound to it on any address, or a connection of it still in TIME_WAIT, fails the
 *       probe;</li>
 *   <li>not listed as listening in /proc/net/tcp or /proc/net/tcp6 ({@link ProcNetTcp}): a
 *       listener the probe's bind would not collide with (one that set SO_REUSEPORT, say) would
 *       still take the connections meant for the server.</li>
 * </ul>
 * The port is random, so that concurrent runs rarely pick the same one. It can still be taken
 * between the pick and the server's bind: callers start the server again on another port when
 * its bind fails with "Address already in use".
 */
public final class Ports {

    /** The lowest port picked. */
    public static final int LOW = 20000;
    /** One above the highest port picked. */
    public static final int HIGH = 32000;
    /** How many random ports are tried before giving up: a machine with none free is broken, not busy. */
    static final int ATTEMPTS = 500;

    private Ports() {
    }

    /**
     * A free port, as described above.
     *
     * @throws IllegalStateException if none of {@value #ATTEMPTS} random ports of the range was free
     */
    public static int free() {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOW, HIGH);
            if (bindable(port) && !ProcNetTcp.listening(port)) {
                return port;
            }
        }
        throw new IllegalStateException(
                "no free TCP port in " + LOW + "-" + (HIGH - 1) + " after " + ATTEMPTS + " tries");
    }

    /** Whether a socket can bind this port on the wildcard address now, without SO_REUSEADDR. */
    static boolean bindable(int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(false);  // as the servers bind: no SO_REUSEADDR
            probe.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException taken) {
            return false;
        }
    }
}
