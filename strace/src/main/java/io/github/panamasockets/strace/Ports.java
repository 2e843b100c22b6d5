/* Ports.java: free loopback listening ports below the ephemeral range.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.strace;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Listening ports for the scenarios: in 20000-31999, below Linux's ephemeral range (32768 and
 * up), so a client's ephemeral port never takes one, and free: a bind without SO_REUSEADDR (as
 * the echo servers bind) succeeds on it now. A port can still be taken between this check and
 * the server's bind: the scenarios then try another.
 */
final class Ports {

    static final int LOW = 20000;
    static final int HIGH = 32000;

    private Ports() {
    }

    static int free() throws EnvironmentException {
        for (int attempt = 0; attempt < 500; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOW, HIGH);
            if (bindable(port) && !ProcWatch.listening(port)) {
                return port;
            }
        }
        throw new EnvironmentException("no free TCP port in " + LOW + "-" + (HIGH - 1) + " after 500 tries");
    }

    private static boolean bindable(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(false);
            s.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
