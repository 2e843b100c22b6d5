/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.benchmarks;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The essentials of {@code benchmarks/run --smoke}, in {@code mvn verify}: the JNI library loads,
 * every JMH benchmark method runs (once, in this JVM), every instruction-count loop runs, and every
 * request/response lane completes a few round trips against the C echo server.
 */
class SmokeTest {

    static final List<Class<?>> BENCHMARKS = List.of(Getpid.class, RecvPeek.class, RecvEmpty.class, RecvRefill.class);

    @Test
    void jniLibraryLoadsAndAgreesWithTheJvm() {
        assertEquals(ProcessHandle.current().pid(), Jni.getpid());
        assertEquals(Jni.getpid(), Ffm.getpidCapture());
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void everyBenchmarkMethodRunsOnce() throws Exception {
        int methods = 0;
        for (Class<?> c : BENCHMARKS) {
            for (Method m : c.getDeclaredMethods()) {
                if (m.isAnnotationPresent(org.openjdk.jmh.annotations.Benchmark.class)) {
                    methods++;
                }
            }
        }
        Options opt = new OptionsBuilder()
                .include("io\\.github\\.panamasockets\\.benchmarks\\..*")
                .forks(0) // in this JVM: surefire gave it --enable-native-access
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(20))
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT)
                .build();
        Collection<RunResult> results = new Runner(opt).run();
        assertEquals(methods, results.size(), "one result per @Benchmark method");
        for (RunResult r : results) {
            double score = r.getPrimaryResult().getScore();
            assertTrue(score > 0 && Double.isFinite(score), r.getParams().getBenchmark() + ": " + score);
        }
    }

    @Test
    void everyInstructionCountLoopRuns() throws Exception {
        Map<String, CallCount.Loop> loops = CallCount.loops(List.of("getpid", "peek", "empty"));
        assertEquals(26, loops.size()); // 7 getpid, 9 peek and 10 empty lanes
        for (var e : loops.entrySet()) {
            e.getValue().run(10); // a broken lane throws
        }
    }

    /** native/jni's BenchEchoServer with these arguments (stderr into stdout), started. */
    private static Process benchServer(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(NativeLibs.file("BenchEchoServer").toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    /** The port a BenchEchoServer names in its first line, "port N". */
    private static int port(Process server) throws IOException {
        String first = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8)).readLine();
        assertTrue(first != null && first.startsWith("port "), "server said: " + first);
        return Integer.parseInt(first.substring(5).trim());
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void everyEchoLaneRoundTripsAgainstTheCServer() throws Exception {
        Process server = benchServer("0", "60");
        try {
            String port = Integer.toString(port(server));
            List<String> lines = new ArrayList<>();
            Process c = new ProcessBuilder(NativeLibs.file("BenchEchoClient").toString(), "rtt", "127.0.0.1", port, "10", "100")
                    .redirectErrorStream(true).start();
            lines.add(new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            assertEquals(0, c.waitFor());
            for (String lane : List.of("ffm", "jni", "jnet", "nio")) {
                try (EchoLoad.Client client = EchoLoad.connect(lane, "127.0.0.1", Integer.parseInt(port), 65536)) {
                    for (int i = 0; i < 100; i++) {
                        client.sendAll(32);
                        client.recvAll(32);
                    }
                    client.sendAll(65536);
                    client.recvAll(65536);
                }
            }
            assertTrue(lines.get(0).contains("lane=c mode=rtt n=100"), lines.get(0));
        } finally {
            server.destroy();
            server.waitFor(5, TimeUnit.SECONDS);
        }
    }

    /** Section 3b: every UDP lane of EchoLoad round-trips against the C UDP echo server. */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void everyUdpLaneRoundTripsAgainstTheCServer() throws Exception {
        Process server = benchServer("0", "60", "udp");
        try {
            int port = port(server);
            Process c = new ProcessBuilder(NativeLibs.file("BenchEchoClient").toString(), "rtt-udp", "127.0.0.1", Integer.toString(port), "10", "100")
                    .redirectErrorStream(true).start();
            String line = new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, c.waitFor(), line);
            assertTrue(line.contains("lane=c mode=rtt n=100"), line);
            for (String lane : List.of("udp_ffm", "udp_dchan", "udp_dsock")) {
                try (EchoLoad.Client client = EchoLoad.connect(lane, "127.0.0.1", port, 32)) {
                    for (int i = 0; i < 100; i++) {
                        client.sendAll(32);
                        client.recvAll(32);
                    }
                }
            }
        } finally {
            server.destroy();
            server.waitFor(5, TimeUnit.SECONDS);
        }
    }

    /**
     * Section 3's driver: each lane's client a warm process told to run rounds on its stdin (the C
     * client and a JVM lane), every round a line with its CPU time, machine counters and C's spin.
     */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void interleavedRoundsComeBackFromEveryLaneWithTheirCounters() throws Exception {
        Process server = benchServer("0", "100");
        java.nio.file.Path lanes = java.nio.file.Files.createTempFile("lanes", ".tsv");
        try {
            String port = Integer.toString(port(server));
            String jvm = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
            String cp = System.getProperty("java.class.path");
            java.nio.file.Files.write(lanes, List.of(
                    String.join("\t", "c", NativeLibs.file("BenchEchoClient").toString(), "serve", "127.0.0.1", port, "90"),
                    String.join("\t", "ffm", jvm, "--enable-native-access=ALL-UNNAMED", "-cp", cp, EchoLoad.class.getName(), "ffm",
                            "serve", "127.0.0.1", port, "90")));
            Process driver = new ProcessBuilder(jvm, "-cp", cp, Interleave.class.getName(), lanes.toString(), "yes", "2", "100", "200", "2", "2")
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            List<String> out = new String(driver.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            assertEquals(0, driver.waitFor(), String.join("\n", out));
            List<String> rtt = out.stream().filter(l -> l.contains(" mode=rtt ")).toList();
            assertEquals(4, rtt.size(), String.join("\n", out)); // 2 rounds x 2 lanes
            for (String lane : List.of("c", "ffm")) {
                assertEquals(2, rtt.stream().filter(l -> l.contains(" lane=" + lane + " ")).count(), lane + ": " + rtt);
            }
            for (String l : rtt) {
                for (String field : List.of("pin=yes round=", " n=200 ", " cpu_ns=", " pcpu_ns=", " rx0=", " spin_ns=", " others_ticks=")) {
                    assertTrue(l.contains(field), field + " missing: " + l);
                }
            }
            assertEquals(4, out.stream().filter(l -> l.contains(" mode=tput ") && l.contains(" cpu_ns=")).count(), String.join("\n", out));
        } finally {
            java.nio.file.Files.deleteIfExists(lanes);
            server.destroy();
            server.waitFor(5, TimeUnit.SECONDS);
        }
    }

    /** The epoll lane's Java rivals (Netty's epoll transport, NIO) each echo under its C load generator, 10 connections. */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void theEpollLanesJavaServersEchoUnderItsLoadGenerator() throws Exception {
        for (Class<?> main : List.of(NettyEpollEchoServer.class, NioEchoServer.class)) {
            int port = io.github.panamasockets.testkit.Ports.free();
            Process server = new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                    "-cp", System.getProperty("java.class.path"), main.getName(), Integer.toString(port))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (!io.github.panamasockets.testkit.ProcNetTcp.listening(port)) {
                    assertTrue(server.isAlive() && System.nanoTime() < deadline, main.getSimpleName() + " did not listen on " + port);
                    Thread.sleep(10);
                }
                Process load = new ProcessBuilder(NativeLibs.file("EpollLoad").toString(), "127.0.0.1", Integer.toString(port),
                        "10", "50", "200").redirectErrorStream(true).start();
                String line = new String(load.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertEquals(0, load.waitFor(), main.getSimpleName() + ": " + line);
                assertTrue(line.startsWith("mode=epoll conns=10 size=32 "), line);
            } finally {
                server.destroyForcibly();
                server.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
