/* AotTraining.java: the training run behind the echo client's start-up archive.
 * Not a twin of any C file. SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.echo.aot;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

import io.github.panamasockets.echo.TCPEchoClient;

/**
 * Runs the echo client once, for real, so that the JVM records what it loads and resolves: the
 * class list ({@code -XX:DumpLoadedClassList}) that {@code echo/bin/lib/aot-train} turns into the
 * client's CDS archive at {@code mvn package}, or a JDK 25 AOT cache ({@code -XX:AOTCacheOutput},
 * the benchmarks' comparison lane). Either way with the launcher's own JVM flags.
 * <pre>AotTraining LIBAOTEXIT TCPEchoClient 127.0.0.1 WORD PORT</pre>
 *
 * <p>The client talks to a one-connection echo server on a thread of this JVM, listening on
 * {@code PORT} of loopback (the script picks it; exit status 75 when it is taken, so that the
 * script tries another). The client's arguments are this program's last four, so it reads them
 * from {@code /proc/self/cmdline} as the launched client does, and trains the same path.
 *
 * <p>What the JVM records is written out at its shutdown, which a program ending in libc's
 * {@code exit()} never reaches. So this first loads {@code LIBAOTEXIT}
 * (echo/src/main/c/aotexit.c): the generated bindings look symbols up in the class loader's
 * libraries before libc, so the client's {@code exit(status)} lands there and becomes
 * {@code System.exit(status)}.
 */
public final class AotTraining {

    private AotTraining() {
    }

    /** sysexits.h's EX_TEMPFAIL: the port was taken, try another. */
    static final int PORT_TAKEN = 75;

    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            System.err.println("usage: AotTraining LIBAOTEXIT TCPEchoClient 127.0.0.1 WORD PORT");
            System.exit(2);
        }
        System.load(args[0]);
        ServerSocket server;
        try {
            server = new ServerSocket(Integer.parseInt(args[4]), 1, InetAddress.getLoopbackAddress());
        } catch (BindException taken) {
            System.exit(PORT_TAKEN);
            return;
        }
        server.setSoTimeout(30_000); // a client that never comes must not hang the build
        Thread.ofPlatform().daemon().name("aot-training-echo").start(() -> echoOnce(server));
        TCPEchoClient.main(java.util.Arrays.copyOfRange(args, 1, args.length));
        // main ends in exit(): coming back means libaotexit's exit() was not the one linked
        System.err.println("AotTraining: the client returned from exit(): " + args[0] + " was not linked first");
        System.exit(3);
    }

    /** Echoes one connection's bytes back until the client closes it. */
    private static void echoOnce(ServerSocket server) {
        try (server; Socket s = server.accept(); InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            s.setSoTimeout(30_000);
            in.transferTo(out);
        } catch (IOException e) {
            System.err.println("AotTraining: echo server: " + e);
        }
    }
}
