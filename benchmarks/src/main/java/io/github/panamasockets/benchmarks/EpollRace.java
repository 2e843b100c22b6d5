/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.benchmarks;

import io.github.panamasockets.testkit.Ports;
import io.github.panamasockets.testkit.ProcNetTcp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Section 5 of benchmarks/run: four epoll-style echo servers under one load generator.
 * Servers: {@code c} native/build/EpollEchoServer, {@code ffm} echo/bin/EpollEchoServer (its twin,
 * the launcher as shipped), {@code netty} {@link NettyEpollEchoServer}, {@code nio}
 * {@link NioEchoServer}. Load: native/jni/build/EpollLoad, closed loop, 32-byte messages, 1, 100
 * and 1,000 connections. On a machine of 2 or more CPUs the server runs on CPU 0 (its JIT and GC
 * threads too) and the load on CPU 1. Each server is started once a round (rounds interleave
 * the servers in random order), is up when its port is seen listening in /proc/net/tcp (the
 * start-to-listening time is recorded), takes a warm-up load of 100 connections, then each
 * level in turn; then it is killed by its pid. One line a level into epoll.kv.
 * <pre>EpollRace OUT_DIR ROOT JAVA ROUNDS SERVER_WARM_MS WARM_MS MEASURE_MS</pre>
 */
public final class EpollRace {

    private EpollRace() {
    }

    static final List<Integer> LEVELS = List.of(1, 100, 1000);
    static final long LISTEN_LIMIT_MS = 30_000;
    private static volatile Process current; // the server running now, for the shutdown hook

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        Path root = Path.of(args[1]);
        String java = args[2];
        int rounds = Integer.parseInt(args[3]);
        String serverWarm = args[4];
        String warm = args[5];
        String measure = args[6];
        Path jar = root.resolve("benchmarks/target/benchmarks.jar");
        List<String> jvm = List.of(java, "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                "-XX:+UseSerialGC", "-Xmx64m", "-cp", jar.toString());
        Map<String, List<String>> servers = new LinkedHashMap<>();
        servers.put("c", List.of(root.resolve("native/build/EpollEchoServer").toString()));
        servers.put("ffm", List.of(root.resolve("echo/bin/EpollEchoServer").toString()));
        servers.put("netty", concat(jvm, NettyEpollEchoServer.class.getName()));
        servers.put("nio", concat(jvm, NioEchoServer.class.getName()));
        String load = root.resolve("native/jni/build/EpollLoad").toString();
        boolean pin = Runtime.getRuntime().availableProcessors() >= 2;
        Path kv = out.resolve("epoll.kv");
        Files.writeString(kv, "");
        Random random = new Random();
        // the run's timeout (SIGTERM) ends this JVM: the server it started goes with it, by its pid
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Process p = current;
            if (p != null) {
                p.destroyForcibly();
            }
        }));
        for (int round = 1; round <= rounds; round++) {
            List<String> order = new ArrayList<>(servers.keySet());
            Collections.shuffle(order, random);
            for (String name : order) {
                int port = Ports.free();
                List<String> cmd = new ArrayList<>();
                if (pin) {
                    cmd.addAll(List.of("taskset", "-c", "0"));
                }
                cmd.addAll(servers.get(name));
                cmd.add(Integer.toString(port));
                Path err = out.resolve("epoll-" + name + ".err");
                long t0 = System.nanoTime();
                Process server = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(err.toFile()).start();
                current = server;
                try {
                    while (!ProcNetTcp.listening(port)) {
                        if (!server.isAlive() || System.nanoTime() - t0 > LISTEN_LIMIT_MS * 1_000_000L) {
                            throw new IllegalStateException(name + " server did not start listening on " + port + ": "
                                    + Files.readString(err));
                        }
                        Thread.sleep(1);
                    }
                    double startMs = (System.nanoTime() - t0) / 1e6;
                    System.err.printf("[epoll] round %d: %s listening on %d after %.0f ms%n", round, name, port, startMs);
                    run(load, pin, port, 100, "0", serverWarm); // the JIT's turn, for every server alike
                    for (int conns : LEVELS) {
                        long[] cpu0 = cpuTicks(server.pid());
                        long w0 = System.nanoTime();
                        String line = run(load, pin, port, conns, warm, measure);
                        long[] cpu1 = cpuTicks(server.pid());
                        double wallTicks = (System.nanoTime() - w0) / 1e9 * TICKS_PER_S;
                        long rssKb = rssKb(server.pid());
                        // where the server's time went during the level: user space (the program, its
                        // binding, a JVM's JIT and GC) against the kernel (the socket calls themselves)
                        Files.writeString(kv, String.format("server=%s round=%d start_ms=%.1f rss_kb=%d user_pct=%.1f sys_pct=%.1f %s%n",
                                name, round, startMs, rssKb, 100 * (cpu1[0] - cpu0[0]) / wallTicks,
                                100 * (cpu1[1] - cpu0[1]) / wallTicks, line), StandardOpenOption.APPEND);
                        System.err.println("[epoll] " + name + " " + line);
                    }
                    if (!server.isAlive()) {
                        throw new IllegalStateException(name + " server died: " + Files.readString(err));
                    }
                } finally {
                    server.destroy(); // SIGTERM to its pid (taskset and the launcher exec: the server itself)
                    if (!server.waitFor(5, TimeUnit.SECONDS)) {
                        server.destroyForcibly();
                        server.waitFor(5, TimeUnit.SECONDS);
                    }
                }
            }
        }
    }

    static List<String> concat(List<String> a, String b) {
        List<String> l = new ArrayList<>(a);
        l.add(b);
        return l;
    }

    /** Runs the load generator once (bounded: 120 s); its one line, or the run fails. */
    static String run(String load, boolean pin, int port, int conns, String warm, String measure)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        if (pin) {
            cmd.addAll(List.of("taskset", "-c", "1"));
        }
        cmd.addAll(List.of(load, "127.0.0.1", Integer.toString(port), Integer.toString(conns), warm, measure));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] output;
        try (var in = p.getInputStream()) {
            output = in.readAllBytes(); // ends when the process does; the process ends by its own deadline
        }
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("EpollLoad did not end");
        }
        String text = new String(output).trim();
        if (p.exitValue() != 0 || !text.startsWith("mode=epoll")) {
            throw new IllegalStateException("EpollLoad " + conns + " connections failed (" + p.exitValue() + "): " + text);
        }
        return text;
    }

    /** USER_HZ: the unit of /proc/PID/stat's times (100 on every Linux this runs on). */
    static final double TICKS_PER_S = 100;

    /** utime and stime of the whole process (every thread), in clock ticks; -1s if it has gone. */
    static long[] cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12])}; // fields 14 and 15
        } catch (IOException | RuntimeException gone) {
            return new long[] {-1, -1};
        }
    }

    static long rssKb(long pid) {
        try {
            for (String l : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (l.startsWith("VmRSS:")) {
                    return Long.parseLong(l.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | NumberFormatException gone) {
            // the server has gone: the line says -1
        }
        return -1;
    }
}
