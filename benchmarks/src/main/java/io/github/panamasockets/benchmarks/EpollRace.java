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
 * and 1,000 connections. On a machine of 2 or more CPUs the servers run on CPU 0 (their JIT and GC
 * threads too) and the load on CPU 1.
 * <p>The servers are started one at a time, in random order (each start, exec to the port seen
 * listening in /proc/net/tcp, is timed alone), take a warm-up load of 100 connections each, and
 * then stay up together, idle in epoll_wait but for the one under load. Then passes: in each,
 * every level, and at each level every server once in a new random order, one short load (a
 * "slice": connect, warm up, measure). A slow stretch of the machine (seconds long on this VM:
 * docs/benchmark-method.md) then falls on the four servers of a level alike, and the paired
 * ratio per pass (round=pass) cancels it; a server started a round, as before, met the machine's
 * state of its own half minute. One line a slice into epoll.kv; the servers are killed by pid at
 * the end.
 * <pre>EpollRace OUT_DIR ROOT JAVA PASSES SERVER_WARM_MS WARM_MS MEASURE_MS</pre>
 */
public final class EpollRace {

    private EpollRace() {
    }

    static final List<Integer> LEVELS = List.of(1, 100, 1000);
    static final long LISTEN_LIMIT_MS = 30_000;
    private static final List<Process> running = new ArrayList<>(); // for the shutdown hook

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        Path root = Path.of(args[1]);
        String java = args[2];
        int passes = Integer.parseInt(args[3]);
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
        // the run's timeout (SIGTERM) ends this JVM: the servers it started go with it, by their pids
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            synchronized (running) {
                running.forEach(Process::destroyForcibly);
            }
        }));
        Map<String, Server> up = new LinkedHashMap<>();
        try {
            List<String> order = new ArrayList<>(servers.keySet());
            Collections.shuffle(order, random);
            for (String name : order) {
                Server s = start(name, servers.get(name), pin, out);
                up.put(name, s);
                System.err.printf("[epoll] %s listening on %d after %.0f ms%n", name, s.port, s.startMs);
                run(load, pin, s.port, 100, "0", serverWarm); // the JIT's turn, for every server alike
            }
            for (int pass = 1; pass <= passes; pass++) {
                for (int conns : LEVELS) {
                    List<String> slice = new ArrayList<>(up.keySet());
                    Collections.shuffle(slice, random);
                    for (String name : slice) {
                        Server s = up.get(name);
                        long[] cpu0 = cpuTicks(s.process.pid());
                        long w0 = System.nanoTime();
                        String line = run(load, pin, s.port, conns, warm, measure);
                        long[] cpu1 = cpuTicks(s.process.pid());
                        double wallTicks = (System.nanoTime() - w0) / 1e9 * TICKS_PER_S;
                        if (!s.process.isAlive()) {
                            throw new IllegalStateException(name + " server died: " + Files.readString(s.err));
                        }
                        // where the server's time went during the slice: user space (the program, its
                        // binding, a JVM's JIT and GC) against the kernel (the socket calls themselves)
                        Files.writeString(kv, String.format("server=%s round=%d start_ms=%.1f rss_kb=%d user_pct=%.1f sys_pct=%.1f %s%n",
                                name, pass, s.startMs, rssKb(s.process.pid()), 100 * (cpu1[0] - cpu0[0]) / wallTicks,
                                100 * (cpu1[1] - cpu0[1]) / wallTicks, line), StandardOpenOption.APPEND);
                        System.err.println("[epoll] pass " + pass + " " + name + " " + line);
                    }
                }
            }
        } finally {
            for (Server s : up.values()) {
                stop(s.process);
            }
        }
    }

    /** A server up and listening: its process, port, start-to-listening time and stderr file. */
    record Server(Process process, int port, double startMs, Path err) {
    }

    /** Starts one server on a free port, alone, and waits (bounded) until its port is listening. */
    static Server start(String name, List<String> command, boolean pin, Path out) throws IOException, InterruptedException {
        int port = Ports.free();
        List<String> cmd = new ArrayList<>();
        if (pin) {
            cmd.addAll(List.of("taskset", "-c", "0"));
        }
        cmd.addAll(command);
        cmd.add(Integer.toString(port));
        Path err = out.resolve("epoll-" + name + ".err");
        long t0 = System.nanoTime();
        Process server = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(err.toFile()).start();
        synchronized (running) {
            running.add(server);
        }
        while (!ProcNetTcp.listening(port)) {
            if (!server.isAlive() || System.nanoTime() - t0 > LISTEN_LIMIT_MS * 1_000_000L) {
                stop(server);
                throw new IllegalStateException(name + " server did not start listening on " + port + ": "
                        + Files.readString(err));
            }
            Thread.sleep(1);
        }
        return new Server(server, port, (System.nanoTime() - t0) / 1e6, err);
    }

    /** SIGTERM to the server's pid (taskset and the launcher exec: the server itself), then SIGKILL. */
    static void stop(Process server) throws InterruptedException {
        server.destroy();
        if (!server.waitFor(5, TimeUnit.SECONDS)) {
            server.destroyForcibly();
            server.waitFor(5, TimeUnit.SECONDS);
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
