/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.benchmarks;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The echo client written the way a Java programmer would with java.net: the reference for the
 * whole-process benchmark of native/build/TCPEchoClient and its FFM twin (same arguments, same
 * output, same exit status on success).
 * <pre>JnetEchoClient &lt;Server IP&gt; &lt;Echo Word&gt; [&lt;Echo Port&gt;]</pre>
 */
public final class JnetEchoClient {

    private JnetEchoClient() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2 || args.length > 3) {
            System.err.println("Usage: JnetEchoClient <Server IP> <Echo Word> [<Echo Port>]");
            System.exit(1);
        }
        int port = args.length == 3 ? Integer.parseInt(args[2]) : 7;
        byte[] word = args[1].getBytes(StandardCharsets.UTF_8);
        PrintStream out = System.out;
        try (Socket sock = new Socket(args[0], port)) {
            OutputStream os = sock.getOutputStream();
            InputStream is = sock.getInputStream();
            os.write(word);
            byte[] buf = new byte[32];
            out.print("Received: ");
            int total = 0;
            while (total < word.length) {
                int n = is.read(buf, 0, buf.length - 1);
                if (n <= 0) {
                    System.err.println("recv() failed or connection closed prematurely");
                    System.exit(1);
                }
                total += n;
                out.write(buf, 0, n);
            }
            out.println();
        }
    }
}
