/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.benchmarks;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * The iterative echo server written the way a Java programmer would with java.net: the
 * reference for the start-to-listening benchmark (ListenTimer), run with plain {@code java -cp}
 * and no flags. Same argument and output as native/build/TCPEchoServer on success.
 * <pre>JnetEchoServer &lt;Server Port&gt;</pre>
 */
public final class JnetEchoServer {

    private JnetEchoServer() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("Usage: JnetEchoServer <Server Port>");
            System.exit(1);
        }
        try (ServerSocket server = new ServerSocket(Integer.parseInt(args[0]), 5)) {
            byte[] buf = new byte[32];
            for (;;) {
                try (Socket client = server.accept(); InputStream in = client.getInputStream(); OutputStream out = client.getOutputStream()) {
                    System.out.println("Handling client " + client.getInetAddress().getHostAddress());
                    for (int n; (n = in.read(buf)) > 0; ) {
                        out.write(buf, 0, n);
                    }
                }
            }
        }
    }
}
