/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.benchmarks;

import io.github.panamasockets.Errno;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The instruction-count driver: makes N calls of one lane under {@code valgrind --tool=callgrind}
 * and marks the stretch, so that instructions per call = (I(n2) - I(n1)) / (n2 - n1), with
 * start-up, warm-up, JIT compilation and the marks themselves cancelled out. Counts, unlike
 * seconds, do not move with the machine's load.
 *
 * <p>The calls are the JMH benchmark methods themselves (the same objects, set up the same way),
 * each lane in a loop of its own so that each is compiled alone. Per lane: warm-up in many short
 * invocations (so the loop method is compiled, not just on-stack replaced; run with -Xbatch so
 * compilation finishes before the measured stretch), then zero the counters, n1 calls, dump,
 * zero, n2 calls, dump. The dumps are per thread ({@code --separate-threads=yes}): the calling
 * thread's count is the one that grows with n.
 *
 * <pre>
 * run:   valgrind --tool=callgrind --separate-threads=yes --callgrind-out-file=DIR/cg.%p \
 *            java -Xbatch ... CallCount run LANE[,LANE...] CALL[,CALL...] WARMUP N1 N2
 * parse: java ... CallCount parse DIR N1 N2      prints one key=value line per lane and call
 * </pre>
 * Lanes: ffm ffm_errno ffm_errno_segment ffm_shim ffm_critical ffm_critical_errno jni jnr_posix jnr_ffi jnr_ffi_noerrno nio;
 * calls: getpid peek empty. A lane that has no such call is skipped.
 */
public final class CallCount {

    /** One lane's loop: n calls; returns something of each so nothing is optimised away. */
    interface Loop {
        long run(long n) throws Exception;
    }

    /** Each stretch is counted this many times; the least count is the one without a stray event. */
    static final int REPEATS = 3;

    private CallCount() {
    }

    static Map<String, Loop> loops(List<String> calls) throws Exception {
        // only the states of the calls asked for are set up (RecvPeek's and RecvEmpty's load JNR)
        Getpid g = new Getpid();
        RecvPeek p = new RecvPeek();
        if (calls.contains("peek")) {
            p.setup();
        }
        RecvEmpty e = new RecvEmpty();
        if (calls.contains("empty")) {
            e.setup();
        }
        Map<String, Loop> m = new LinkedHashMap<>();
        // one lambda, and so one loop of its own, per lane and call
        m.put("getpid:ffm", n -> { long s = 0; for (long i = 0; i < n; i++) s += g.ffm(); return s; });
        m.put("getpid:ffm_errno", n -> { long s = 0; for (long i = 0; i < n; i++) s += g.ffmErrno(); return s; });
        m.put("getpid:ffm_critical", n -> { long s = 0; for (long i = 0; i < n; i++) s += g.ffmCritical(); return s; });
        m.put("getpid:jni", n -> { long s = 0; for (long i = 0; i < n; i++) s += g.jni(); return s; });
        m.put("getpid:jnr_posix", n -> { long s = 0; for (long i = 0; i < n; i++) s += g.jnrPosix(); return s; });
        m.put("getpid:jnr_ffi", n -> { long s = 0; for (long i = 0; i < n; i++) s += g.jnrFfi(); return s; });
        m.put("getpid:jnr_ffi_noerrno", n -> { long s = 0; for (long i = 0; i < n; i++) s += g.jnrFfiNoErrno(); return s; });
        m.put("peek:ffm", n -> { long s = 0; for (long i = 0; i < n; i++) s += p.ffm(); return s; });
        m.put("peek:ffm_errno", n -> { long s = 0; for (long i = 0; i < n; i++) s += p.ffmErrno(); return s; });
        m.put("peek:ffm_errno_segment", n -> { long s = 0; for (long i = 0; i < n; i++) s += p.ffmErrnoSegment(); return s; });
        m.put("peek:ffm_shim", n -> { long s = 0; for (long i = 0; i < n; i++) s += p.ffmShim(); return s; });
        m.put("peek:ffm_critical", n -> { long s = 0; for (long i = 0; i < n; i++) s += p.ffmCritical(); return s; });
        m.put("peek:ffm_critical_errno", n -> { long s = 0; for (long i = 0; i < n; i++) s += p.ffmCriticalErrno(); return s; });
        m.put("peek:jni", n -> { long s = 0; for (long i = 0; i < n; i++) s += p.jni(); return s; });
        m.put("peek:jnr_ffi", n -> { long s = 0; for (long i = 0; i < n; i++) s += p.jnrFfi(); return s; });
        m.put("peek:jnr_ffi_noerrno", n -> { long s = 0; for (long i = 0; i < n; i++) s += p.jnrFfiNoErrno(); return s; });
        m.put("empty:ffm", n -> { long s = 0; for (long i = 0; i < n; i++) s += e.ffm(); return s; });
        m.put("empty:ffm_errno", n -> { long s = 0; for (long i = 0; i < n; i++) s += e.ffmErrno(); return s; });
        m.put("empty:ffm_errno_segment", n -> { long s = 0; for (long i = 0; i < n; i++) s += e.ffmErrnoSegment(); return s; });
        m.put("empty:ffm_shim", n -> { long s = 0; for (long i = 0; i < n; i++) s += e.ffmShim(); return s; });
        m.put("empty:ffm_critical", n -> { long s = 0; for (long i = 0; i < n; i++) s += e.ffmCritical(); return s; });
        m.put("empty:ffm_critical_errno", n -> { long s = 0; for (long i = 0; i < n; i++) s += e.ffmCriticalErrno(); return s; });
        m.put("empty:jni", n -> { long s = 0; for (long i = 0; i < n; i++) s += e.jni(); return s; });
        m.put("empty:jnr_ffi", n -> { long s = 0; for (long i = 0; i < n; i++) s += e.jnrFfi(); return s; });
        m.put("empty:jnr_ffi_noerrno", n -> { long s = 0; for (long i = 0; i < n; i++) s += e.jnrFfiNoErrno(); return s; });
        m.put("empty:nio", n -> { long s = 0; for (long i = 0; i < n; i++) s += e.nio(); return s; });
        return m;
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 4 && args[0].equals("parse")) {
            parse(Path.of(args[1]), Long.parseLong(args[2]), Long.parseLong(args[3]));
            return;
        }
        if (args.length != 6 || !args[0].equals("run")) {
            System.err.println("Usage: CallCount run LANES CALLS WARMUP N1 N2 | parse DIR N1 N2");
            System.exit(2);
        }
        Jni.load();
        // the thread-local capture segments exist before anything is compiled: a first lookup
        // from C2 code that assumed "always present" traps on SIGSEGV, which valgrind delivers
        // imprecisely unless told otherwise (see benchmarks/run)
        Errno.errno();
        Ffm.errno();
        List<String> lanes = List.of(args[1].split(","));
        List<String> calls = List.of(args[2].split(","));
        long warmup = Long.parseLong(args[3]);
        long n1 = Long.parseLong(args[4]);
        long n2 = Long.parseLong(args[5]);
        Map<String, Loop> loops = loops(calls);
        long sink = 0;
        int done = 0;
        for (String call : calls) {
            for (String lane : lanes) {
                Loop loop = loops.get(call + ":" + lane);
                if (loop == null) {
                    continue; // this lane has no such call
                }
                // many short invocations: the loop method itself gets compiled by C2 (tiered
                // thresholds want more than 600 invocations), not just replaced on the stack
                for (long w = 0; w < warmup; w += 10) {
                    sink += loop.run(10);
                }
                sink += loop.run(n2); // one untimed run at full length: any late recompilation happens here
                for (int rep = 0; rep < REPEATS; rep++) { // the parser keeps the least of the repeats
                    Jni.callgrindZero();
                    sink += loop.run(n1);
                    Jni.callgrindDump(lane + ":" + call + ":n1:" + rep);
                    Jni.callgrindZero();
                    sink += loop.run(n2);
                    Jni.callgrindDump(lane + ":" + call + ":n2:" + rep);
                }
                done++;
            }
        }
        System.out.println("CallCount: " + done + " lane-calls measured" + (Jni.onValgrind() ? "" : " (not under valgrind: nothing counted)")
                + " sink=" + (sink & 1));
        System.exit(0);
    }

    /** Reads the per-thread dumps of DIR and prints instructions per call for every label pair. */
    static void parse(Path dir, long n1, long n2) throws IOException {
        // lane:call:nK -> the least, over the repeats, of the calling thread's count (callgrind
        // writes a dump file for the thread that asked for the dump; with several per dump, the
        // largest is the caller's: the others slept through the stretch)
        Map<String, Long> totals = new TreeMap<>();
        Map<String, String> dumpLabel = new TreeMap<>(); // dump (file name less "-THREAD") -> label
        Map<String, Long> dumpTotal = new TreeMap<>();   // dump -> the largest thread's count
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(f -> f.getFileName().toString().startsWith("cg.")).toList();
        }
        for (Path f : files) {
            String name = f.getFileName().toString();
            String dump = name.contains("-") ? name.substring(0, name.lastIndexOf('-')) : name;
            String label = null;
            long total = -1;
            for (String line : Files.readAllLines(f)) {
                if (line.startsWith("desc: Trigger: Client Request: ")) {
                    label = line.substring("desc: Trigger: Client Request: ".length()).trim();
                } else if (line.startsWith("totals: ") || line.startsWith("summary: ")) {
                    total = Math.max(total, Long.parseLong(line.substring(line.indexOf(':') + 1).trim().split("\\s+")[0]));
                }
            }
            if (label != null && total >= 0 && label.contains(":n")) {
                dumpLabel.put(dump, label);
                dumpTotal.merge(dump, total, Math::max);
            }
        }
        for (var d : dumpLabel.entrySet()) {
            // label lane:call:nK:rep -> lane:call:nK, keeping the least count over the repeats
            String label = d.getValue();
            totals.merge(label.substring(0, label.lastIndexOf(':')), dumpTotal.get(d.getKey()), Math::min);
        }
        List<String> out = new ArrayList<>();
        for (var entry : totals.entrySet()) {
            String label = entry.getKey();
            if (!label.endsWith(":n1")) {
                continue;
            }
            String key = label.substring(0, label.length() - 3);
            Long i2 = totals.get(key + ":n2");
            if (i2 == null) {
                continue;
            }
            String[] parts = key.split(":");
            double perCall = (double) (i2 - entry.getValue()) / (n2 - n1);
            out.add(String.format(java.util.Locale.ROOT, "lane=%s call=%s n1=%d n2=%d ir_n1=%d ir_n2=%d ir_per_call=%.1f",
                    parts[0], parts[1], n1, n2, entry.getValue(), i2, perCall));
        }
        if (out.isEmpty()) {
            throw new IllegalStateException("no callgrind dumps with labels in " + dir);
        }
        out.forEach(System.out::println);
    }
}
