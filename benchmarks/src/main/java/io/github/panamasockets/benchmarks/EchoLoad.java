/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.benchmarks;

import io.github.panamasockets.Sockets;

import io.github.panamasockets.Errno;
import io.github.panamasockets.generated.in_addr;
import io.github.panamasockets.generated.sockaddr_in;
import io.github.panamasockets.generated.sockets_h;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * The Java client lanes of the request/response and throughput benchmarks: the same loops as
 * native/jni/BenchEchoClient.c, through four bindings, printing the same line.
 * <pre>
 * EchoLoad LANE rtt  IP PORT WARMUP ROUND_TRIPS
 * EchoLoad LANE tput IP PORT BYTES CHUNK WARMUP_RUNS RUNS
 * EchoLoad LANE serve IP PORT MAX_SECONDS
 * </pre>
 * {@code serve}: one round per stdin line, {@code rtt WARMUP COUNT} or {@code tput BYTES CHUNK
 * WARMUP RUNS}, each on a new connection, its line followed by the CPU time of this thread and of
 * the whole JVM per operation; EOF or {@code quit} ends it (as BenchEchoClient serve; the rounds
 * of {@link Interleave}, one warm JVM per lane).
 * Lanes: {@code ffm} (the bindings with errno capture, as the echo twins use them), {@code jni}
 * (native/jni's binding), {@code jnet} ({@code java.net.Socket}), {@code nio} (a blocking
 * {@code SocketChannel} with direct buffers). TCP_NODELAY in every lane.
 * UDP lanes (rtt only; a new unconnected socket a round, 32 bytes out, one datagram back, as
 * {@code BenchEchoClient rtt-udp}): {@code udp_ffm} (sendto/recvfrom over the bindings, errno
 * captured), {@code udp_dchan} (a blocking {@code DatagramChannel}, send/receive with direct
 * buffers), {@code udp_dsock} ({@code DatagramSocket}, send/receive of one reused packet each).
 */
public final class EchoLoad {

    /** One connected client of one lane: send all of a buffer, receive exactly n bytes. */
    interface Client extends AutoCloseable {
        void sendAll(int n) throws Exception;

        void recvAll(int n) throws Exception;

        @Override
        void close() throws Exception;
    }

    private EchoLoad() {
    }

    /** serve mode: CPU time is printed, from where the measured part of a round began. */
    static boolean serving;
    static long cpuThread0;
    static long cpuProcess0;

    static void cpuStart() {
        cpuThread0 = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        cpuProcess0 = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static String cpuSuffix(long ops) {
        if (!serving) {
            return "";
        }
        long t = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpuThread0;
        long p = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() - cpuProcess0;
        return String.format(Locale.ROOT, " cpu_ns=%.0f pcpu_ns=%.0f", (double) t / ops, (double) p / ops);
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 5 && args[1].equals("serve")) {
            serve(args[0], args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]));
            return;
        }
        if (args.length < 6) {
            System.err.println("Usage: EchoLoad ffm|jni|jnet|nio|udp_ffm|udp_dchan|udp_dsock rtt IP PORT WARMUP COUNT | tput IP PORT BYTES CHUNK WARMUP RUNS | serve IP PORT MAX_SECONDS");
            System.exit(2);
        }
        String lane = args[0];
        String mode = args[1];
        String ip = args[2];
        int port = Integer.parseInt(args[3]);
        int bufSize = mode.equals("tput") ? Integer.parseInt(args[5]) : 32;
        try (Client c = connect(lane, ip, port, bufSize)) {
            if (mode.equals("rtt")) {
                roundTrips(lane, c, Long.parseLong(args[4]), Integer.parseInt(args[5]));
            } else if (mode.equals("tput") && args.length == 8) {
                throughput(lane, c, Long.parseLong(args[4]), bufSize, Integer.parseInt(args[6]), Integer.parseInt(args[7]));
            } else {
                throw new IllegalArgumentException("unknown mode or wrong arguments: " + String.join(" ", args));
            }
        }
    }

    /** One round per stdin line, each on a new connection; bounded by maxSeconds whatever the driver does. */
    static void serve(String lane, String ip, int port, int maxSeconds) throws Exception {
        serving = true;
        cpuStart(); // loads the management classes before any round
        Thread bound = new Thread(() -> {
            try {
                Thread.sleep(maxSeconds * 1000L);
            } catch (InterruptedException e) {
                return;
            }
            System.err.println("EchoLoad serve: no quit after " + maxSeconds + " s");
            Runtime.getRuntime().halt(3);
        });
        bound.setDaemon(true);
        bound.start();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null && !line.startsWith("quit"); ) {
            String[] f = line.trim().split("\\s+");
            if (f[0].equals("rtt") && f.length == 3) {
                try (Client c = connect(lane, ip, port, 32)) {
                    roundTrips(lane, c, Long.parseLong(f[1]), Integer.parseInt(f[2]));
                }
            } else if (f[0].equals("tput") && f.length == 5) {
                int chunk = Integer.parseInt(f[2]);
                try (Client c = connect(lane, ip, port, chunk)) {
                    throughput(lane, c, Long.parseLong(f[1]), chunk, Integer.parseInt(f[3]), Integer.parseInt(f[4]));
                }
            } else {
                System.err.println("serve: unknown command: " + line);
                System.exit(2);
            }
            System.out.flush();
        }
    }

    static void roundTrips(String lane, Client c, long warmup, int count) throws Exception {
        long[] samples = new long[count];
        for (long i = -warmup; i < count; i++) {
            if (i == 0) {
                cpuStart(); // the warm-up's CPU is not counted
            }
            long t0 = System.nanoTime();
            c.sendAll(32);
            c.recvAll(32);
            if (i >= 0) {
                samples[(int) i] = System.nanoTime() - t0;
            }
        }
        Arrays.sort(samples);
        double sum = 0;
        for (long s : samples) {
            sum += s;
        }
        System.out.printf(Locale.ROOT, "lane=%s mode=rtt n=%d mean_ns=%.0f p50_ns=%d p99_ns=%d min_ns=%d max_ns=%d%s%n",
                lane, count, sum / count, samples[count / 2], samples[(int) (count * 0.99)], samples[0], samples[count - 1], cpuSuffix(count));
    }

    static void throughput(String lane, Client c, long bytes, int chunk, int warmup, int runs) throws Exception {
        long[] samples = new long[runs];
        for (int i = -warmup; i < runs; i++) {
            if (i == 0) {
                cpuStart();
            }
            long t0 = System.nanoTime();
            echoOnce(c, bytes, chunk);
            if (i >= 0) {
                samples[i] = System.nanoTime() - t0;
            }
        }
        Arrays.sort(samples);
        String cpu = cpuSuffix(runs * bytes / 1048576); // per MiB
        System.out.printf(Locale.ROOT, "lane=%s mode=tput bytes=%d chunk=%d runs=%d p50_ns=%d min_ns=%d mib_s=%.1f%s%n",
                lane, bytes, chunk, runs, samples[runs / 2], samples[0], (bytes / 1048576.0) / (samples[runs / 2] / 1e9), cpu);
    }

    /**
     * One transfer: BYTES echoed in CHUNK pieces. A method of its own so that the JIT compiles it
     * after a few hundred calls: as a loop inside throughput() it ran interpreted until on-stack
     * replacement, which waits for 60,000 back-edges, one per 64 KiB chunk, ~3,700 MiB.
     */
    private static void echoOnce(Client c, long bytes, int chunk) throws Exception {
        for (long done = 0; done < bytes; done += chunk) {
            c.sendAll(chunk);
            c.recvAll(chunk);
        }
    }

    static Client connect(String lane, String ip, int port, int bufSize) throws Exception {
        return switch (lane) {
            case "ffm" -> new FfmClient(ip, port, bufSize);
            case "jni" -> new JniClient(ip, port, bufSize);
            case "jnet" -> new JnetClient(ip, port, bufSize);
            case "nio" -> new NioClient(ip, port, bufSize);
            case "udp_ffm" -> new UdpFfmClient(ip, port, bufSize);
            case "udp_dchan" -> new UdpChannelClient(ip, port, bufSize);
            case "udp_dsock" -> new UdpSocketClient(ip, port, bufSize);
            default -> throw new IllegalArgumentException("unknown lane " + lane);
        };
    }

    /** socket, connect, setsockopt(TCP_NODELAY), send, recv through the bindings, errno captured. */
    static final class FfmClient implements Client {
        final Arena arena = Arena.ofConfined();
        final MemorySegment out;
        final MemorySegment in;
        final int sock;

        FfmClient(String ip, int port, int bufSize) {
            out = filled(arena, bufSize);
            in = arena.allocate(bufSize);
            MemorySegment addr = sockaddrIn(arena, ip, port);
            if ((sock = Sockets.socket(sockets_h.PF_INET(), sockets_h.SOCK_STREAM(), sockets_h.IPPROTO_TCP())) < 0) {
                throw new IllegalStateException("socket() failed: errno " + Errno.errno());
            }
            if (Sockets.connect(sock, addr, (int) addr.byteSize()) < 0) {
                throw new IllegalStateException("connect() failed: errno " + Errno.errno());
            }
            MemorySegment one = arena.allocateFrom(JAVA_INT, 1);
            if (Sockets.setsockopt(sock, sockets_h.IPPROTO_TCP(), LoopbackPair.TCP_NODELAY, one, 4) < 0) {
                throw new IllegalStateException("setsockopt() failed: errno " + Errno.errno());
            }
        }

        @Override
        public void sendAll(int n) {
            all(true, n);
        }

        @Override
        public void recvAll(int n) {
            all(false, n);
        }

        /** send() or recv() until n bytes have gone; the constant flag folds away once inlined. */
        private void all(boolean send, int n) {
            for (long done = 0; done < n; ) {
                long r = send ? Sockets.send(sock, out.asSlice(done), n - done, 0) : Sockets.recv(sock, in.asSlice(done), n - done, 0);
                if (r <= 0) {
                    throw new IllegalStateException((send ? "send() failed" : "recv() failed or connection closed")
                            + ": errno " + Errno.errno());
                }
                done += r;
            }
        }

        @Override
        public void close() {
            Sockets.close(sock);
            arena.close();
        }
    }

    /** The same calls through native/jni's JNI binding (buffers are native memory, passed by address). */
    static final class JniClient implements Client {
        final Arena arena = Arena.ofConfined();
        final long out;
        final long in;
        final int sock;

        JniClient(String ip, int port, int bufSize) {
            Jni.load();
            out = filled(arena, bufSize).address();
            in = arena.allocate(bufSize).address();
            MemorySegment addr = sockaddr_in.allocate(arena); // only its bytes: the calls go through JNI
            sockaddr_in.sin_family(addr, (short) 2);
            sockaddr_in.sin_port(addr, Short.reverseBytes((short) port));
            byte[] quad = ipv4(ip);
            MemorySegment.copy(MemorySegment.ofArray(quad), 0, sockaddr_in.sin_addr(addr), 0, 4); // network order
            if ((sock = Jni.socket(2, 1, 6)) < 0) {
                throw new IllegalStateException("socket() failed: errno " + -sock);
            }
            int r = Jni.connect(sock, addr.address(), (int) addr.byteSize());
            if (r < 0) {
                throw new IllegalStateException("connect() failed: errno " + -r);
            }
            MemorySegment one = arena.allocateFrom(JAVA_INT, 1);
            if ((r = Jni.setsockopt(sock, 6, LoopbackPair.TCP_NODELAY, one.address(), 4)) < 0) {
                throw new IllegalStateException("setsockopt() failed: errno " + -r);
            }
        }

        @Override
        public void sendAll(int n) {
            all(true, n);
        }

        @Override
        public void recvAll(int n) {
            all(false, n);
        }

        /** send() or recv() until n bytes have gone, as {@link FfmClient}'s; errno comes back negated. */
        private void all(boolean send, int n) {
            for (long done = 0; done < n; ) {
                long r = send ? Jni.send(sock, out + done, n - done, 0) : Jni.recv(sock, in + done, n - done, 0);
                if (r <= 0) {
                    throw new IllegalStateException((send ? "send() failed" : "recv() failed or connection closed")
                            + ": errno " + -r);
                }
                done += r;
            }
        }

        @Override
        public void close() {
            Jni.close(sock);
            arena.close();
        }
    }

    /** A buffer of size bytes, each 'x': what every lane sends. */
    static MemorySegment filled(Arena arena, int size) {
        return arena.allocate(size).fill((byte) 'x');
    }

    /** A sockaddr_in for ip:port, filled through the bindings. */
    static MemorySegment sockaddrIn(Arena arena, String ip, int port) {
        MemorySegment addr = sockaddr_in.allocate(arena);
        sockaddr_in.sin_family(addr, (short) sockets_h.AF_INET());
        sockaddr_in.sin_port(addr, sockets_h.htons((short) port));
        in_addr.s_addr(sockaddr_in.sin_addr(addr), sockets_h.inet_addr(arena.allocateFrom(ip)));
        return addr;
    }

    static byte[] ipv4(String ip) {
        String[] parts = ip.split("\\.");
        byte[] b = new byte[4];
        for (int i = 0; i < 4; i++) {
            b[i] = (byte) Integer.parseInt(parts[i]);
        }
        return b;
    }

    /** java.net.Socket with TCP_NODELAY, its streams and byte arrays. */
    static final class JnetClient implements Client {
        final Socket socket;
        final OutputStream os;
        final InputStream is;
        final byte[] out;
        final byte[] in;

        JnetClient(String ip, int port, int bufSize) throws Exception {
            socket = new Socket(ip, port);
            socket.setTcpNoDelay(true);
            os = socket.getOutputStream();
            is = socket.getInputStream();
            out = new byte[bufSize];
            Arrays.fill(out, (byte) 'x');
            in = new byte[bufSize];
        }

        @Override
        public void sendAll(int n) throws Exception {
            os.write(out, 0, n);
        }

        @Override
        public void recvAll(int n) throws Exception {
            for (int got = 0; got < n; ) {
                int r = is.read(in, got, n - got);
                if (r <= 0) {
                    throw new IllegalStateException("read() failed or connection closed");
                }
                got += r;
            }
        }

        @Override
        public void close() throws Exception {
            socket.close();
        }
    }

    /** A blocking SocketChannel with TCP_NODELAY and direct buffers. */
    static final class NioClient implements Client {
        final SocketChannel ch;
        final ByteBuffer out;
        final ByteBuffer in;

        NioClient(String ip, int port, int bufSize) throws Exception {
            ch = SocketChannel.open(new InetSocketAddress(ip, port));
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            out = ByteBuffer.allocateDirect(bufSize);
            while (out.hasRemaining()) {
                out.put((byte) 'x');
            }
            in = ByteBuffer.allocateDirect(bufSize);
        }

        @Override
        public void sendAll(int n) throws Exception {
            out.clear().limit(n);
            while (out.hasRemaining()) {
                ch.write(out);
            }
        }

        @Override
        public void recvAll(int n) throws Exception {
            in.clear().limit(n);
            while (in.hasRemaining()) {
                if (ch.read(in) < 0) {
                    throw new IllegalStateException("read() failed or connection closed");
                }
            }
        }

        @Override
        public void close() throws Exception {
            ch.close();
        }
    }

    /** The UDP lane over the bindings: sendto() the server, recvfrom() one datagram, errno captured (2 s receive timeout). */
    static final class UdpFfmClient implements Client {
        final Arena arena = Arena.ofConfined();
        final MemorySegment out;
        final MemorySegment in;
        final MemorySegment to;
        final MemorySegment from;
        final MemorySegment fromLen;
        final int sock;

        UdpFfmClient(String ip, int port, int bufSize) {
            out = filled(arena, bufSize);
            in = arena.allocate(bufSize);
            to = sockaddrIn(arena, ip, port);
            from = sockaddr_in.allocate(arena);
            fromLen = arena.allocate(JAVA_INT);
            if ((sock = Sockets.socket(sockets_h.PF_INET(), sockets_h.SOCK_DGRAM(), sockets_h.IPPROTO_UDP())) < 0) {
                throw new IllegalStateException("socket() failed: errno " + Errno.errno());
            }
            MemorySegment twoSeconds = arena.allocate(16); // struct timeval {2, 0}
            twoSeconds.set(java.lang.foreign.ValueLayout.JAVA_LONG, 0, 2);
            if (Sockets.setsockopt(sock, sockets_h.SOL_SOCKET(), sockets_h.SO_RCVTIMEO(), twoSeconds, 16) < 0) {
                throw new IllegalStateException("setsockopt() failed: errno " + Errno.errno());
            }
        }

        @Override
        public void sendAll(int n) {
            if (Sockets.sendto(sock, out, n, 0, to, (int) to.byteSize()) != n) {
                throw new IllegalStateException("sendto() failed: errno " + Errno.errno());
            }
        }

        @Override
        public void recvAll(int n) {
            fromLen.set(JAVA_INT, 0, (int) from.byteSize());
            if (Sockets.recvfrom(sock, in, n, 0, from, fromLen) != n) {
                throw new IllegalStateException("recvfrom() failed, timed out or short: errno " + Errno.errno());
            }
        }

        @Override
        public void close() {
            Sockets.close(sock);
            arena.close();
        }
    }

    /** A blocking, unconnected DatagramChannel: send(buffer, address), receive(buffer), direct buffers. */
    static final class UdpChannelClient implements Client {
        final java.nio.channels.DatagramChannel ch;
        final InetSocketAddress to;
        final ByteBuffer out;
        final ByteBuffer in;

        UdpChannelClient(String ip, int port, int bufSize) throws Exception {
            ch = java.nio.channels.DatagramChannel.open();
            to = new InetSocketAddress(ip, port);
            out = ByteBuffer.allocateDirect(bufSize);
            while (out.hasRemaining()) {
                out.put((byte) 'x');
            }
            in = ByteBuffer.allocateDirect(bufSize);
        }

        @Override
        public void sendAll(int n) throws Exception {
            out.clear().limit(n);
            if (ch.send(out, to) != n) {
                throw new IllegalStateException("send() sent a short datagram");
            }
        }

        @Override
        public void recvAll(int n) throws Exception {
            in.clear();
            // no receive timeout on a channel: the lane's MAX_SECONDS bounds a lost datagram
            if (ch.receive(in) == null || in.position() != n) {
                throw new IllegalStateException("receive() got " + in.position() + " bytes, not " + n);
            }
        }

        @Override
        public void close() throws Exception {
            ch.close();
        }
    }

    /** java.net.DatagramSocket: send and receive of one reused DatagramPacket each (2 s receive timeout). */
    static final class UdpSocketClient implements Client {
        final java.net.DatagramSocket socket;
        final java.net.DatagramPacket out;
        final java.net.DatagramPacket in;

        UdpSocketClient(String ip, int port, int bufSize) throws Exception {
            socket = new java.net.DatagramSocket();
            socket.setSoTimeout(2000);
            byte[] b = new byte[bufSize];
            Arrays.fill(b, (byte) 'x');
            out = new java.net.DatagramPacket(b, bufSize, new InetSocketAddress(ip, port));
            in = new java.net.DatagramPacket(new byte[bufSize], bufSize);
        }

        @Override
        public void sendAll(int n) throws Exception {
            out.setLength(n);
            socket.send(out);
        }

        @Override
        public void recvAll(int n) throws Exception {
            in.setLength(in.getData().length);
            socket.receive(in);
            if (in.getLength() != n) {
                throw new IllegalStateException("receive() got " + in.getLength() + " bytes, not " + n);
            }
        }

        @Override
        public void close() {
            socket.close();
        }
    }
}
