/* AotServerTraining.java: the training runs behind the servers' start-up archive.
 * Not a twin of any C file. SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.echo.aot;

import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.ConnectException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Runs one echo server for real, and plays its clients, so that the JVM records what the server
 * loads and resolves from its start to its echoes: the class list ({@code -XX:DumpLoadedClassList})
 * that {@code echo/bin/lib/aot-train} merges with the other servers' into the servers' CDS archive.
 * <pre>AotServerTraining LIBAOTEXIT tcp|tcp6|udp|usage PORT CLASS ARGV0 ARG...</pre>
 * {@code CLASS}'s {@code main} gets {@code ARGV0 ARG...} (the program name, then its arguments,
 * which must make it serve {@code PORT} on loopback), on this JVM's main thread, as the launcher
 * runs it. A thread of its own waits until the port answers, sends three clients one after
 * another (a datagram each for UDP), checks each echo byte for byte, then ends the JVM with
 * {@code System.exit(0)}, which closes the class list (a server never returns from main). A
 * server that does not answer within 30 s ends it with status 3; one whose bind fails (the port
 * was taken) ends it as C would, and the script tries another port. {@code LIBAOTEXIT} is loaded
 * first, as {@link AotTraining} does: TCPEchoServer-ForkN's parent leaves through libc's
 * {@code exit()} once it has forked, which becomes {@code System.exit} (the list is closed). On
 * the way out the server's children (fork servers', and ForkN's, which outlive their parent) get
 * SIGKILL. Kind {@code usage}: no client; main gets {@code ARGV0} alone, prints its usage line
 * and ends through libaotexit's {@code exit(1)}, so that the error path is in the archive too.
 */
public final class AotServerTraining {

    private AotServerTraining() {
    }

    static final byte[] WORD = "aot-training-echo".getBytes(StandardCharsets.US_ASCII);
    static final long LIMIT_NS = 30_000_000_000L;

    public static void main(String[] args) throws Throwable {
        if (args.length < 5) {
            System.err.println("usage: AotServerTraining LIBAOTEXIT tcp|tcp6|udp|usage PORT CLASS ARGV0 ARG...");
            System.exit(2);
        }
        System.load(args[0]);
        String kind = args[1];
        int port = Integer.parseInt(args[2]);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly)));
        if (kind.equals("usage")) { // no client: main prints its usage line and exits, through libaotexit
            run(args[3], Arrays.copyOfRange(args, 4, args.length));
            return;
        }
        Thread.ofPlatform().daemon().name("aot-training-client").start(() -> {
            try {
                long t0 = System.nanoTime();
                for (int client = 0; client < 3; client++) {
                    if (kind.equals("udp")) {
                        udpEcho(port, t0);
                    } else {
                        tcpEcho(kind.equals("tcp6") ? "::1" : "127.0.0.1", port, t0);
                    }
                }
                System.exit(0);
            } catch (Throwable e) {
                System.err.println("AotServerTraining: " + e);
                System.exit(3);
            }
        });
        run(args[3], Arrays.copyOfRange(args, 4, args.length));
    }

    /** The server's main, on this thread. */
    static void run(String className, String[] argv) throws Throwable {
        MethodHandles.publicLookup().findStatic(Class.forName(className), "main", MethodType.methodType(void.class, String[].class))
                .invokeExact(argv);
    }

    static void tcpEcho(String host, int port, long t0) throws Exception {
        for (;;) {
            try (Socket s = new Socket()) {
                try {
                    s.connect(new InetSocketAddress(InetAddress.getByName(host), port), 30_000);
                } catch (ConnectException notYet) {
                    if (System.nanoTime() - t0 > LIMIT_NS) {
                        throw notYet;
                    }
                    Thread.sleep(5);
                    continue;
                }
                s.setSoTimeout(30_000);
                s.getOutputStream().write(WORD);
                byte[] got = new byte[WORD.length];
                InputStream in = s.getInputStream();
                for (int off = 0, n; off < got.length; off += n) {
                    if ((n = in.read(got, off, got.length - off)) < 0) {
                        throw new IllegalStateException("the server closed the connection before its echo");
                    }
                }
                if (!Arrays.equals(got, WORD)) {
                    throw new IllegalStateException("the echo differs");
                }
                return;
            }
        }
    }

    static void udpEcho(int port, long t0) throws Exception {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            DatagramPacket out = new DatagramPacket(WORD, WORD.length, new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            DatagramPacket in = new DatagramPacket(new byte[64], 64);
            s.setSoTimeout(100);
            while (System.nanoTime() - t0 < LIMIT_NS) {
                s.send(out);
                try {
                    s.receive(in);
                } catch (SocketTimeoutException again) {
                    continue;
                }
                if (!Arrays.equals(Arrays.copyOf(in.getData(), in.getLength()), WORD)) {
                    throw new IllegalStateException("the echo differs");
                }
                return;
            }
            throw new IllegalStateException("no echo within 30 s");
        }
    }
}
