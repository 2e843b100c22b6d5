/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Section 1b of benchmarks/run: the errno goal's time, lanes interleaved in one JVM. JMH gives
 * each lane a fork of its own at its own moment, so a lane can fall entirely in one of the
 * VM's slow stretches (a full run of 2026-12-03 had {@code ffm_errno} 1.3x JNI on the empty
 * recv, the next two runs could not tell them apart). Here every pass times each lane's
 * {@code recv} for a short round, the lanes in a new random order each pass, so the ratio of
 * one pass compares rounds a few milliseconds apart (the paired ratios of {@link Report}).
 * The calls are the JMH lessons' own methods ({@link RecvPeek}, {@link RecvEmpty}) in
 * {@link CallCount}'s loops, one a lane and call, so each loop is compiled for its one call.
 * {@code ffm_shim} (a C shim returning -errno, no capture) shows what the JDK's capture costs in time.
 * <pre>ErrnoRace PASSES CALLS_PER_ROUND</pre>
 * Prints {@code pass=N call=peek|empty lane=ffm|ffm_errno|ffm_shim|jni ns_per_call=X} a round.
 */
public final class ErrnoRace {

    static final List<String> LANES = List.of("ffm", "ffm_errno", "ffm_shim", "jni");
    static final List<String> CALLS = List.of("peek", "empty");
    static final int WARMUP_ROUNDS = 10; // each loop run this often before a round counts: C2 has compiled it

    /** Keeps the loops' results alive (read once at the end). */
    static long sink;

    private ErrnoRace() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("Usage: ErrnoRace PASSES CALLS_PER_ROUND");
            System.exit(2);
        }
        int passes = Integer.parseInt(args[0]);
        int calls = Integer.parseInt(args[1]);
        Map<String, CallCount.Loop> loops = CallCount.loops(CALLS); // "call:lane" -> its own loop
        for (int w = 0; w < WARMUP_ROUNDS; w++) {
            for (String call : CALLS) {
                for (String lane : LANES) {
                    round(loops, call, lane, calls);
                }
            }
        }
        Random random = new Random(23);
        for (int pass = 1; pass <= passes; pass++) {
            for (String call : CALLS) {
                List<String> order = new ArrayList<>(LANES);
                Collections.shuffle(order, random);
                for (String lane : order) {
                    double ns = round(loops, call, lane, calls);
                    System.out.printf(Locale.ROOT, "pass=%d call=%s lane=%s ns_per_call=%.2f%n", pass, call, lane, ns);
                }
            }
        }
        System.err.println("ErrnoRace: done (" + (sink & 1) + ")");
    }

    /** One round: {@code calls} calls of one lane, ns per call. */
    static double round(Map<String, CallCount.Loop> loops, String call, String lane, int calls) throws Exception {
        CallCount.Loop loop = loops.get(call + ":" + lane);
        long t0 = System.nanoTime();
        long r = loop.run(calls);
        long t1 = System.nanoTime();
        sink += r;
        return (double) (t1 - t0) / calls;
    }
}
