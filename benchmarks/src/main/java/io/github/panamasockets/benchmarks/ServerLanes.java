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
 * The servers of a set run side by side, each on its own port, started afresh every
 * PASSES_PER_START passes: started one after another (each is up when its port is seen in
 * /proc/net/tcp; start_ms is only indicative: thousands of TIME_WAIT sockets from the passes
 * before make /proc/net/tcp slow to read), each given a warm-up load, then pass after pass each server gets one measured load, in
 * a new random order each pass, so a server's figure and C's of the same pass saw the same machine
 * (the paired ratios of {@link Report}, as {@link Interleave} does for the clients); the servers
 * waiting for their turn sit in accept() or select(). Round trips (thread set) come after the
 * block's connection passes, once every server's threads are on CPU 0. Every server is stopped
 * by its pid at the end of the block (the select servers by the end of their stdin first).
 * One line a server, pass and measure into OUT_KV ("round" is the pass).
 * <pre>ServerLanes thread|select OUT_KV ROOT JAVA PASSES PASSES_PER_START CONN_WARMUP CONNECTIONS RTT_WARMUP ROUND_TRIPS</pre>
 */
public final class ServerLanes {

    private ServerLanes() {
    }

    static final long LISTEN_LIMIT_MS = 30_000;
    static final int SELECT_TIMEOUT_S = 2; // the select servers' idle timeout
    private static final List<Process> RUNNING = new java.util.concurrent.CopyOnWriteArrayList<>(); // for the shutdown hook

    /** One server of the block: its process, port, output files, and the connections it was sent. */
    static final class Server {
        final String name;
        final Process process;
        final int port;
        final Path out;
        final Path err;
        double startMs;
        long connections; // what its "Request on port" lines must count (select set)

        Server(String name, Process process, int port, Path out, Path err) {
            this.name = name;
            this.process = process;
            this.port = port;
            this.out = out;
            this.err = err;
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 10 || !(args[0].equals("thread") || args[0].equals("select"))) {
            System.err.println("Usage: ServerLanes thread|select OUT_KV ROOT JAVA PASSES PASSES_PER_START CONN_WARMUP CONNECTIONS RTT_WARMUP ROUND_TRIPS");
            System.exit(2);
        }
        String set = args[0];
        Path kv = Path.of(args[1]);
        Path root = Path.of(args[2]);
        String java = args[3];
        int passes = Integer.parseInt(args[4]);
        int perStart = Integer.parseInt(args[5]);
        String client = root.resolve("native/jni/build/BenchEchoClient").toString();
        List<String> jvm = List.of(java, "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC", "-Xmx64m",
                "-cp", root.resolve("benchmarks/target/benchmarks.jar").toString());
        Map<String, List<String>> servers = servers(set, root, jvm);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly)));
        Random random = new Random(23);
        Path work = Files.createTempDirectory("serverlanes");
        try {
            for (int first = 1, block = 1; first <= passes; first += perStart, block++) {
                for (String line : block(set, servers, work, client, first, Math.min(passes, first + perStart - 1), block, random,
                        args[6], args[7], args[8], args[9])) {
                    Files.writeString(kv, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                    System.err.println("[" + set + "] " + line);
                }
            }
        } finally {
            try (var files = Files.list(work)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
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


    /** One block: start every server, warm each, passes first..last of connections then round trips, stop them. */
    static List<String> block(String set, Map<String, List<String>> commands, Path work, String client, int first, int last,
                              int block, Random random, String connWarm, String conns, String rttWarm, String rtts) throws Exception {
        List<Server> servers = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        try {
            for (var e : commands.entrySet()) {
                int port = Ports.free();
                Path out = work.resolve(e.getKey() + ".out");
                Path err = work.resolve(e.getKey() + ".err");
                long t0 = System.nanoTime();
                // stdin stays a pipe held open: the select servers watch it as their keyboard
                Process p = new ProcessBuilder(concat(e.getValue(), Integer.toString(port)))
                        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                RUNNING.add(p);
                Server s = new Server(e.getKey(), p, port, out, err);
                servers.add(s);
                while (!ProcNetTcp.listening(port)) {
                    if (!p.isAlive() || System.nanoTime() - t0 > LISTEN_LIMIT_MS * 1_000_000L) {
                        throw new IllegalStateException(s.name + " did not start listening on " + port + ": " + Files.readString(err));
                    }
                    Thread.sleep(1);
                }
                s.startMs = (System.nanoTime() - t0) / 1e6;
            }
            for (Server s : servers) {
                conn(s, client, connWarm); // the JIT's turn, for every server alike
            }
            for (int pass = first; pass <= last; pass++) {
                List<Server> order = new ArrayList<>(servers);
                Collections.shuffle(order, random);
                for (Server s : order) {
                    Map<String, String> conn = conn(s, client, conns);
                    if (Long.parseLong(conn.get("ok")) == 0) {
                        throw new IllegalStateException(s.name + " served no connection: " + Files.readString(s.err));
                    }
                    lines.add(String.format(Locale.ROOT, "set=%s server=%s round=%d block=%d mode=conn start_ms=%.1f threads=%s rss_kb=%s %s",
                            set, s.name, pass, block, s.startMs, status(s.process.pid(), "Threads"), status(s.process.pid(), "VmRSS"),
                            rest(conn, "n", "ok", "failed", "seconds", "conn_per_s", "p50_ns", "p99_ns")));
                }
            }
            if (Long.parseLong(rtts) > 0) {
                for (Server s : servers) {
                    pinAll(s.process.pid()); // every thread onto CPU 0; the threads it starts later inherit it
                }
                for (int pass = first; pass <= last; pass++) {
                    List<Server> order = new ArrayList<>(servers);
                    Collections.shuffle(order, random);
                    for (Server s : order) {
                        Map<String, String> rtt = run(List.of("taskset", "-c", "0", client, "rtt", "127.0.0.1", Integer.toString(s.port),
                                rttWarm, rtts), "rtt");
                        lines.add(String.format(Locale.ROOT, "set=%s server=%s round=%d block=%d mode=rtt %s", set, s.name, pass, block,
                                rest(rtt, "n", "mean_ns", "p50_ns", "p99_ns")));
                    }
                }
            }
            for (Server s : servers) {
                if (!s.process.isAlive()) {
                    throw new IllegalStateException(s.name + " died: " + Files.readString(s.err));
                }
            }
            if (set.equals("select")) {
                for (Server s : servers) {
                    String shut = selectShutdown(s);
                    for (int i = 0; i < lines.size(); i++) { // on the server's lines of this block
                        if (lines.get(i).contains(" server=" + s.name + " ") && lines.get(i).contains(" mode=conn ")) {
                            lines.set(i, lines.get(i) + " " + shut);
                        }
                    }
                }
            }
        } finally {
            for (Server s : servers) {
                s.process.destroy(); // SIGTERM to its pid (the launchers exec: the JVM itself)
                if (!s.process.waitFor(5, TimeUnit.SECONDS)) {
                    s.process.destroyForcibly();
                    s.process.waitFor(5, TimeUnit.SECONDS);
                }
                RUNNING.remove(s.process);
            }
        }
        return lines;
    }

    /** One connection load against a server (BenchEchoClient conn); counts what it sent. */
    static Map<String, String> conn(Server s, String client, String n) throws Exception {
        Map<String, String> f = run(List.of(client, "conn", "127.0.0.1", Integer.toString(s.port), n, "30"), "conn");
        s.connections += Long.parseLong(f.get("n")) + 1; // and the one that waits for the server, not counted
        return f;
    }

    static void pinAll(long pid) throws Exception {
        Process pin = new ProcessBuilder("taskset", "-a", "-p", "-c", "0", Long.toString(pid))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!pin.waitFor(10, TimeUnit.SECONDS) || pin.exitValue() != 0) {
            throw new IllegalStateException("taskset -a -p -c 0 " + pid + " failed");
        }
    }

    /**
     * The select servers' own way out: end of stdin. The book's and the twin must print "Shutting
     * down server" and exit 0 (NIO's has no keyboard: it is killed). Also what they printed: one
     * "Request on port" line a connection served, one "No echo requests" line a timeout.
     */
    static String selectShutdown(Server s) throws Exception {
        s.process.getOutputStream().close();
        if (s.name.equals("nio")) {
            return "stdin_exit=-";
        }
        if (!s.process.waitFor(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException(s.name + ": no exit 10 s after its stdin ended");
        }
        String text = Files.readString(s.out, StandardCharsets.UTF_8);
        long requests = count(text, "Request on port");
        if (s.process.exitValue() != 0 || !text.contains("Shutting down server") || requests != s.connections) {
            throw new IllegalStateException(s.name + ": stdin's end gave exit " + s.process.exitValue() + " after " + requests
                    + " requests of " + s.connections + ", output ends " + text.substring(Math.max(0, text.length() - 200))
                    + Files.readString(s.err));
        }
        return "stdin_exit=0 requests=" + requests + " timeouts=" + count(text, "No echo requests");
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
