/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.testkit;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** For the tests: a listening socket on one (loopback) address, on a port of {@link Ports#free()}. */
final class Listeners {

    private Listeners() {
    }

    /** Listens on {@code address} at a free port; tries another (5 ports at most) if one was taken meanwhile. */
    static ServerSocket onFreePort(InetAddress address) throws IOException {
        BindException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            ServerSocket s = new ServerSocket();
            try {
                s.setReuseAddress(false);
                s.bind(new InetSocketAddress(address, Ports.free()));
                return s;
            } catch (BindException taken) {
                s.close();
                last = taken;
            }
        }
        throw last;
    }
}
