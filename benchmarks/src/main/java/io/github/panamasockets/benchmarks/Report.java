/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.benchmarks;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the raw results of benchmarks/run (JMH JSON and key=value lines) into
 * {@code results.md} (tables with every figure also as a ratio to C from the same run, and the
 * goals of issue 7, met or missed) and PNG charts drawn with XChart.
 * <pre>Report RESULTS_DIR</pre>
 */
public final class Report {

    /** Lane names as the tables show them, in this order. */
    static final List<String> LANES = List.of("c", "ffm", "ffm_errno", "ffm_errno_segment", "ffm_shim", "ffm_critical", "ffm_critical_errno", "jni",
            "jnr_posix", "jnr_ffi", "jnr_ffi_noerrno", "nio", "jnet");
    static final List<String> CALLS = List.of("getpid", "peek", "empty", "refill");
    static final Map<String, String> JMH_CLASS_TO_CALL = Map.of("Getpid", "getpid", "RecvPeek", "peek",
            "RecvEmpty", "empty", "RecvRefill", "refill");

    final Path dir;
    final StringBuilder md = new StringBuilder();
    final List<String[]> goals = new ArrayList<>();

    Report(Path dir) {
        this.dir = dir;
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        Report r = new Report(Path.of(args[0]));
        r.run();
    }

    // ---- reading ------------------------------------------------------------------------------

    /** key=value lines of a file (absent file: no lines). */
    List<Map<String, String>> kv(String file) throws IOException {
        Path p = dir.resolve(file);
        List<Map<String, String>> rows = new ArrayList<>();
        if (!Files.exists(p)) {
            return rows;
        }
        for (String line : Files.readAllLines(p)) {
            Map<String, String> row = new LinkedHashMap<>();
            for (String field : line.trim().split("\\s+")) {
                int eq = field.indexOf('=');
                if (eq > 0) {
                    row.put(field.substring(0, eq), field.substring(eq + 1));
                }
            }
            if (!row.isEmpty()) {
                rows.add(row);
            }
        }
        return rows;
    }

    /** The env file keeps values with spaces: key=rest of the line. */
    Map<String, String> env() throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        Path p = dir.resolve("env.txt");
        if (Files.exists(p)) {
            for (String line : Files.readAllLines(p)) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    env.put(line.substring(0, eq), line.substring(eq + 1).trim());
                }
            }
        }
        return env;
    }

    /** JMH JSON: lane -> call -> {score, error}. Parsed by pattern: the file's shape is JMH's own. */
    Map<String, Map<String, double[]>> jmh() throws IOException {
        Map<String, Map<String, double[]>> out = new LinkedHashMap<>();
        Path p = dir.resolve("jmh.json");
        if (!Files.exists(p)) {
            return out;
        }
        String json = Files.readString(p);
        Pattern bench = Pattern.compile("\"benchmark\"\\s*:\\s*\"[\\w.]*\\.(\\w+)\\.(\\w+)\"");
        Pattern score = Pattern.compile("\"primaryMetric\"\\s*:\\s*\\{\\s*\"score\"\\s*:\\s*([-\\d.Ee]+|\"NaN\")\\s*,\\s*\"scoreError\"\\s*:\\s*([-\\d.Ee]+|\"NaN\")");
        Matcher b = bench.matcher(json);
        while (b.find()) {
            Matcher s = score.matcher(json);
            if (!s.find(b.end())) {
                break;
            }
            String call = JMH_CLASS_TO_CALL.getOrDefault(b.group(1), b.group(1));
            String lane = camelToLane(b.group(2));
            out.computeIfAbsent(lane, k -> new LinkedHashMap<>()).put(call, new double[]{num(s.group(1)), num(s.group(2))});
        }
        return out;
    }

    static double num(String s) {
        return s.contains("NaN") ? Double.NaN : Double.parseDouble(s);
    }

    static String camelToLane(String m) {
        return m.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT).replace("no_errno", "noerrno");
    }

    static double median(List<Double> xs) {
        double[] a = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (a.length == 0) {
            return Double.NaN;
        }
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }

    /** Median over rounds of one field, per group key. */
    static Map<String, Double> medianBy(List<Map<String, String>> rows, Function<Map<String, String>, String> key, String field) {
        Map<String, List<Double>> acc = new LinkedHashMap<>();
        for (Map<String, String> r : rows) {
            if (r.containsKey(field)) {
                acc.computeIfAbsent(key.apply(r), k -> new ArrayList<>()).add(Double.parseDouble(r.get(field)));
            }
        }
        Map<String, Double> out = new LinkedHashMap<>();
        acc.forEach((k, v) -> out.put(k, median(v)));
        return out;
    }


    // ---- paired ratios, intervals, verdicts (docs/benchmark-method.md) -----------------------

    /**
     * Median of xs with its distribution-free interval from order statistics: [x(k), x(n+1-k)],
     * k the largest with P(Binomial(n, 1/2) &lt; k) &lt;= 2.5%, which covers the true median with
     * probability 1 - 2 P(B &lt;= k-1) &gt;= 95%; with fewer than 6 values the widest, min..max, whose
     * coverage 1 - 2^(1-n) is below 95% and is printed as such. Returns {median, lo, hi, coverage, n}.
     */
    static double[] medianInterval(List<Double> xs) {
        double[] a = xs.stream().mapToDouble(Double::doubleValue).filter(v -> !Double.isNaN(v)).sorted().toArray();
        int n = a.length;
        if (n == 0) {
            return new double[]{Double.NaN, Double.NaN, Double.NaN, 0, 0};
        }
        double[] cdf = new double[n + 1]; // cdf[j] = P(B <= j)
        double pj = Math.pow(0.5, n);
        double acc = 0;
        for (int j = 0; j <= n; j++) {
            acc += pj;
            cdf[j] = acc;
            pj = pj * (n - j) / (j + 1);
        }
        int k = 1;
        while (k + 1 <= (n + 1) / 2 && cdf[k] <= 0.025) { // k+1 allowed when P(B <= k) <= 2.5%
            k++;
        }
        double coverage = 1 - 2 * cdf[k - 1]; // P(fewer than k values below the median) on each side
        return new double[]{median(Arrays.stream(a).boxed().toList()), a[k - 1], a[n - k], coverage, n};
    }

    /**
     * Per-round ratios value(lane)/value(base) of the rows that share every key in {@code pairKeys}
     * (the same pin and round): the pairs see the same machine state.
     */
    static List<Double> pairedRatios(List<Map<String, String>> rows, String laneKey, String lane, String base, String field, List<String> pairKeys) {
        Map<String, Double> baseBy = new LinkedHashMap<>();
        Map<String, Double> laneBy = new LinkedHashMap<>();
        for (Map<String, String> r : rows) {
            if (!r.containsKey(field)) {
                continue;
            }
            String k = pairKeys.stream().map(x -> r.getOrDefault(x, "")).reduce("", (x, y) -> x + "/" + y);
            if (base.equals(r.get(laneKey))) {
                baseBy.put(k, Double.parseDouble(r.get(field)));
            } else if (lane.equals(r.get(laneKey))) {
                laneBy.put(k, Double.parseDouble(r.get(field)));
            }
        }
        List<Double> out = new ArrayList<>();
        laneBy.forEach((k, v) -> {
            if (baseBy.containsKey(k) && baseBy.get(k) != 0) {
                out.add(v / baseBy.get(k));
            }
        });
        return out;
    }

    /** "1.02× [0.98, 1.06]": a paired ratio's median and interval; the coverage in the goal table. */
    static String interval(double[] m) {
        return Double.isNaN(m[0]) ? "–" : String.format(Locale.ROOT, "%.2f× [%.2f, %.2f]", m[0], m[1], m[2]);
    }

    static String intervalLong(double[] m) {
        return Double.isNaN(m[0]) ? "not measured" : String.format(Locale.ROOT, "%.2f× [%.2f, %.2f], %.1f%% interval, %d rounds", m[0], m[1], m[2],
                100 * m[3], (int) m[4]);
    }

    /**
     * met when the whole interval meets the goal, missed when the whole interval misses it, not told
     * apart when it covers the goal, or when its coverage is below 90% (fewer than 5 rounds). {@code atMost}: the goal is ratio &lt;= goal (else ratio &gt;= goal).
     */
    static String verdict(double[] m, double goal, boolean atMost) {
        if (Double.isNaN(m[0])) {
            return "not measured";
        }
        if (m[3] < 0.9) { // fewer than 5 rounds (a smoke run): no interval worth the name
            return "not told apart (too few rounds)";
        }
        if (atMost) {
            return m[2] <= goal ? "met" : m[1] > goal ? "**missed**" : "not told apart";
        }
        return m[1] >= goal ? "met" : m[2] < goal ? "**missed**" : "not told apart";
    }

    /** All parts met: met; any part missed: missed; otherwise not told apart. */
    static String allOf(String... verdicts) {
        if (Arrays.stream(verdicts).anyMatch(v -> v.contains("missed"))) {
            return "**missed**";
        }
        if (Arrays.stream(verdicts).allMatch(v -> v.equals("met"))) {
            return "met";
        }
        return Arrays.stream(verdicts).anyMatch(v -> v.equals("not measured")) ? "not measured"
                : Arrays.stream(verdicts).filter(v -> v.startsWith("not told apart")).findFirst().orElse("not told apart");
    }

    // ---- formatting ---------------------------------------------------------------------------

    static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        double a = Math.abs(v);
        return String.format(Locale.ROOT, a >= 1000 ? "%,.0f" : a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : "%.2f", v);
    }

    static String ratio(double v, double c) {
        return Double.isNaN(v) || Double.isNaN(c) || c == 0 ? "" : String.format(Locale.ROOT, " (%.2f×)", v / c);
    }

    void table(List<String> header, List<List<String>> rows) {
        md.append("| ").append(String.join(" | ", header)).append(" |\n|");
        header.forEach(h -> md.append(" --- |"));
        md.append('\n');
        for (List<String> r : rows) {
            md.append("| ").append(String.join(" | ", r)).append(" |\n");
        }
        md.append('\n');
    }

    void chart(String file, String title, String yTitle, List<String> categories, Map<String, List<Double>> series) throws IOException {
        CategoryChart chart = new CategoryChartBuilder().width(900).height(480).title(title).yAxisTitle(yTitle).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setXAxisLabelRotation(0);
        chart.getStyler().setOverlapped(false);
        int added = 0;
        for (var e : series.entrySet()) {
            List<Double> ys = e.getValue().stream().map(v -> Double.isNaN(v) ? 0.0 : v).toList();
            if (ys.stream().anyMatch(v -> v != 0.0)) {
                chart.addSeries(e.getKey(), categories, ys);
                added++;
            }
        }
        if (added > 0) {
            Path charts = dir.resolve("charts");
            Files.createDirectories(charts);
            BitmapEncoder.saveBitmap(chart, charts.resolve(file).toString(), BitmapEncoder.BitmapFormat.PNG);
            md.append("![").append(title).append("](charts/").append(file).append(")\n\n");
        }
    }

    void goal(String what, String measured, Boolean met) {
        goal(what, measured, met == null ? "not measured" : met ? "met" : "**missed**");
    }

    void goal(String what, String measured, String verdict) {
        goals.add(new String[]{what, measured, verdict});
    }

    // ---- sections -----------------------------------------------------------------------------

    void run() throws Exception {
        Map<String, String> env = env();
        md.append("# panama-sockets benchmark results\n\n");
        md.append("| machine | JDK | kernel | date | mode | load average before → after |\n| --- | --- | --- | --- | --- | --- |\n");
        md.append("| ").append(env.getOrDefault("machine", "?")).append(" | ").append(env.getOrDefault("jdk", "?"))
                .append(" | ").append(env.getOrDefault("kernel", "?")).append(" | ").append(env.getOrDefault("date", "?"))
                .append(" | ").append(env.getOrDefault("mode", "?")).append(" | ").append(env.getOrDefault("load_before", "?"))
                .append(" → ").append(env.getOrDefault("load_after", "?")).append(" |\n\n");
        md.append("Every figure is followed by its ratio to the C lane of the same run, (×C). Lanes: `c` plain C "
                + "(gcc -O2); `ffm` the generated binding; `ffm_errno` with `captureCallState(\"errno\")` and a per-thread "
                + "capture segment (`Errno`); `ffm_shim` a plain downcall to a C shim that returns -errno (recv only); `ffm_critical` `Linker.Option.critical(false)`; `jni` native/jni's JNI "
                + "binding (errno returned as -errno); `jnr_posix`, `jnr_ffi` (errno saved), `jnr_ffi_noerrno` "
                + "(`@IgnoreError`); `nio` a `SocketChannel`; `jnet` `java.net.Socket`.\n\n");
        downcalls();
        errnoRace();
        instructions();
        roundTrips();
        throughput();
        udpRoundTrips();
        serverLanes();
        connections();
        processes();
        listening();
        epoll();
        md.append("## Goals\n\n");
        md.append("Ratios are medians of per-round paired ratios with their order-statistics interval (coverage and rounds "
                + "given; docs/benchmark-method.md). Verdict: met when the whole interval meets the goal, missed when the whole "
                + "interval misses it, not told apart when the interval covers the goal.\n\n");
        table(List.of("goal", "measured (this run)", "verdict"), goals.stream().map(Arrays::asList).toList());
        Files.writeString(dir.resolve("results.md"), md.toString());
        System.out.println("Report: wrote " + dir.resolve("results.md") + (Files.exists(dir.resolve("charts")) ? " and charts/" : ""));
    }

    void downcalls() throws IOException {
        Map<String, Map<String, double[]>> jmh = jmh();
        Map<String, Double> c = new LinkedHashMap<>();
        for (Map<String, String> r : kv("callbench.kv")) {
            c.put(r.get("call"), Double.parseDouble(r.get("ns_per_call")));
        }
        if (jmh.isEmpty() && c.isEmpty()) {
            return;
        }
        md.append("## 1. Downcall cost (JMH, ns per operation, mean ± 99.9% error)\n\n");
        md.append("`getpid`: getpid(). `peek`: recv(fd, buf, 32, MSG_PEEK|MSG_DONTWAIT) with 32 bytes queued (the same "
                + "syscall every time). `empty`: recv(…, MSG_DONTWAIT) with nothing queued: -1/EAGAIN (NIO: read() = 0). "
                + "`refill`: send 32 bytes, then recv them (two syscalls). C: native/jni/CallBench, median of repeats.\n\n");
        List<List<String>> rows = new ArrayList<>();
        Map<String, List<Double>> ratioSeries = new LinkedHashMap<>();
        for (String lane : LANES) {
            if (!lane.equals("c") && !jmh.containsKey(lane)) {
                continue;
            }
            List<String> row = new ArrayList<>(List.of("`" + lane + "`"));
            List<Double> ratios = new ArrayList<>();
            for (String call : CALLS) {
                double v = lane.equals("c") ? c.getOrDefault(call, Double.NaN)
                        : jmh.get(lane).getOrDefault(call, new double[]{Double.NaN, Double.NaN})[0];
                double err = lane.equals("c") ? Double.NaN
                        : jmh.get(lane).getOrDefault(call, new double[]{Double.NaN, Double.NaN})[1];
                double cv = c.getOrDefault(call, Double.NaN);
                row.add(Double.isNaN(v) ? "–" : fmt(v) + (Double.isNaN(err) ? "" : " ± " + fmt(err)) + ratio(v, cv));
                ratios.add(v / cv);
            }
            rows.add(row);
            ratioSeries.put(lane, ratios);
        }
        table(List.of("lane", "getpid", "peek", "empty", "refill"), rows);
        chart("downcall-ratio.png", "Downcall cost, ratio to C (JMH ns/op ÷ C ns/op)", "× C", CALLS, ratioSeries);

        double[] errnoEmpty = jmh.getOrDefault("ffm_errno", Map.of()).get("empty");
        double[] jniEmpty = jmh.getOrDefault("jni", Map.of()).get("empty");
        if (errnoEmpty != null && jniEmpty != null) {
            // JMH times each lane in its own fork at its own moment: no verdict from it (section 1b decides)
            md.append(String.format(Locale.ROOT, "`ffm_errno` ÷ `jni` on `empty`: %.2f× in JMH's separate forks; the goal's "
                    + "verdict comes from section 1b, where the two lanes take turns in one JVM.%n%n", errnoEmpty[0] / jniEmpty[0]));
        }
    }

    /** Section 1b: ErrnoRace's interleaved rounds, ratios paired per pass. */
    void errnoRace() throws IOException {
        List<Map<String, String>> rows = kv("errno_race.kv");
        if (rows.isEmpty()) {
            return;
        }
        md.append("## 1b. errno-capturing recv against JNI, interleaved (ns per call)\n\n");
        md.append("One JVM (`ErrnoRace`) runs the JMH lessons' own `ffm`, `ffmErrno`, `ffmShim` and `jni` methods in rounds of many "
                + "calls, the lanes in a new random order every pass; each ratio is a lane's round ÷ JNI's round of the same "
                + "pass and call, median and 95% interval over the passes (docs/benchmark-method.md).\n\n");
        List<String> pair = List.of("pass", "call");
        List<List<String>> table = new ArrayList<>();
        String[] verdicts = new String[ErrnoRace.CALLS.size()];
        StringBuilder measured = new StringBuilder();
        for (int i = 0; i < ErrnoRace.CALLS.size(); i++) {
            String call = ErrnoRace.CALLS.get(i);
            List<Map<String, String>> rc = rows.stream().filter(r -> call.equals(r.get("call"))).toList();
            for (String lane : ErrnoRace.LANES) {
                double ns = median(rc.stream().filter(r -> lane.equals(r.get("lane"))).map(r -> num(r.get("ns_per_call"))).toList());
                table.add(List.of("`" + call + "`", "`" + lane + "`", fmt(ns),
                        lane.equals("jni") ? "1" : interval(medianInterval(pairedRatios(rc, "lane", lane, "jni", "ns_per_call", pair)))));
            }
            double[] m = medianInterval(pairedRatios(rc, "lane", "ffm_errno", "jni", "ns_per_call", pair));
            verdicts[i] = verdict(m, 1.0, true);
            measured.append(measured.isEmpty() ? "" : "; ").append(call).append(" ÷ JNI ").append(intervalLong(m));
        }
        table(List.of("call", "lane", "median ns", "÷ JNI, paired"), table);
        goal("errno-capturing FFM recv no slower than JNI (time, interleaved)", measured.toString(), allOf(verdicts));
    }

    void instructions() throws IOException {
        List<Map<String, String>> rows = kv("callgrind.kv");
        if (rows.isEmpty()) {
            return;
        }
        Map<String, Map<String, Double>> ir = new LinkedHashMap<>();
        for (Map<String, String> r : rows) {
            ir.computeIfAbsent(r.get("lane"), k -> new LinkedHashMap<>()).put(r.get("call"), Double.parseDouble(r.get("ir_per_call")));
        }
        List<String> calls = List.of("getpid", "peek", "empty");
        md.append("## 2. Instructions per call (valgrind --tool=callgrind, user space only)\n\n");
        md.append("(I(n2) − I(n1)) / (n2 − n1) for the calling thread, least of 3 repeats, after warm-up with -Xbatch "
                + "(C2-compiled loops). The kernel's share of a syscall is not counted: this is the binding's own cost.\n\n");
        List<List<String>> table = new ArrayList<>();
        Map<String, List<Double>> series = new LinkedHashMap<>();
        Map<String, Double> c = ir.getOrDefault("c", Map.of());
        for (String lane : LANES) {
            if (!ir.containsKey(lane)) {
                continue;
            }
            List<String> row = new ArrayList<>(List.of("`" + lane + "`"));
            List<Double> ys = new ArrayList<>();
            for (String call : calls) {
                double v = ir.get(lane).getOrDefault(call, Double.NaN);
                row.add(Double.isNaN(v) ? "–" : fmt(v) + ratio(v, c.getOrDefault(call, Double.NaN)));
                ys.add(v);
            }
            table.add(row);
            series.put(lane, ys);
        }
        table(List.of("lane", "getpid", "peek", "empty"), table);
        chart("instructions.png", "Instructions per call (callgrind, user space)", "instructions", calls, series);
        Double e = ir.getOrDefault("ffm_errno", Map.of()).get("empty");
        Double j = ir.getOrDefault("jni", Map.of()).get("empty");
        Double ep = ir.getOrDefault("ffm_errno", Map.of()).get("peek");
        Double jp = ir.getOrDefault("jni", Map.of()).get("peek");
        if (e != null && j != null && ep != null && jp != null) {
            goal("errno-capturing FFM recv no slower than JNI (instructions)",
                    String.format(Locale.ROOT, "peek %.0f vs %.0f (%.2f×); empty %.0f vs %.0f (%.2f×)", ep, jp, ep / jp, e, j, e / j),
                    ep <= jp && e <= j);
        }
    }

    static final List<String> PAIR = List.of("pin", "round");

    void roundTrips() throws IOException {
        List<Map<String, String>> rows = kv("rtt.kv");
        if (rows.isEmpty()) {
            return;
        }
        md.append("## 3. Request/response: 32-byte echo round trips on loopback (µs, median over interleaved rounds)\n\n");
        md.append("One C echo server (native/jni/BenchEchoServer, TCP_NODELAY, echoes each recv); clients send 32 bytes "
                + "and read 32 back, TCP_NODELAY in every lane. Pinned: server and client under `taskset -c 0`. Each lane's "
                + "client is one warm process that runs a short round when told, the lanes in a new random order each pass "
                + "(`Interleave`). p50: median over rounds of each round's median; ×C: the median over rounds of the round's "
                + "p50 ÷ C's p50 in the same pass, with its 95% order-statistics interval (docs/benchmark-method.md). CPU: "
                + "the client thread's CPU time per round trip (user + kernel). Every figure is from the rounds in which "
                + "client and server ran on one CPU (all NET_RX softirqs of the round on one CPU): unpinned, the scheduler "
                + "sometimes puts them on two CPUs, and then each wake-up of a halted vCPU costs ~45 µs, the same for "
                + "every lane; the last column counts the rounds kept.\n\n");
        List<String> cols = List.of("lane", "pinned p50", "pinned ×C [95%]", "pinned p99", "pinned CPU", "unpinned p50",
                "unpinned ×C [95%]", "unpinned p99", "unpinned CPU", "unpinned rounds on one CPU");
        List<Map<String, String>> all = rows;
        rows = rows.stream().filter(r -> !"no".equals(r.get("pin")) || oneCpu(r)).toList(); // pinned: one CPU by construction
        Map<String, Map<String, Double>> stat = new LinkedHashMap<>();
        for (String pin : List.of("yes", "no")) {
            for (String f : List.of("p50_ns", "p99_ns", "cpu_ns")) {
                medianBy(rows.stream().filter(r -> pin.equals(r.get("pin"))).toList(), r -> r.get("lane"), f)
                        .forEach((lane, v) -> stat.computeIfAbsent(lane, k -> new LinkedHashMap<>()).put(pin + f, v / 1000));
            }
        }
        List<List<String>> table = new ArrayList<>();
        Map<String, List<Double>> series = new LinkedHashMap<>();
        List<String> cats = List.of("pinned p50", "pinned p99", "unpinned p50", "unpinned p99");
        for (String lane : LANES) {
            if (!stat.containsKey(lane)) {
                continue;
            }
            List<String> row = new ArrayList<>(List.of("`" + lane + "`"));
            for (String pin : List.of("yes", "no")) {
                List<Map<String, String>> pr = rows.stream().filter(r -> pin.equals(r.get("pin"))).toList();
                row.add(fmt(stat.get(lane).getOrDefault(pin + "p50_ns", Double.NaN)));
                row.add(lane.equals("c") ? "1" : interval(medianInterval(pairedRatios(pr, "lane", lane, "c", "p50_ns", PAIR))));
                row.add(fmt(stat.get(lane).getOrDefault(pin + "p99_ns", Double.NaN)));
                row.add(fmt(stat.get(lane).getOrDefault(pin + "cpu_ns", Double.NaN)));
            }
            long one = all.stream().filter(r -> "no".equals(r.get("pin")) && lane.equals(r.get("lane")) && oneCpu(r)).count();
            long of = all.stream().filter(r -> "no".equals(r.get("pin")) && lane.equals(r.get("lane"))).count();
            row.add(one + "/" + of);
            table.add(row);
            series.put(lane, List.of(stat.get(lane).getOrDefault("yesp50_ns", Double.NaN), stat.get(lane).getOrDefault("yesp99_ns", Double.NaN),
                    stat.get(lane).getOrDefault("nop50_ns", Double.NaN), stat.get(lane).getOrDefault("nop99_ns", Double.NaN)));
        }
        table(cols, table);
        chart("rtt.png", "32-byte echo round trip on loopback", "µs", cats, series);
        roundCounters(all);
        List<Map<String, String>> pinned = rows.stream().filter(r -> "yes".equals(r.get("pin"))).toList();
        double[] fc = medianInterval(pairedRatios(pinned, "lane", "ffm", "c", "p50_ns", PAIR));
        double[] fj = medianInterval(pairedRatios(pinned, "lane", "ffm", "jnet", "p50_ns", PAIR));
        double[] cpu = medianInterval(pairedRatios(pinned, "lane", "ffm", "c", "cpu_ns", PAIR));
        if (!Double.isNaN(fc[0])) {
            goal("pinned 32-byte RTT of the FFM client within 1.05× C and below java.net",
                    "p50 ÷ C " + intervalLong(fc) + "; ÷ java.net " + interval(fj) + "; client CPU per round trip ÷ C " + interval(cpu),
                    allOf(verdict(fc, 1.05, true), verdict(fj, 1.0, true)));
        }
    }

    /**
     * A round in the one-CPU mode: client and server ran on the same CPU, so the loopback's two
     * NET_RX softirqs a round trip were all raised on one CPU and no CPU went idle between them.
     * The other mode (each end on its own CPU, each wake-up an IPI to a halted vCPU, 4-5× slower
     * in this VM) measures the hypervisor's wake-up, the same for every lane
     * (docs/benchmark-method.md). Rows without counters count as one-CPU. The counters are the
     * machine's, so another session's loopback traffic counts too: applied to unpinned rounds only.
     */
    static boolean oneCpu(Map<String, String> r) {
        if (!r.containsKey("rx0") || !r.containsKey("rx1")) {
            return true;
        }
        double rx0 = Double.parseDouble(r.get("rx0"));
        double rx1 = Double.parseDouble(r.get("rx1"));
        return Math.max(rx0, rx1) >= 0.95 * (rx0 + rx1);
    }

    /** What the machine did per round trip, median over rounds: the modes of docs/benchmark-method.md. */
    void roundCounters(List<Map<String, String>> rows) {
        List<String> fields = List.of("rx0", "rx1", "idle0s1", "idle1s1", "steal0", "steal1");
        if (rows.stream().noneMatch(r -> r.containsKey("rx0"))) {
            return;
        }
        md.append("Per round trip, median over rounds: NET_RX softirqs on CPU 0 and 1 (/proc/softirqs), entries into idle "
                + "state 1 (`halt` in this VM, /sys/devices/system/cpu/cpu*/cpuidle) per CPU, steal ticks over the round "
                + "(/proc/stat); the CPU ticks the other lanes' waiting processes spent during the round (their JIT or GC "
                + "would share the round's CPU); the C client's spin loop (a multiply-add chain, no syscall) once a pass: the CPU's own speed. "
                + "C's rounds' p50 range says whether the run saw one mode or two.\n\n");
        List<List<String>> table = new ArrayList<>();
        for (String pin : List.of("yes", "no")) {
            for (String lane : LANES) {
                List<Map<String, String>> lr = rows.stream().filter(r -> pin.equals(r.get("pin")) && lane.equals(r.get("lane"))).toList();
                if (lr.isEmpty()) {
                    continue;
                }
                List<String> row = new ArrayList<>(List.of(pin.equals("yes") ? "pinned" : "unpinned", "`" + lane + "`"));
                double[] p50 = lr.stream().mapToDouble(r -> Double.parseDouble(r.get("p50_ns")) / 1000).sorted().toArray();
                row.add(fmt(p50[0]) + " – " + fmt(p50[p50.length - 1]));
                for (String f : fields) {
                    row.add(fmt(median(lr.stream().filter(r -> r.containsKey(f)).map(r -> Double.parseDouble(r.get(f))).toList())));
                }
                double[] others = lr.stream().filter(r -> r.containsKey("others_ticks")).mapToDouble(r -> Double.parseDouble(r.get("others_ticks"))).sorted().toArray();
                row.add(others.length == 0 ? "–" : fmt(median(Arrays.stream(others).boxed().toList())) + " / " + fmt(others[others.length - 1]));
                double[] spin = lr.stream().filter(r -> r.containsKey("spin_ns")).mapToDouble(r -> Double.parseDouble(r.get("spin_ns"))).sorted().toArray();
                row.add(spin.length == 0 ? "–" : fmt(spin[0]) + " – " + fmt(spin[spin.length - 1]));
                table.add(row);
            }
        }
        table(List.of("pin", "lane", "round p50 range µs", "NET_RX CPU 0", "NET_RX CPU 1", "halts CPU 0", "halts CPU 1",
                "steal CPU 0", "steal CPU 1", "other lanes' CPU ticks median / max", "spin ns/step range"), table);
        for (String pin : List.of("yes", "no")) {
            List<Map<String, String>> cr = rows.stream().filter(r -> pin.equals(r.get("pin")) && "c".equals(r.get("lane")) && r.containsKey("spin_ns")).toList();
            if (cr.size() >= 3) {
                double r = correlation(cr.stream().mapToDouble(x -> Double.parseDouble(x.get("p50_ns"))).toArray(),
                        cr.stream().mapToDouble(x -> Double.parseDouble(x.get("spin_ns"))).toArray());
                md.append(String.format(Locale.ROOT, "%s: C's round p50 against the CPU's speed in that pass (spin ns/step), Pearson r = %.2f over %d rounds.%n%n",
                        pin.equals("yes") ? "Pinned" : "Unpinned", r, cr.size()));
            }
        }
    }

    static double correlation(double[] x, double[] y) {
        double mx = Arrays.stream(x).average().orElse(0);
        double my = Arrays.stream(y).average().orElse(0);
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxx == 0 || syy == 0 ? Double.NaN : sxy / Math.sqrt(sxx * syy);
    }

    // ---- 3b. UDP round trips, 3c. thread-per-client and select servers --------------------------

    static final List<String> UDP_LANES = List.of("c", "udp_ffm", "udp_dchan", "udp_dsock");
    static final Map<String, String> UDP_NAMES = Map.of("c", "`c`", "udp_ffm", "`ffm` (sendto/recvfrom)",
            "udp_dchan", "`DatagramChannel`", "udp_dsock", "`DatagramSocket`");

    /** udp.kv's rows as section 3's: unpinned rounds kept only when on one CPU ({@link #oneCpu}). */
    static List<Map<String, String>> udpKept(List<Map<String, String>> rows) {
        return rows.stream().filter(r -> !"no".equals(r.get("pin")) || oneCpu(r)).toList();
    }

    /**
     * The UDP goal, pinned and unpinned: FFM's round p50 within 1.05× C's of the same pass, and
     * below DatagramChannel's and DatagramSocket's (paired ratios &lt; 1). Returns {measured, verdict}.
     */
    static String[] udpGoal(List<Map<String, String>> rows) {
        List<Map<String, String>> kept = udpKept(rows);
        StringBuilder measured = new StringBuilder();
        List<String> verdicts = new ArrayList<>();
        for (String pin : List.of("yes", "no")) {
            List<Map<String, String>> pr = kept.stream().filter(r -> pin.equals(r.get("pin"))).toList();
            double[] c = medianInterval(pairedRatios(pr, "lane", "udp_ffm", "c", "p50_ns", PAIR));
            double[] ch = medianInterval(pairedRatios(pr, "lane", "udp_ffm", "udp_dchan", "p50_ns", PAIR));
            double[] so = medianInterval(pairedRatios(pr, "lane", "udp_ffm", "udp_dsock", "p50_ns", PAIR));
            measured.append(measured.isEmpty() ? "" : "; ").append(pin.equals("yes") ? "pinned ÷ C " + intervalLong(c) : "unpinned ÷ C " + interval(c))
                    .append(", ÷ DatagramChannel ").append(interval(ch)).append(", ÷ DatagramSocket ").append(interval(so));
            boolean ran = rows.stream().anyMatch(r -> pin.equals(r.get("pin")));
            for (String v : List.of(verdict(c, 1.05, true), verdict(ch, 1.0, true), verdict(so, 1.0, true))) {
                // rounds that ran but none on one CPU (an idle machine splits them): unresolved, not unmeasured
                verdicts.add(ran && v.equals("not measured") ? "not told apart (no one-CPU rounds)" : v);
            }
        }
        return new String[]{measured.toString(), allOf(verdicts.toArray(String[]::new))};
    }

    void udpRoundTrips() throws IOException {
        List<Map<String, String>> all = kv("udp.kv");
        if (all.isEmpty()) {
            return;
        }
        md.append("## 3b. UDP: 32-byte echo round trips on loopback (µs, median over interleaved rounds)\n\n");
        md.append("One C UDP echo server (native/jni/BenchEchoServer … udp: recvfrom, sendto the sender); each round a new "
                + "unconnected socket in every lane, 32 bytes out with sendto, one datagram back: `c` BenchEchoClient serve-udp, "
                + "`ffm` sendto/recvfrom over the generated bindings (errno captured), `DatagramChannel` blocking send/receive "
                + "with direct buffers, `DatagramSocket` send/receive of one reused packet each. Rounds, pairing, intervals and "
                + "the one-CPU rule as section 3 (`Interleave`, round trips only).\n\n");
        List<Map<String, String>> rows = udpKept(all);
        List<List<String>> table = new ArrayList<>();
        Map<String, List<Double>> series = new LinkedHashMap<>();
        for (String lane : UDP_LANES) {
            List<String> row = new ArrayList<>(List.of(UDP_NAMES.get(lane)));
            List<Double> ys = new ArrayList<>();
            for (String pin : List.of("yes", "no")) {
                List<Map<String, String>> pr = rows.stream().filter(r -> pin.equals(r.get("pin"))).toList();
                List<Map<String, String>> lr = pr.stream().filter(r -> lane.equals(r.get("lane"))).toList();
                double p50 = median(lr.stream().map(r -> Double.parseDouble(r.get("p50_ns")) / 1000).toList());
                double p99 = median(lr.stream().map(r -> Double.parseDouble(r.get("p99_ns")) / 1000).toList());
                double cpu = median(lr.stream().filter(r -> r.containsKey("cpu_ns")).map(r -> Double.parseDouble(r.get("cpu_ns")) / 1000).toList());
                row.addAll(List.of(fmt(p50), lane.equals("c") ? "1" : interval(medianInterval(pairedRatios(pr, "lane", lane, "c", "p50_ns", PAIR))),
                        fmt(p99), fmt(cpu)));
                ys.addAll(List.of(p50, p99));
            }
            long one = all.stream().filter(r -> "no".equals(r.get("pin")) && lane.equals(r.get("lane")) && oneCpu(r)).count();
            long of = all.stream().filter(r -> "no".equals(r.get("pin")) && lane.equals(r.get("lane"))).count();
            row.add(one + "/" + of);
            table.add(row);
            series.put(UDP_NAMES.get(lane).replace("`", ""), ys);
        }
        table(List.of("lane", "pinned p50", "pinned ×C [95%]", "pinned p99", "pinned CPU", "unpinned p50", "unpinned ×C [95%]",
                "unpinned p99", "unpinned CPU", "unpinned rounds on one CPU"), table);
        chart("udp-rtt.png", "32-byte UDP echo round trip on loopback", "µs", List.of("pinned p50", "pinned p99", "unpinned p50", "unpinned p99"), series);
        String[] g = udpGoal(all);
        goal("UDP 32-byte RTT: FFM within 1.05× C and below DatagramChannel and DatagramSocket (pinned and unpinned)", g[0], g[1]);
    }

    void serverLanes() throws IOException {
        List<Map<String, String>> rows = kv("servers.kv");
        if (rows.isEmpty()) {
            return;
        }
        md.append("## 3c. Thread-per-client and select servers (median over interleaved passes)\n\n");
        md.append("The book's TCPEchoServer-Thread and TCPEchoServer-Select: `c` native/build, `ffm` echo/bin as shipped; "
                + "against `vthread` (java.net `ServerSocket`, a virtual thread per client: VirtualThreadEchoServer) and `nio` "
                + "(a `Selector`: NioEchoServer). A set's servers run side by side (ServerLanes), each given one load a pass "
                + "in a new random order, fresh servers every 7 passes. Load: BenchEchoClient conn as section 4 (connections "
                + "one after another, 32-byte echo each) after a warm-up load; thread set also a 32-byte round trip on one "
                + "connection, every thread of server and client on CPU 0. The select server is iterative (it serves each "
                + "client to the end), so only its connection rate compares; `timeouts` counts its \"No echo requests\" lines, "
                + "and each ended on its stdin's end (exit 0) having logged every connection. ×C: per-pass paired ratio, "
                + "median and interval.\n\n");
        List<List<String>> table = new ArrayList<>();
        Map<String, List<Double>> series = new LinkedHashMap<>();
        List<String> cats = new ArrayList<>();
        for (String set : List.of("thread", "select")) {
            List<Map<String, String>> conn = rows.stream().filter(r -> set.equals(r.get("set")) && "conn".equals(r.get("mode"))).toList();
            List<Map<String, String>> rtt = rows.stream().filter(r -> set.equals(r.get("set")) && "rtt".equals(r.get("mode"))).toList();
            for (String server : conn.stream().map(r -> r.get("server")).distinct().sorted((a, b) -> a.equals("c") ? -1 : b.equals("c") ? 1 : a.compareTo(b)).toList()) {
                List<Map<String, String>> cr = conn.stream().filter(r -> server.equals(r.get("server"))).toList();
                List<Map<String, String>> rr = rtt.stream().filter(r -> server.equals(r.get("server"))).toList();
                Function<String, Double> med = f -> median(cr.stream().filter(r -> r.containsKey(f)).map(r -> Double.parseDouble(r.get(f))).toList());
                double rate = med.apply("conn_per_s");
                double rttP50 = median(rr.stream().map(r -> Double.parseDouble(r.get("p50_ns")) / 1000).toList());
                boolean c = server.equals("c");
                long failed = cr.stream().mapToLong(r -> Long.parseLong(r.getOrDefault("failed", "0"))).sum();
                Map<String, Long> perStart = new LinkedHashMap<>(); // the count is the server's, once a start (block)
                cr.stream().filter(r -> r.containsKey("timeouts")).forEach(r -> perStart.put(r.getOrDefault("block", r.get("round")),
                        Long.parseLong(r.get("timeouts"))));
                String timeouts = perStart.isEmpty() ? "–" : String.valueOf(perStart.values().stream().mapToLong(Long::longValue).sum());
                table.add(List.of(set, "`" + server + "`", fmt(rate), c ? "1" : interval(medianInterval(pairedRatios(conn, "server", server, "c", "conn_per_s", List.of("round")))),
                        fmt(rttP50), rr.isEmpty() ? "–" : c ? "1" : interval(medianInterval(pairedRatios(rtt, "server", server, "c", "p50_ns", List.of("round")))),
                        fmt(med.apply("threads")), fmt(med.apply("rss_kb") / 1024), String.valueOf(failed), timeouts));
                cats.add(set + " " + server);
                series.computeIfAbsent("connections/s", k -> new ArrayList<>()).add(rate);
            }
        }
        table(List.of("set", "server", "connections/s", "×C paired [95%]", "pinned RTT p50 µs", "RTT ×C [95%]",
                "threads after load", "RSS MiB", "failed", "timeouts"), table);
        chart("servers.png", "Thread-per-client and select servers: connection rate", "connections/s", cats, series);
        Map<String, List<Double>> rttSeries = new LinkedHashMap<>();
        List<Map<String, String>> rtts = rows.stream().filter(r -> "thread".equals(r.get("set")) && "rtt".equals(r.get("mode"))).toList();
        for (String server : List.of("c", "ffm", "vthread")) {
            List<Map<String, String>> rr = rtts.stream().filter(r -> server.equals(r.get("server"))).toList();
            rttSeries.put(server, List.of(median(rr.stream().map(r -> Double.parseDouble(r.get("p50_ns")) / 1000).toList()),
                    median(rr.stream().map(r -> Double.parseDouble(r.get("p99_ns")) / 1000).toList())));
        }
        chart("servers-rtt.png", "Thread-per-client servers: 32-byte round trip, pinned", "µs", List.of("p50", "p99"), rttSeries);
    }

    void throughput() throws IOException {
        List<Map<String, String>> rows = kv("tput.kv");
        if (rows.isEmpty()) {
            return;
        }
        md.append("## Throughput: 1 MiB echoed in 64 KiB chunks (MiB/s, median over interleaved rounds)\n\n");
        md.append("Each round: 2 warm-up MiB, then the median of its runs; ×C as for round trips (paired with C's round of the "
                + "same pass); CPU: the client thread's CPU ms per MiB.\n\n");
        Map<String, Double> pinned = medianBy(rows.stream().filter(r -> "yes".equals(r.get("pin"))).toList(), r -> r.get("lane"), "mib_s");
        Map<String, Double> unpinned = medianBy(rows.stream().filter(r -> "no".equals(r.get("pin"))).toList(), r -> r.get("lane"), "mib_s");
        Map<String, Double> cpuP = medianBy(rows.stream().filter(r -> "yes".equals(r.get("pin"))).toList(), r -> r.get("lane"), "cpu_ns");
        Map<String, Double> cpuU = medianBy(rows.stream().filter(r -> "no".equals(r.get("pin"))).toList(), r -> r.get("lane"), "cpu_ns");
        List<Map<String, String>> pr = rows.stream().filter(r -> "yes".equals(r.get("pin"))).toList();
        List<Map<String, String>> ur = rows.stream().filter(r -> "no".equals(r.get("pin"))).toList();
        List<List<String>> table = new ArrayList<>();
        Map<String, List<Double>> series = new LinkedHashMap<>();
        for (String lane : LANES) {
            if (!pinned.containsKey(lane) && !unpinned.containsKey(lane)) {
                continue;
            }
            double p = pinned.getOrDefault(lane, Double.NaN);
            double u = unpinned.getOrDefault(lane, Double.NaN);
            boolean c = lane.equals("c");
            table.add(List.of("`" + lane + "`", fmt(p), c ? "1" : interval(medianInterval(pairedRatios(pr, "lane", lane, "c", "mib_s", PAIR))),
                    fmt(cpuP.getOrDefault(lane, Double.NaN) / 1e6),
                    fmt(u), c ? "1" : interval(medianInterval(pairedRatios(ur, "lane", lane, "c", "mib_s", PAIR))),
                    fmt(cpuU.getOrDefault(lane, Double.NaN) / 1e6)));
            series.put(lane, List.of(p, u));
        }
        table(List.of("lane", "pinned MiB/s", "pinned ×C [95%]", "pinned CPU ms/MiB", "unpinned MiB/s", "unpinned ×C [95%]",
                "unpinned CPU ms/MiB"), table);
        chart("throughput.png", "1 MiB echoed in 64 KiB chunks", "MiB/s", List.of("pinned", "unpinned"), series);
        double[] fp = medianInterval(pairedRatios(pr, "lane", "ffm", "c", "mib_s", PAIR));
        double[] fu = medianInterval(pairedRatios(ur, "lane", "ffm", "c", "mib_s", PAIR));
        if (!Double.isNaN(fp[0])) {
            goal("throughput of the FFM client at least 0.95× C",
                    "pinned " + intervalLong(fp) + "; unpinned " + interval(fu), allOf(verdict(fp, 0.95, false), verdict(fu, 0.95, false)));
        }
    }

    void connections() throws IOException {
        List<Map<String, String>> rows = kv("conn.kv");
        if (rows.isEmpty()) {
            return;
        }
        md.append("## 4. Connection rate (connections/s, median over rounds)\n\n");
        md.append("The same load for every server: native/jni/BenchEchoClient opens connections one after another "
                + "(socket, connect, 32-byte echo, close), 2 s receive timeout, failures counted; `*_fork16`: the fork "
                + "servers under 16 such clients at once (threads sharing the connections; the clock stops when the last "
                + "connection starts, so one client stalled in a SYN retransmit does not stretch the others' time). "
                + "`listen overflows`: handshakes the kernel dropped on the server's full accept queue (its backlog is the "
                + "book's 5) over all rounds; each costs its client a SYN-ACK resent after 1 s (then 3 s, ...), and one "
                + "that needs the second resend passes the 2 s receive timeout and is counted failed. "
                + "RSS and page tables "
                + "(VmRSS, VmPTE of the server process after the load) are what fork() has to copy.\n\n");
        Map<String, Double> rate = medianBy(rows, r -> r.get("server"), "conn_per_s");
        Map<String, Double> p50 = medianBy(rows, r -> r.get("server"), "p50_ns");
        Map<String, Double> rss = medianBy(rows, r -> r.get("server"), "rss_kb");
        Map<String, Double> pte = medianBy(rows, r -> r.get("server"), "pte_kb");
        Map<String, Integer> failed = new LinkedHashMap<>();
        rows.forEach(r -> failed.merge(r.get("server"), Integer.parseInt(r.getOrDefault("failed", "0")), Integer::sum));
        Map<String, Integer> overflows = new LinkedHashMap<>();
        rows.forEach(r -> overflows.merge(r.get("server"), Integer.parseInt(r.getOrDefault("listen_overflows", "-1")), (a, b) -> a < 0 || b < 0 ? -1 : a + b));
        List<List<String>> table = new ArrayList<>();
        Map<String, List<Double>> series = new LinkedHashMap<>();
        for (String kind : List.of("iter", "fork", "fork16")) {
            double c = rate.getOrDefault("c_" + kind, Double.NaN);
            for (String impl : List.of("c", "java")) {
                String s = impl + "_" + kind;
                if (!rate.containsKey(s)) {
                    continue;
                }
                table.add(List.of("`" + s + "`", fmt(rate.get(s)) + ratio(rate.get(s), c),
                        impl.equals("c") ? "1" : interval(medianInterval(pairedRatios(rows, "server", s, "c_" + kind, "conn_per_s", List.of("round")))),
                        fmt(p50.get(s) / 1e6),
                        String.valueOf(failed.get(s)), counted(overflows.get(s)),
                        fmt(rss.getOrDefault(s, Double.NaN) / 1024),
                        fmt(pte.getOrDefault(s, Double.NaN))));
            }
        }
        for (String impl : List.of("c", "java")) {
            series.put(impl, List.of(rate.getOrDefault(impl + "_iter", Double.NaN), rate.getOrDefault(impl + "_fork", Double.NaN),
                    rate.getOrDefault(impl + "_fork16", Double.NaN)));
        }
        table(List.of("server", "connections/s", "×C paired [95%]", "p50 ms per connection", "failed", "listen overflows", "server RSS MiB", "server page tables KiB"), table);
        chart("connections.png", "Connection rate", "connections/s", List.of("iterative", "fork", "fork, 16 clients"), series);
        if (rate.containsKey("java_fork16") && rate.containsKey("c_fork16")) {
            double[] m = medianInterval(pairedRatios(rows, "server", "java_fork16", "c_fork16", "conn_per_s", List.of("round")));
            double[] one = medianInterval(pairedRatios(rows, "server", "java_fork", "c_fork", "conn_per_s", List.of("round")));
            int lost = failed.get("java_fork16");
            goal("fork-server connection rate at least 0.3× C with 16 clients", String.format(Locale.ROOT, "%.0f/s vs %.0f/s; paired ", rate.get("java_fork16"),
                    rate.get("c_fork16")) + intervalLong(m) + ", " + lost + " failed (listen overflows: " + counted(overflows.get("java_fork16")) + ", C "
                    + counted(overflows.get("c_fork16")) + "); one client at a time " + interval(one),
                    lost > 0 ? "**missed**" : verdict(m, 0.3, false));
        }
    }

    /** A count, or "–" where the run did not record it (-1). */
    static String counted(Integer n) {
        return n == null || n < 0 ? "–" : String.valueOf(n);
    }

    void processes() throws IOException {
        List<Map<String, String>> rows = kv("proc.kv");
        if (rows.isEmpty()) {
            return;
        }
        md.append("## Whole-process time of the echo client, start to exit (ms, interleaved rounds)\n\n");
        md.append("`c` native/build/TCPEchoClient; `ffm_launcher` echo/bin/TCPEchoClient as shipped: bash, then "
                + "echo/target/twins.jar with the CDS archive that `mvn package` makes from a training run on it "
                + "(echo/bin/lib/aot-train: the class list of a real run, method-handle forms included, dumped with "
                + "-Xshare:dump; the run checks that the launcher loads its classes from the archive); `ffm_jar` the "
                + "launcher's JVM flags and jar, no archive; `ffm_jar_aot` the same with a JDK 25 AOT cache trained here "
                + "on the same real run; `ffm_classes` from compiled classes (no jar, so neither is possible); `jnet_*` "
                + "the java.net client (JnetEchoClient) with the launcher's flags; `jnet_default` with no flags; "
                + "`jnet_jar_aot` with an AOT cache trained here. The `_aot` lanes run with -XX:AOTMode=on, so a cache "
                + "that cannot be used fails the run. The floors (StartupFloor): `empty_default` a main that only prints, "
                + "plain `java`; `floor_empty` the same with the client's flags and a CDS archive of its own; "
                + "`floor_downcall` one plain getpid downcall, no binding, likewise: what the FFM linker's first "
                + "start costs any program.\n\n");
        Map<String, Map<String, String>> byLane = new LinkedHashMap<>();
        rows.forEach(r -> byLane.put(r.get("lane"), r));
        double c = byLane.containsKey("c") ? Double.parseDouble(byLane.get("c").get("median_ms")) : Double.NaN;
        // the baseline of issue 15's goal: the java.net client as anyone runs it, plain `java -cp . Client`
        double jnet = byLane.containsKey("jnet_default") ? Double.parseDouble(byLane.get("jnet_default").get("median_ms")) : Double.NaN;
        List<List<String>> table = new ArrayList<>();
        Map<String, List<Double>> series = new LinkedHashMap<>();
        List<String> cats = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (var e : byLane.entrySet()) {
            double med = Double.parseDouble(e.getValue().get("median_ms"));
            table.add(List.of("`" + e.getKey() + "`", fmt(med) + ratio(med, c), fmt(Double.parseDouble(e.getValue().get("mean_ms"))),
                    fmt(Double.parseDouble(e.getValue().get("min_ms"))), e.getValue().get("n"),
                    Double.isNaN(jnet) ? "" : String.format(Locale.ROOT, "%.2f×", med / jnet)));
            cats.add(e.getKey());
            ys.add(med);
        }
        series.put("median ms", ys);
        table(List.of("lane", "median ms", "mean ms", "min ms", "runs", "× jnet_default"), table);
        chart("process.png", "Echo client, whole process (median)", "ms", cats, series);
        if (byLane.containsKey("ffm_launcher") && !Double.isNaN(jnet)) {
            double f = Double.parseDouble(byLane.get("ffm_launcher").get("median_ms"));
            String best = byLane.entrySet().stream().filter(e -> e.getKey().startsWith("ffm"))
                    .min((a, b) -> Double.compare(Double.parseDouble(a.getValue().get("median_ms")), Double.parseDouble(b.getValue().get("median_ms"))))
                    .map(Map.Entry::getKey).orElse("?");
            double bestMs = Double.parseDouble(byLane.get(best).get("median_ms"));
            double jnetBest = byLane.entrySet().stream().filter(e -> e.getKey().startsWith("jnet"))
                    .mapToDouble(e -> Double.parseDouble(e.getValue().get("median_ms"))).min().orElse(jnet);
            // ProcTimer runs every lane once a round: the launcher's time over java.net's of the same round
            double[] m = medianInterval(pairedRatios(procRounds(), "lane", "ffm_launcher", "jnet_default", "ms", List.of("round")));
            goal("FFM client whole-process time no slower than the java.net client run with plain `java`",
                    String.format(Locale.ROOT, "launcher %.0f ms vs java.net %.0f ms; paired ", f, jnet) + intervalLong(m)
                            + String.format(Locale.ROOT, "; fastest FFM configuration `%s` %.0f ms (%.2f× the fastest java.net, %.0f ms)",
                            best, bestMs, bestMs / jnetBest, jnetBest) + floors(byLane, jnet),
                    Double.isNaN(m[0]) ? (f <= jnet ? "met" : "**missed**") : verdict(m, 1.0, true));
        }
    }

    /**
     * Section 4b (ListenTimer): each server's time from exec to listening and to its first echo,
     * and goal 3 of issue 15, one row for all Java servers: each within 0.3 s and 2× the plain
     * java.net server, as paired ratios per round.
     */
    void listening() throws IOException {
        Path p = dir.resolve("listen.csv");
        if (!Files.exists(p)) {
            return;
        }
        List<Map<String, String>> rows = new ArrayList<>();
        List<String> lanes = new ArrayList<>();
        for (String line : Files.readAllLines(p)) {
            String[] f = line.split(",");
            if (f.length == 4 && !f[0].equals("lane")) {
                rows.add(Map.of("lane", f[0], "round", f[1], "listen_ms", f[2], "echo_ms", f[3]));
                if (!lanes.contains(f[0])) {
                    lanes.add(f[0]);
                }
            }
        }
        if (!lanes.contains("jnet")) {
            return;
        }
        Path order = dir.resolve("listen-lanes.tsv"); // the lanes file's order, not the first round's
        if (Files.exists(order)) {
            List<String> ordered = new ArrayList<>();
            for (String line : Files.readAllLines(order)) {
                String lane = line.split("\t")[0];
                if (lanes.contains(lane)) {
                    ordered.add(lane);
                }
            }
            lanes.stream().filter(l -> !ordered.contains(l)).forEach(ordered::add);
            lanes = ordered;
        }
        md.append("## Start to listening, every server (ms, median over interleaved rounds)\n\n");
        md.append("Each server started once a round, in a new random order each round (ListenTimer), timed from just before "
                + "its exec until its port listens (TCP: the first connect() that is not refused, tried every 0.5 ms; UDP: "
                + "the port bound in /proc/net/udp) and until its first echo, checked byte for byte over that connection "
                + "(UDP: a datagram, sent again every 50 ms), then stopped by its pid. `c` native/build/TCPEchoServer; "
                + "`jnet` a java.net `ServerSocket` echo server (JnetEchoServer) run as `java -cp jnet.jar JnetEchoServer "
                + "PORT`, no flags; the others echo/bin's launchers as shipped (bash, the jar, the servers' start-up archive "
                + "from echo/bin/lib/aot-train-servers). × jnet: the median of per-round paired ratios to `jnet` with its "
                + "interval (docs/benchmark-method.md).\n\n");
        Function<Map<String, String>, String> byLane = r -> r.get("lane");
        Map<String, Double> listen = medianBy(rows, byLane, "listen_ms");
        Map<String, Double> echo = medianBy(rows, byLane, "echo_ms");
        List<List<String>> table = new ArrayList<>();
        List<String> cats = new ArrayList<>();
        Map<String, List<Double>> series = new LinkedHashMap<>();
        series.put("listening", new ArrayList<>());
        series.put("first echo", new ArrayList<>());
        List<String> verdicts = new ArrayList<>();
        List<String> missed = new ArrayList<>();
        String worst = null;
        double[] worstRatio = null;
        for (String lane : lanes) {
            double[] l = medianInterval(rows.stream().filter(r -> r.get("lane").equals(lane))
                    .map(r -> Double.parseDouble(r.get("listen_ms"))).toList());
            double[] ratio = medianInterval(pairedRatios(rows, "lane", lane, "jnet", "listen_ms", List.of("round")));
            double[] echoRatio = medianInterval(pairedRatios(rows, "lane", lane, "jnet", "echo_ms", List.of("round")));
            String v = "";
            if (!lane.equals("c") && !lane.equals("jnet")) {
                v = allOf(verdict(l, 300, true), verdict(ratio, 2.0, true));
                verdicts.add(v);
                if (v.contains("missed")) {
                    missed.add(lane);
                }
                if (worstRatio == null || ratio[0] > worstRatio[0]) {
                    worst = lane;
                    worstRatio = ratio;
                }
            }
            table.add(List.of("`" + lane + "`", fmt(listen.get(lane)), fmt(l[1]) + "–" + fmt(l[2]), fmt(echo.get(lane)),
                    lane.equals("jnet") ? "1" : interval(ratio), lane.equals("jnet") ? "1" : interval(echoRatio), v));
            cats.add(lane);
            series.get("listening").add(listen.get(lane));
            series.get("first echo").add(echo.get(lane));
        }
        table(List.of("server", "listening, median ms", "interval ms", "first echo, median ms", "listening × jnet",
                "first echo × jnet", "≤ 0.3 s and ≤ 2× jnet"), table);
        chart("listen.png", "Start to listening and to the first echo (median)", "ms", cats, series);
        if (worst != null) {
            double[] w = worstRatio;
            String name = worst;
            goal("every Java server listening within 0.3 s of its start and within 2× a plain java.net server",
                    String.format(Locale.ROOT, "slowest `%s` %.0f ms vs java.net %.0f ms; paired ", name, listen.get(name),
                            listen.get("jnet")) + intervalLong(w)
                            + (missed.isEmpty() ? "" : "; missed by " + String.join(", ", missed)),
                    allOf(verdicts.toArray(String[]::new)));
        }
    }

    /** The goal line's floors: a JVM that does nothing and one that makes one downcall, against java.net's client. */
    static String floors(Map<String, Map<String, String>> byLane, double jnet) {
        if (!byLane.containsKey("floor_empty") || !byLane.containsKey("floor_downcall")) {
            return "";
        }
        double empty = Double.parseDouble(byLane.get("floor_empty").get("median_ms"));
        double downcall = Double.parseDouble(byLane.get("floor_downcall").get("median_ms"));
        return String.format(Locale.ROOT, "; floor: one plain downcall and nothing else %.0f ms (%.2f× java.net), "
                + "%.0f ms over an empty JVM with the same flags", downcall, downcall / jnet, downcall - empty);
    }

    /** proc.csv (lane,round,ms) as rows. */
    List<Map<String, String>> procRounds() throws IOException {
        Path p = dir.resolve("proc.csv");
        List<Map<String, String>> rows = new ArrayList<>();
        if (Files.exists(p)) {
            for (String line : Files.readAllLines(p)) {
                String[] f = line.split(",");
                if (f.length == 3 && !f[0].equals("lane")) {
                    rows.add(Map.of("lane", f[0], "round", f[1], "ms", f[2]));
                }
            }
        }
        return rows;
    }

    void epoll() throws IOException {
        List<Map<String, String>> rows = kv("epoll.kv");
        if (rows.isEmpty()) {
            return;
        }
        md.append("## 5. epoll echo servers: requests/s and latency by concurrent connections (median over passes)\n\n");
        md.append("One load generator for all (native/jni/EpollLoad: one thread, epoll, closed loop, one 32-byte request "
                + "in flight a connection, every echo checked), on CPU 1; the server on CPU 0 with its JIT and GC threads. "
                + "`c` native/build/EpollEchoServer; `ffm` its Java twin, echo/bin/EpollEchoServer as shipped; `netty` "
                + "Netty 4.2.18's native epoll transport (NettyEpollEchoServer: one event loop, Netty's echo example); "
                + "`nio` a `Selector` server (NioEchoServer). The servers are started one at a time, warmed up with 100 "
                + "connections, then stay up together; each pass gives every server one short load (a slice) at every "
                + "level, in a new random order, so that a slow stretch of the machine falls on all four alike (`EpollRace`). "
                + "Latency from a request's send to the last byte of its echo. Start: exec to the port seen "
                + "listening in /proc/net/tcp; RSS after a 1,000-connection slice. Server CPU: its utime and stime "
                + "(/proc/PID/stat, every thread) over the slice, as % of one CPU: user space is the program, its binding "
                + "and a JVM's JIT and GC; the kernel's share is the socket calls themselves.\n\n");
        List<String> servers = List.of("c", "ffm", "netty", "nio");
        Function<Map<String, String>, String> key = r -> r.get("server") + "/" + r.get("conns");
        Map<String, Double> rps = medianBy(rows, key, "rps");
        Map<String, Double> p50 = medianBy(rows, key, "p50_us");
        Map<String, Double> p99 = medianBy(rows, key, "p99_us");
        Map<String, Double> user = medianBy(rows, key, "user_pct");
        Map<String, Double> sys = medianBy(rows, key, "sys_pct");
        Map<String, Double> start = medianBy(rows, r -> r.get("server"), "start_ms");
        Map<String, Double> rss = medianBy(rows.stream().filter(r -> "1000".equals(r.get("conns"))).toList(), r -> r.get("server"), "rss_kb");
        List<String> levels = rows.stream().map(r -> r.get("conns")).distinct().toList();
        List<List<String>> table = new ArrayList<>();
        for (String level : levels) {
            String c = "c/" + level;
            for (String s : servers) {
                String k = s + "/" + level;
                if (!rps.containsKey(k)) {
                    continue;
                }
                table.add(List.of(level, "`" + s + "`", fmt(rps.get(k)) + ratio(rps.get(k), rps.getOrDefault(c, Double.NaN)),
                        fmt(p50.get(k)) + ratio(p50.get(k), p50.getOrDefault(c, Double.NaN)),
                        fmt(p99.get(k)) + ratio(p99.get(k), p99.getOrDefault(c, Double.NaN)),
                        fmt(user.getOrDefault(k, Double.NaN)) + " / " + fmt(sys.getOrDefault(k, Double.NaN))));
            }
        }
        table(List.of("connections", "server", "requests/s", "p50 µs", "p99 µs", "server CPU % user / kernel"), table);
        List<List<String>> startTable = new ArrayList<>();
        for (String s : servers) {
            if (start.containsKey(s)) {
                startTable.add(List.of("`" + s + "`", fmt(start.get(s)), fmt(rss.getOrDefault(s, Double.NaN) / 1024)));
            }
        }
        table(List.of("server", "start to listening ms", "RSS MiB at 1,000 connections"), startTable);
        Map<String, List<Double>> series = new LinkedHashMap<>();
        for (String s : servers) {
            series.put(s, levels.stream().map(l -> rps.getOrDefault(s + "/" + l, Double.NaN)).toList());
        }
        chart("epoll.png", "epoll echo servers, requests/s", "requests/s", levels.stream().map(l -> l + " connections").toList(), series);
        double f = rps.getOrDefault("ffm/1000", Double.NaN);
        double c = rps.getOrDefault("c/1000", Double.NaN);
        double n = rps.getOrDefault("netty/1000", Double.NaN);
        List<Map<String, String>> at1000 = rows.stream().filter(r -> "1000".equals(r.get("conns"))).toList();
        double[] fn = medianInterval(pairedRatios(at1000, "server", "ffm", "netty", "rps", List.of("round")));
        double[] fc = medianInterval(pairedRatios(at1000, "server", "ffm", "c", "rps", List.of("round")));
        if (!Double.isNaN(f) && !Double.isNaN(n)) {
            goal("epoll server: FFM at least Netty's epoll transport at 1,000 connections",
                    String.format(Locale.ROOT, "%.0f vs %.0f requests/s; paired ", f, n) + intervalLong(fn), verdict(fn, 1.0, false));
        }
        if (!Double.isNaN(f) && !Double.isNaN(c)) {
            goal("epoll server: FFM at least 0.9× C at 1,000 connections",
                    String.format(Locale.ROOT, "%.0f vs %.0f requests/s; paired ", f, c) + intervalLong(fc), verdict(fc, 0.9, false));
        }
    }
}
