/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.benchmarks;

import io.github.panamasockets.testkit.Listeners;
import io.github.panamasockets.testkit.Ports;
import io.github.panamasockets.testkit.ProcNetTcp;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Start-to-listening timer for servers (issue 15, goal 3): starts each server once a round, the
 * lanes in a new random order each round (seeded), so that every lane, the C server and the
 * plain java.net server included, shares the machine's load alike; times each from just before
 * its exec until its port listens (TCP: the first connect() that is not refused; UDP: the port
 * bound in /proc/net/udp) and until the first echo: over that connection (or a datagram sent as
 * soon as the port is bound) the echo is checked byte for byte, so a server that listens but
 * cannot serve yet does not look fast.
 * Each server is then stopped by its pid (its children first). Polls every 0.5 ms, which is the
 * resolution; a run that does not listen, or echo, within 20 s fails loudly.
 * <pre>ListenTimer LANES_FILE ROUNDS WARMUP_ROUNDS RAW_CSV</pre>
 * LANES_FILE has one lane a line, tab-separated: name, kind ({@code tcp}, {@code tcp6} (echo
 * over ::1) or {@code udp}), then the command and its arguments, where {@code {port}} stands for
 * a free port (testkit Ports) picked for each run. Prints one key=value summary line per lane;
 * RAW_CSV gets lane,round,listen_ms,echo_ms.
 */
public final class ListenTimer {

    static final long LIMIT_NS = TimeUnit.SECONDS.toNanos(20);
    static final long POLL_NS = 500_000;
    static final byte[] WORD = "listen-timer-echo".getBytes(StandardCharsets.US_ASCII);

    private ListenTimer() {
    }

    record Lane(String name, String kind, List<String> command) {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("Usage: ListenTimer LANES_FILE ROUNDS WARMUP_ROUNDS RAW_CSV");
            System.exit(2);
        }
        List<Lane> lanes = new ArrayList<>();
        for (String[] f : ProcTimer.laneRows(Path.of(args[0]))) {
            lanes.add(new Lane(f[0], f[1], List.of(Arrays.copyOfRange(f, 2, f.length))));
        }
        int rounds = Integer.parseInt(args[1]);
        int warmup = Integer.parseInt(args[2]);
        Map<String, List<double[]>> times = new LinkedHashMap<>();
        lanes.forEach(l -> times.put(l.name(), new ArrayList<>()));
        File errFile = File.createTempFile("listentimer", ".err");
        Random random = new Random(15);
        try (PrintWriter raw = new PrintWriter(Files.newBufferedWriter(Path.of(args[3]), StandardCharsets.UTF_8))) {
            raw.println("lane,round,listen_ms,echo_ms");
            for (int round = -warmup; round < rounds; round++) {
                List<Lane> order = new ArrayList<>(lanes);
                Collections.shuffle(order, random);
                for (Lane lane : order) {
                    double[] t = time(lane, errFile);
                    if (round >= 0) {
                        times.get(lane.name()).add(t);
                        raw.printf(Locale.ROOT, "%s,%d,%.3f,%.3f%n", lane.name(), round, t[0], t[1]);
                    }
                }
            }
        } finally {
            errFile.delete();
        }
        for (Lane lane : lanes) {
            List<double[]> t = times.get(lane.name());
            double[] l = t.stream().mapToDouble(x -> x[0]).sorted().toArray();
            double[] e = t.stream().mapToDouble(x -> x[1]).sorted().toArray();
            System.out.printf(Locale.ROOT, "lane=%s kind=%s n=%d listen_median_ms=%.1f listen_min_ms=%.1f listen_max_ms=%.1f"
                    + " echo_median_ms=%.1f echo_min_ms=%.1f echo_max_ms=%.1f%n", lane.name(), lane.kind(), l.length,
                    l[l.length / 2], l[0], l[l.length - 1], e[e.length / 2], e[0], e[e.length - 1]);
        }
    }

    /** One start of one lane: {listen ms, first echo ms}, both from just before the exec. */
    static double[] time(Lane lane, File errFile) throws Exception {
        boolean udp = lane.kind().equals("udp");
        for (int attempt = 1; ; attempt++) {
            int port = Ports.free();
            List<String> cmd = lane.command().stream().map(a -> a.replace("{port}", Integer.toString(port))).toList();
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(errFile);
            long t0 = System.nanoTime();
            Process p = pb.start();
            try {
                long listen = -1;
                Socket client = null;
                while (System.nanoTime() - t0 < LIMIT_NS) {
                    boolean alive = p.isAlive(); // before the look: a parent that listened, forked and left counts
                    if (udp) {
                        if (ProcNetTcp.udpBound(port)) {
                            listen = System.nanoTime();
                            break;
                        }
                    } else if ((client = connected(lane, port)) != null) {
                        listen = System.nanoTime();
                        break;
                    }
                    if (!alive) {
                        break;
                    }
                    LockSupport.parkNanos(POLL_NS);
                }
                if (listen < 0) {
                    String err = Files.readString(errFile.toPath()).strip();
                    if (!p.isAlive() && err.contains("Address already in use") && attempt < 5) {
                        continue; // the port was taken between the pick and the bind: another one
                    }
                    throw new IllegalStateException(lane.name() + ": not listening on " + port + " after "
                            + (System.nanoTime() - t0) / 1_000_000 + " ms" + (p.isAlive() ? "" : ", exit " + p.exitValue())
                            + ", stderr [" + err + "]");
                }
                if (udp) {
                    udpEcho(lane, port, t0);
                } else {
                    tcpEcho(lane, client, t0);
                }
                long echo = System.nanoTime();
                return new double[]{(listen - t0) / 1e6, (echo - t0) / 1e6};
            } finally {
                stop(p, udp ? List.of() : Listeners.of(port));
            }
        }
    }

    /**
     * A connection to the port, or null when it is refused (nothing listens yet). On loopback a
     * refused connect() costs microseconds, where reading /proc/net/tcp costs milliseconds when
     * the machine holds thousands of connections in TIME_WAIT (14 ms at 6,400 lines, measured):
     * the probe is the echo's client, so the server sees only the one connection it serves.
     */
    static Socket connected(Lane lane, int port) throws IOException {
        InetAddress host = InetAddress.getByName(lane.kind().equals("tcp6") ? "::1" : "127.0.0.1");
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress(host, port), 20_000);
            return s;
        } catch (java.net.ConnectException refused) {
            s.close();
            return null;
        }
    }

    static void tcpEcho(Lane lane, Socket client, long t0) throws IOException {
        try (Socket s = client) {
            s.setSoTimeout((int) Math.max(1, (LIMIT_NS - (System.nanoTime() - t0)) / 1_000_000));
            s.getOutputStream().write(WORD);
            byte[] got = new byte[WORD.length];
            InputStream in = s.getInputStream();
            for (int off = 0, n; off < got.length; off += n) {
                if ((n = in.read(got, off, got.length - off)) < 0) {
                    throw new IllegalStateException(lane.name() + ": connection closed after " + off + " bytes of the echo");
                }
            }
            if (!Arrays.equals(got, WORD)) {
                throw new IllegalStateException(lane.name() + ": echo differs: " + new String(got, StandardCharsets.US_ASCII));
            }
        }
    }

    /** A datagram may be sent before the server reads: it waits in the socket's queue; resent every 50 ms. */
    static void udpEcho(Lane lane, int port, long t0) throws IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            DatagramPacket out = new DatagramPacket(WORD, WORD.length, new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            DatagramPacket in = new DatagramPacket(new byte[64], 64);
            s.setSoTimeout(50);
            while (System.nanoTime() - t0 < LIMIT_NS) {
                s.send(out);
                try {
                    s.receive(in);
                } catch (SocketTimeoutException again) {
                    continue;
                }
                if (!Arrays.equals(Arrays.copyOf(in.getData(), in.getLength()), WORD)) {
                    throw new IllegalStateException(lane.name() + ": echo differs");
                }
                return;
            }
            throw new IllegalStateException(lane.name() + ": no echo within 20 s");
        }
    }

    /**
     * Children first (a fork server's, and the pre-forked children of TCPEchoServer-ForkN, whose
     * parent has exited: the holders of the listening socket), then the server: SIGTERM, SIGKILL
     * after 5 s; always reaped.
     */
    static void stop(Process p, List<Long> holders) throws InterruptedException {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        for (long pid : holders) {
            if (pid != p.pid()) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
        p.destroy();
        if (!p.waitFor(5, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
