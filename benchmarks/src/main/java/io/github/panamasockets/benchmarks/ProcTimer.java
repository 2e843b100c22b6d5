/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.benchmarks;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
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

/**
 * Whole-process timer: runs several commands over repeated rounds, in a new random order each
 * round, so every lane shares the machine's load alike; times each run from start to exit;
 * fails loudly when a run exits non-zero, times out, or does not print what it should.
 * <pre>ProcTimer LANES_FILE ROUNDS WARMUP_ROUNDS RAW_CSV</pre>
 * LANES_FILE has one lane a line: name, expected stdout substring, then the command and its
 * arguments, all separated by tabs. Prints one key=value summary line per lane.
 */
public final class ProcTimer {

    private ProcTimer() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("Usage: ProcTimer LANES_FILE ROUNDS WARMUP_ROUNDS RAW_CSV");
            System.exit(2);
        }
        Map<String, String[]> lanes = new LinkedHashMap<>();
        Map<String, String> expect = new LinkedHashMap<>();
        for (String[] f : laneRows(Path.of(args[0]))) {
            lanes.put(f[0], Arrays.copyOfRange(f, 2, f.length));
            expect.put(f[0], f[1]);
        }
        int rounds = Integer.parseInt(args[1]);
        int warmup = Integer.parseInt(args[2]);
        Map<String, List<Double>> times = new LinkedHashMap<>();
        lanes.keySet().forEach(l -> times.put(l, new ArrayList<>()));
        File outFile = File.createTempFile("proctimer", ".out");
        File errFile = File.createTempFile("proctimer", ".err");
        Random random = new Random(42);
        try (PrintWriter raw = new PrintWriter(Files.newBufferedWriter(Path.of(args[3]), StandardCharsets.UTF_8))) {
            raw.println("lane,round,ms");
            for (int round = -warmup; round < rounds; round++) {
                List<String> order = new ArrayList<>(lanes.keySet());
                Collections.shuffle(order, random);
                for (String lane : order) {
                    ProcessBuilder pb = new ProcessBuilder(lanes.get(lane))
                            .redirectOutput(outFile).redirectError(errFile);
                    long t0 = System.nanoTime();
                    Process p = pb.start();
                    boolean done = p.waitFor(60, TimeUnit.SECONDS);
                    double ms = (System.nanoTime() - t0) / 1e6;
                    if (!done) {
                        p.destroyForcibly();
                        throw new IllegalStateException(lane + ": did not exit within 60 s");
                    }
                    String out = Files.readString(outFile.toPath());
                    if (p.exitValue() != 0 || !out.contains(expect.get(lane))) {
                        throw new IllegalStateException(lane + ": exit " + p.exitValue() + ", stdout [" + out.strip()
                                + "], stderr [" + Files.readString(errFile.toPath()).strip() + "]");
                    }
                    if (round >= 0) {
                        times.get(lane).add(ms);
                        raw.printf(Locale.ROOT, "%s,%d,%.3f%n", lane, round, ms);
                    }
                }
            }
        } finally {
            outFile.delete();
            errFile.delete();
        }
        for (var e : times.entrySet()) {
            double[] t = e.getValue().stream().mapToDouble(Double::doubleValue).sorted().toArray();
            double mean = Arrays.stream(t).average().orElse(0);
            System.out.printf(Locale.ROOT, "lane=%s n=%d median_ms=%.1f mean_ms=%.1f min_ms=%.1f max_ms=%.1f%n",
                    e.getKey(), t.length, t[t.length / 2], mean, t[0], t[t.length - 1]);
        }
    }

    /** A lanes file's rows (this one's and {@link ListenTimer}'s), each split at its tabs; blank lines and # comments skipped. */
    static List<String[]> laneRows(Path file) throws IOException {
        List<String[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                rows.add(line.split("\t"));
            }
        }
        return rows;
    }
}
