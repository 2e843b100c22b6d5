/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.benchmarks;

import io.github.panamasockets.testkit.Ports;
import io.github.panamasockets.testkit.ProcNetTcp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Section 3c of benchmarks/run: the book's concurrent servers against C and the JDK, one C load
 * (native/jni/BenchEchoClient) for all.
 * <ul>
 * <li>{@code thread}: {@code c} native/build/TCPEchoServer-Thread, {@code ffm} echo/bin/TCPEchoServer-Thread
 * (its twin, the launcher as shipped), {@code vthread} {@link VirtualThreadEchoServer} (java.net, a
 * virtual thread per client): connections/s, then the 32-byte round trip on one persistent
 * connection with server and client on CPU 0 (every thread of the running server re-pinned with
 * {@code taskset -a -p}: on two CPUs a round trip is 13 or 60 µs by the scheduler's placement,
 * docs/benchmark-method.md).</li>
 * <li>{@code select}: {@code c} native/build/TCPEchoServer-Select, {@code ffm} echo/bin/TCPEchoServer-Select,
 * {@code nio} {@link NioEchoServer} (a Selector): connections/s only. The book's server serves each
 * accepted client to the end before it selects again, so it is iterative: with one client at a
 * time (the load opens connections one after another) the rate is the fair comparison. Its
 * stdin is a pipe held open (the keyboard nobody presses; /dev/null would be EOF at once, which
 * shuts it down); closing it at the end must shut it down ("Shutting down server", exit 0); its
 * timeout prints "No echo requests" only after that many idle seconds.</li>
 * </ul>
 * Each round starts every server once, in random order, waits for its port in /proc/net/tcp,
 * gives it a warm-up load, then the measured load; the server is stopped by its pid. One line a
 * server, round and measure into OUT_KV.
 * <pre>ServerLanes thread|select OUT_KV ROOT JAVA ROUNDS CONN_WARMUP CONNECTIONS RTT_WARMUP ROUND_TRIPS</pre>
 */
public final class ServerLanes {

    private ServerLanes() {
    }

    static final long LISTEN_LIMIT_MS = 30_000;
    static final int SELECT_TIMEOUT_S = 2; // the select servers' idle timeout
    private static volatile Process current; // the server running now, for the shutdown hook

    public static void main(String[] args) throws Exception {
        if (args.length != 9 || !(args[0].equals("thread") || args[0].equals("select"))) {
            System.err.println("Usage: ServerLanes thread|select OUT_KV ROOT JAVA ROUNDS CONN_WARMUP CONNECTIONS RTT_WARMUP ROUND_TRIPS");
            System.exit(2);
        }
        String set = args[0];
        Path kv = Path.of(args[1]);
        Path root = Path.of(args[2]);
        String java = args[3];
        int rounds = Integer.parseInt(args[4]);
        String connWarm = args[5];
        String conns = args[6];
        String rttWarm = args[7];
        String rtts = args[8];
        String client = root.resolve("native/jni/build/BenchEchoClient").toString();
        List<String> jvm = List.of(java, "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC", "-Xmx64m",
                "-cp", root.resolve("benchmarks/target/benchmarks.jar").toString());
        Map<String, List<String>> servers = servers(set, root, jvm);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Process p = current;
            if (p != null) {
                p.destroyForcibly();
            }
        }));
        Random random = new Random(23);
        Path work = Files.createTempDirectory("serverlanes");
        try {
            for (int round = 1; round <= rounds; round++) {
                List<String> order = new ArrayList<>(servers.keySet());
                Collections.shuffle(order, random);
                for (String name : order) {
                    String prefix = "set=" + set + " server=" + name + " round=" + round;
                    for (String line : serve(set, name, servers.get(name), work, client, connWarm, conns, rttWarm, rtts)) {
                        Files.writeString(kv, prefix + " " + line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                        System.err.println("[" + set + "] " + prefix + " " + line);
                    }
                }
            }
        } finally {
            for (Path f : List.of(work.resolve("out"), work.resolve("err"))) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(work);
        }
    }

    static Map<String, List<String>> servers(String set, Path root, List<String> jvm) {
        Map<String, List<String>> s = new LinkedHashMap<>();
        String timeout = Integer.toString(SELECT_TIMEOUT_S);
        if (set.equals("thread")) {
            s.put("c", List.of(root.resolve("native/build/TCPEchoServer-Thread").toString()));
            s.put("ffm", List.of(root.resolve("echo/bin/TCPEchoServer-Thread").toString()));
            s.put("vthread", concat(jvm, VirtualThreadEchoServer.class.getName()));
        } else {
            s.put("c", List.of(root.resolve("native/build/TCPEchoServer-Select").toString(), timeout));
            s.put("ffm", List.of(root.resolve("echo/bin/TCPEchoServer-Select").toString(), timeout));
            s.put("nio", concat(jvm, NioEchoServer.class.getName()));
        }
        return s;
    }

    /** One server's turn: start, listen, warm-up, measure, stop. Its result lines (without the prefix). */
    static List<String> serve(String set, String name, List<String> command, Path work, String client,
                              String connWarm, String conns, String rttWarm, String rtts) throws Exception {
        int port = Ports.free();
        List<String> cmd = concat(command, Integer.toString(port));
        Path out = work.resolve("out");
        Path err = work.resolve("err");
        long t0 = System.nanoTime();
        // stdin stays a pipe we hold open: the select servers watch it as their keyboard
        Process server = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        current = server;
        List<String> lines = new ArrayList<>();
        try {
            while (!ProcNetTcp.listening(port)) {
                if (!server.isAlive() || System.nanoTime() - t0 > LISTEN_LIMIT_MS * 1_000_000L) {
                    throw new IllegalStateException(name + " did not start listening on " + port + ": " + Files.readString(err));
                }
                Thread.sleep(1);
            }
            double startMs = (System.nanoTime() - t0) / 1e6;
            run(List.of(client, "conn", "127.0.0.1", Integer.toString(port), connWarm, "30"), "conn"); // the JIT's turn
            Map<String, String> conn = run(List.of(client, "conn", "127.0.0.1", Integer.toString(port), conns, "30"), "conn");
            if (Long.parseLong(conn.get("ok")) == 0) {
                throw new IllegalStateException(name + " served no connection: " + Files.readString(err));
            }
            String mem = String.format(Locale.ROOT, "start_ms=%.1f threads=%s rss_kb=%s", startMs,
                    status(server.pid(), "Threads"), status(server.pid(), "VmRSS"));
            lines.add("mode=conn " + mem + " " + rest(conn, "n", "ok", "failed", "seconds", "conn_per_s", "p50_ns", "p99_ns"));
            if (Long.parseLong(rtts) > 0) {
                // every thread of the server onto CPU 0; the threads it starts later inherit it
                Process pin = new ProcessBuilder("taskset", "-a", "-p", "-c", "0", Long.toString(server.pid()))
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (!pin.waitFor(10, TimeUnit.SECONDS) || pin.exitValue() != 0) {
                    throw new IllegalStateException("taskset -a -p " + server.pid() + " failed");
                }
                Map<String, String> rtt = run(List.of("taskset", "-c", "0", client, "rtt", "127.0.0.1", Integer.toString(port), rttWarm, rtts), "rtt");
                lines.add("mode=rtt " + rest(rtt, "n", "mean_ns", "p50_ns", "p99_ns"));
            }
            if (!server.isAlive()) {
                throw new IllegalStateException(name + " died: " + Files.readString(err));
            }
            if (set.equals("select")) {
                lines.set(0, lines.get(0) + " " + selectShutdown(name, server, out, err));
            }
        } finally {
            server.destroy(); // SIGTERM to its pid (the launchers exec: the JVM itself)
            if (!server.waitFor(5, TimeUnit.SECONDS)) {
                server.destroyForcibly();
                server.waitFor(5, TimeUnit.SECONDS);
            }
            current = null;
        }
        return lines;
    }

    /**
     * The select servers' own way out: end of stdin. The book's and the twin must print "Shutting
     * down server" and exit 0 (NIO's has no keyboard: it is killed). Also what they printed: one
     * "Request on port" line a connection served, one "No echo requests" line a timeout.
     */
    static String selectShutdown(String name, Process server, Path out, Path err) throws Exception {
        server.getOutputStream().close();
        if (name.equals("nio")) {
            return "stdin_exit=-";
        }
        if (!server.waitFor(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException(name + ": no exit 10 s after its stdin ended");
        }
        String text = Files.readString(out, StandardCharsets.UTF_8);
        if (server.exitValue() != 0 || !text.contains("Shutting down server")) {
            throw new IllegalStateException(name + ": stdin's end gave exit " + server.exitValue() + ", output ends "
                    + text.substring(Math.max(0, text.length() - 200)) + Files.readString(err));
        }
        return "stdin_exit=0 requests=" + count(text, "Request on port") + " timeouts=" + count(text, "No echo requests");
    }

    static long count(String text, String what) {
        return text.lines().filter(l -> l.contains(what)).count();
    }

    /** Runs BenchEchoClient once (bounded: 120 s) and returns its result line's fields, or the run fails. */
    static Map<String, String> run(List<String> cmd, String mode) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] output;
        try (var in = p.getInputStream()) {
            output = in.readAllBytes(); // ends when the process does, bounded by its own max seconds
        }
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", cmd) + ": did not end");
        }
        String text = new String(output, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + ": exit " + p.exitValue() + ": " + text);
        }
        return result(text, mode);
    }

    /** The fields of the client's one result line for MODE ("lane=c mode=conn n=.. ok=.."); a missing line or field fails. */
    static Map<String, String> result(String output, String mode) {
        String line = output.lines().filter(l -> l.startsWith("lane=c mode=" + mode + " ")).findFirst()
                .orElseThrow(() -> new IllegalStateException("no '" + mode + "' result line in: " + output));
        Map<String, String> f = new LinkedHashMap<>();
        for (String field : line.trim().split("\\s+")) {
            int eq = field.indexOf('=');
            if (eq <= 0) {
                throw new IllegalStateException("not key=value: '" + field + "' in " + line);
            }
            f.put(field.substring(0, eq), field.substring(eq + 1));
        }
        for (String need : mode.equals("conn") ? List.of("ok", "failed", "conn_per_s", "p50_ns") : List.of("p50_ns", "p99_ns")) {
            if (!f.containsKey(need)) {
                throw new IllegalStateException("no " + need + " in " + line);
            }
            Double.parseDouble(f.get(need)); // a number, or the run fails here
        }
        return f;
    }

    static String rest(Map<String, String> f, String... keys) {
        StringBuilder sb = new StringBuilder();
        for (String k : keys) {
            if (f.containsKey(k)) {
                sb.append(sb.isEmpty() ? "" : " ").append(k).append('=').append(f.get(k));
            }
        }
        return sb.toString();
    }

    /** A number from /proc/PID/status ("Threads", "VmRSS"), or -1. */
    static String status(long pid, String key) {
        try {
            for (String l : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (l.startsWith(key + ":")) {
                    return l.replaceAll("\\D", "");
                }
            }
        } catch (IOException gone) {
            // gone: -1
        }
        return "-1";
    }

    static List<String> concat(List<String> a, String b) {
        List<String> l = new ArrayList<>(a);
        l.add(b);
        return l;
    }
}
