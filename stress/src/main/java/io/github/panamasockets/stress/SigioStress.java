/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.stress;

import io.github.panamasockets.testkit.Polling;
import io.github.panamasockets.testkit.Ports;
import io.github.panamasockets.testkit.ProcNetTcp;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * UDPEchoServer-SIGIO, C and Java, under the same datagram load, one row each (bin/stress --sigio).
 * Each of the clients sends its share of datagrams with up to {@link #WINDOW} awaiting their echo;
 * an echo not back within {@link #ECHO_WAIT} counts as dropped (the book's server drops under load
 * in C too: a datagram that arrives while the handler is already past its last recvfrom() waits
 * for the next SIGIO, and the socket's buffer can overflow). Counted per build: echoes, drops, the
 * handler's lines (the datagrams the server took), whether the server was still alive at the end
 * (0 crashes), its descriptors at the start and the end, and whether it ended on SIGTERM.
 */
public final class SigioStress {

    static final String PROGRAM = "UDPEchoServer-SIGIO";
    static final int WINDOW = 4;
    static final Duration ECHO_WAIT = Duration.ofMillis(500);
    private static final byte[] HANDLING = "Handling client 127.0.0.1\n".getBytes(StandardCharsets.US_ASCII);

    private SigioStress() {
    }

    /** One build's row. */
    public record Row(String build, int datagrams, int clients, long echoed, long dropped, long handled,
                      boolean aliveAtEnd, int fdsStart, int fdsEnd, boolean endedOnSigterm, long millis) {

        /** No crash, descriptors flat, ended on SIGTERM, and no echo of a datagram the server did not take. */
        public boolean ok() {
            return aliveAtEnd && fdsEnd <= fdsStart && endedOnSigterm && echoed <= handled;
        }

        String markdown() {
            return "| " + PROGRAM + " | " + build + " | " + datagrams + " | " + clients + " | " + echoed + " | "
                    + dropped + " | " + handled + " | " + (aliveAtEnd ? 0 : 1) + " | " + fdsStart + " -> " + fdsEnd
                    + " | " + (endedOnSigterm ? "yes" : "NO") + " | " + millis + " |";
        }
    }

    static final String HEADER = "| program | build | datagrams | clients | echoed | dropped | handler lines | crashes "
            + "| fds start -> end | ended on SIGTERM | ms |\n|---|---|---:|---:|---:|---:|---:|---:|---|---|---:|";

    /** Runs the server of {@code build} ("c" or "java") under the load; kills only what it started. */
    public static Row run(Path root, String build, int datagrams, int clients, Path work) throws Exception {
        Path program = build.equals("c") ? root.resolve("native/build/" + PROGRAM) : root.resolve("echo/bin/" + PROGRAM);
        Files.createDirectories(work);
        for (int attempt = 0; attempt < 5; attempt++) {
            int port = Ports.free();
            Path out = work.resolve("sigio-" + build + "-" + port + ".out");
            Path err = work.resolve("sigio-" + build + "-" + port + ".err");
            // stdbuf -oL: each line written when printed, so the handler's lines can be counted
            ProcessBuilder pb = new ProcessBuilder("stdbuf", "-oL", program.toString(), Integer.toString(port))
                    .redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            pb.environment().remove("TWIN_JAVA_OPTIONS");
            Process server = pb.start();
            try {
                boolean up = Polling.await(Duration.ofSeconds(30), () -> !server.isAlive() || ProcNetTcp.udpBound(port))
                        && server.isAlive();
                // the first dot: the handler and the socket's flags are set
                up = up && Polling.await(Duration.ofSeconds(30), () -> size(out) > 0 || !server.isAlive()) && server.isAlive();
                if (!up) {
                    if (Files.readString(err).contains("Address already in use")) {
                        continue;  // the port was taken meanwhile: another one
                    }
                    throw new IllegalStateException(build + " " + PROGRAM + " did not start: " + Files.readString(err));
                }
                int fdsStart = fds(server.pid());
                long start = System.nanoTime();
                long[] counts = load(port, datagrams, clients);
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                // the handler's last lines: it has printed all it will once two polls agree
                long[] last = {-1};
                Polling.await(Duration.ofSeconds(5), Duration.ofMillis(200), () -> {
                    long now = handled(out);
                    boolean same = now == last[0];
                    last[0] = now;
                    return same;
                });
                boolean alive = server.isAlive();
                int fdsEnd = alive ? fds(server.pid()) : -1;
                server.destroy();  // SIGTERM, by pid: its default action ends both builds
                boolean ended = server.waitFor(20, TimeUnit.SECONDS);
                boolean onSigterm = ended && server.exitValue() == 128 + 15;
                return new Row(build, datagrams, clients, counts[0], counts[1], handled(out), alive, fdsStart, fdsEnd,
                        onSigterm, millis);
            } finally {
                if (server.isAlive()) {
                    server.destroyForcibly();
                    server.waitFor(10, TimeUnit.SECONDS);
                }
            }
        }
        throw new IllegalStateException("ports kept being taken");
    }

    /** The clients: returns {echoed, dropped}. */
    private static long[] load(int port, int datagrams, int clients) throws InterruptedException {
        AtomicLong echoed = new AtomicLong();
        AtomicLong dropped = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        InetSocketAddress to = new InetSocketAddress("127.0.0.1", port);
        for (int c = 0; c < clients; c++) {
            int client = c;
            int share = datagrams / clients + (c < datagrams % clients ? 1 : 0);
            threads.add(Thread.ofPlatform().name("sigio-client-" + c).start(() -> {
                BitSet back = new BitSet(share);
                try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
                    socket.setSoTimeout((int) ECHO_WAIT.toMillis());
                    int awaiting = 0;
                    for (int i = 0; i < share; i++) {
                        byte[] word = (client + " " + i).getBytes(StandardCharsets.US_ASCII);
                        socket.send(new DatagramPacket(word, word.length, to));
                        awaiting++;
                        while (awaiting >= WINDOW || (i == share - 1 && awaiting > 0)) {
                            if (!receive(socket, back)) {
                                awaiting = 0;  // nothing more within ECHO_WAIT: the rest in flight is lost
                                break;
                            }
                            awaiting--;
                        }
                    }
                } catch (IOException e) {
                    // counted below as not echoed
                }
                echoed.addAndGet(back.cardinality());
                dropped.addAndGet(share - back.cardinality());
            }));
        }
        for (Thread t : threads) {
            t.join(Duration.ofMinutes(10).toMillis());  // each receive waits at most ECHO_WAIT: bounded
        }
        return new long[] {echoed.get(), dropped.get()};
    }

    /** One echo, marked by its number; false when none came within ECHO_WAIT. */
    private static boolean receive(DatagramSocket socket, BitSet back) throws IOException {
        DatagramPacket reply = new DatagramPacket(new byte[64], 64);
        try {
            socket.receive(reply);
        } catch (SocketTimeoutException none) {
            return false;
        }
        String s = new String(reply.getData(), 0, reply.getLength(), StandardCharsets.US_ASCII);
        int blank = s.indexOf(' ');
        if (blank > 0) {
            back.set(Integer.parseInt(s.substring(blank + 1)));
        }
        return true;
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException gone) {
            return 0;
        }
    }

    /** The handler's lines in the server's stdout so far. */
    static long handled(Path out) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(out);
        } catch (IOException gone) {
            return 0;
        }
        long n = 0;
        outer:
        for (int i = 0; i + HANDLING.length <= bytes.length; i++) {
            for (int j = 0; j < HANDLING.length; j++) {
                if (bytes[i + j] != HANDLING[j]) {
                    continue outer;
                }
            }
            n++;
            i += HANDLING.length - 1;
        }
        return n;
    }

    /** Open descriptors of a process, or -1 once it is gone. */
    static int fds(long pid) {
        String[] names = Path.of("/proc", Long.toString(pid), "fd").toFile().list();
        return names == null ? -1 : names.length;
    }

    /** bin/stress --sigio [--datagrams N] [--clients N] [--work DIR]: the two rows, C then Java. */
    static int main(Path root, List<String> args) throws Exception {
        int datagrams = 1_000;
        int clients = 8;
        Path work = root.resolve("stress/target/stress-work");
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--sigio" -> {
                }
                case "--long" -> datagrams = 10_000;
                case "--datagrams" -> datagrams = Integer.parseInt(args.get(++i));
                case "--clients" -> clients = Integer.parseInt(args.get(++i));
                case "--work" -> work = Path.of(args.get(++i));
                default -> {
                    System.err.println("bin/stress --sigio [--long] [--datagrams N] [--clients N] [--work DIR]: not " + args.get(i));
                    return 2;
                }
            }
        }
        Root.buildNative(root);
        System.out.println(HEADER);
        boolean ok = true;
        for (String build : List.of("c", "java")) {
            Row r = run(root, build, datagrams, clients, work);
            System.out.println(r.markdown());
            ok &= r.ok();
        }
        return ok ? 0 : 1;
    }
}
