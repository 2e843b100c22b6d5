/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * The JDK's answer in the thread-per-client lane (benchmarks/run, section 3c): a java.net
 * {@code ServerSocket} server that starts a virtual thread per client, each doing what the book's
 * HandleTCPClient does (32-byte reads, each written back at once, close at the client's EOF).
 * Backlog 5, as CreateTCPServerSocket's MAXPENDING; the wildcard address, as the book's servers.
 * Prints nothing per client. Usage: VirtualThreadEchoServer &lt;port&gt;. Runs until killed.
 */
public final class VirtualThreadEchoServer {

    private VirtualThreadEchoServer() {
    }

    static final int RCVBUFSIZE = 32; // HandleTCPClient's

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("Usage: VirtualThreadEchoServer <port>");
            System.exit(1);
        }
        try (ServerSocket server = new ServerSocket(Integer.parseInt(args[0]), 5)) {
            for (;;) {
                Socket client = server.accept();
                Thread.ofVirtual().start(() -> handle(client));
            }
        }
    }

    static void handle(Socket client) {
        try (client; InputStream in = client.getInputStream(); OutputStream out = client.getOutputStream()) {
            byte[] buf = new byte[RCVBUFSIZE];
            for (int n; (n = in.read(buf)) > 0; ) {
                out.write(buf, 0, n);
            }
        } catch (IOException peerGone) {
            // a reset client ends its own connection only
        }
    }
}
