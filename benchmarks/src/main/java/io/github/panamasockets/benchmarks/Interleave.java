/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.benchmarks;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
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
 * Section 3 of benchmarks/run: many short rounds interleaved lane by lane. Each lane's client
 * (BenchEchoClient serve, EchoLoad LANE serve) is one process, started and warmed up once, that
 * runs a round when told on its stdin; the rounds go A B C D E, then the same lanes in a new
 * random order, and so on, so a lane's round and C's round of the same pass saw the same machine
 * (the paired ratios of {@link Report}). Around each round the machine's own counters are read:
 * NET_RX softirqs (/proc/softirqs), entries into each idle state (/sys/.../cpuidle) and steal
 * ticks (/proc/stat), per CPU, and the CPU's own speed (the C client's "spin" loop, once a pass),
 * so a round's mode can be told from what the machine did; and the CPU ticks the other lanes'
 * processes spent meanwhile (they should be idle, waiting for their turn).
 * <pre>Interleave LANES_FILE PIN ROUNDS RTT_WARMUP RTT_COUNT TPUT_WARMUP_MIB TPUT_RUNS [PASSES_PER_PROCESS]</pre>
 * With PASSES_PER_PROCESS the lanes' processes are ended and started afresh (and warmed up again)
 * every that many passes. TPUT_RUNS 0: round trips only (the UDP lanes, section 3b).
 * LANES_FILE: one lane a line, name then the command (which ends in "serve IP PORT MAX_SECONDS"),
 * tab-separated. Prints one key=value line per round and lane (mode=rtt or mode=tput) on stdout.
 */
public final class Interleave {

    private Interleave() {
    }

    /** One lane's client process and its pipes. */
    record Lane(String name, Process process, PrintWriter in, BufferedReader out) {
        String round(String command, String expect) throws IOException {
            in.println(command);
            in.flush();
            String line = out.readLine(); // bounded: the client ends itself after its MAX_SECONDS
            if (line == null || !line.contains(expect) || !line.contains("lane=")) {
                throw new IllegalStateException(name + ": no result for '" + command + "' (got " + line + ", exit "
                        + (process.isAlive() ? "none yet" : process.exitValue()) + ")");
            }
            return line;
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 7 && args.length != 8) {
            System.err.println("Usage: Interleave LANES_FILE PIN ROUNDS RTT_WARMUP RTT_COUNT TPUT_WARMUP_MIB TPUT_RUNS [PASSES_PER_PROCESS]");
            System.exit(2);
        }
        List<String[]> commands = new ArrayList<>();
        for (String l : Files.readAllLines(Path.of(args[0]))) {
            if (!l.isBlank()) {
                commands.add(l.split("\t"));
            }
        }
        String pin = args[1];
        int rounds = Integer.parseInt(args[2]);
        int perProcess = args.length == 8 ? Integer.parseInt(args[7]) : rounds;
        Random random = new Random(17);
        // fresh processes every perProcess passes: a mode drawn at a process's start (the Intel VM's
        // runs had lanes in different modes within one pass) is then drawn again, not kept all run
        for (int first = 1, block = 1; first <= rounds; first += perProcess, block++) {
            block(commands, pin, first, Math.min(rounds, first + perProcess - 1), block, args, random);
        }
    }

    /** Starts every lane's process, warms each up, runs passes first..last, and ends them. */
    static void block(List<String[]> commands, String pin, int first, int last, int block, String[] args, Random random) throws Exception {
        long rttWarmup = Long.parseLong(args[3]);
        int rttCount = Integer.parseInt(args[4]);
        int tputWarmup = Integer.parseInt(args[5]);
        int tputRuns = Integer.parseInt(args[6]);
        List<Lane> lanes = new ArrayList<>();
        File err = File.createTempFile("interleave", ".err");
        try {
            for (String[] f : commands) {
                Process p = new ProcessBuilder(Arrays.copyOfRange(f, 1, f.length))
                        .redirectError(ProcessBuilder.Redirect.appendTo(err)).start();
                lanes.add(new Lane(f[0], p, new PrintWriter(p.getOutputStream(), false, StandardCharsets.UTF_8),
                        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))));
            }
            // warm-up, once a process: the JIT has compiled the loops before the first round counts
            for (Lane lane : lanes) {
                lane.round("rtt " + rttWarmup + " " + rttCount, "mode=rtt");
                if (tputRuns > 0) {
                    lane.round("tput 1048576 65536 " + tputWarmup + " 1", "mode=tput");
                }
            }
            long rttRoundWarmup = Math.max(1, rttCount / 10); // a new connection's first trips
            Lane c = lanes.stream().filter(l -> l.name.equals("c")).findFirst().orElse(null);
            for (int round = first; round <= last; round++) {
                List<Lane> order = new ArrayList<>(lanes);
                Collections.shuffle(order, random);
                // the CPU's speed this pass, measured where the C client runs (pinned: CPU 0)
                String spin = c == null ? "" : " spin_ns=" + c.round("spin 2000000", "mode=spin").replaceAll(".*spin_ns=", "").trim();
                for (Lane lane : order) {
                    Map<String, Long> before = counters();
                    long others = otherTicks(lanes, lane);
                    String line = lane.round("rtt " + rttRoundWarmup + " " + rttCount, "mode=rtt");
                    others = otherTicks(lanes, lane) - others;
                    Map<String, Long> after = counters();
                    System.out.printf(Locale.ROOT, "pin=%s round=%d block=%d %s%s%s others_ticks=%d%n", pin, round, block, line,
                            deltas(before, after, rttCount + rttRoundWarmup), spin, others);
                }
                for (Lane lane : tputRuns > 0 ? order : List.<Lane>of()) {
                    String line = lane.round("tput 1048576 65536 2 " + tputRuns, "mode=tput");
                    System.out.printf(Locale.ROOT, "pin=%s round=%d block=%d %s%n", pin, round, block, line);
                }
                System.out.flush();
            }
            for (Lane lane : lanes) {
                lane.in.println("quit");
                lane.in.flush();
            }
            for (Lane lane : lanes) {
                if (!lane.process.waitFor(10, TimeUnit.SECONDS) || lane.process.exitValue() != 0) {
                    throw new IllegalStateException(lane.name + ": did not exit 0 after quit");
                }
            }
        } catch (RuntimeException | IOException e) {
            System.err.println(Files.readString(err.toPath()));
            throw e;
        } finally {
            for (Lane lane : lanes) {
                lane.process.destroyForcibly();
            }
            err.delete();
        }
    }

    /**
     * CPU ticks (utime + stime, /proc/PID/stat) of every lane's process but this one: a lane
     * waiting for its turn should spend none, or its JIT or GC would share C's round (pinned: its CPU).
     */
    static long otherTicks(List<Lane> lanes, Lane running) throws IOException {
        long sum = 0;
        for (Lane l : lanes) {
            if (l != running) {
                Path stat = Path.of("/proc/" + l.process.pid() + "/stat");
                if (Files.exists(stat)) {
                    String st = Files.readString(stat);
                    String[] f = st.substring(st.lastIndexOf(')') + 2).split(" ");
                    sum += Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 and 15
                }
            }
        }
        return sum;
    }

    /** NET_RX softirqs, idle-state entries and steal ticks per CPU, now. */
    static Map<String, Long> counters() throws IOException {
        Map<String, Long> c = new LinkedHashMap<>();
        for (String l : Files.readAllLines(Path.of("/proc/softirqs"))) {
            String[] f = l.trim().split("\\s+");
            if (f[0].equals("NET_RX:")) {
                for (int cpu = 0; cpu + 1 < f.length && cpu < 2; cpu++) {
                    c.put("rx" + cpu, Long.parseLong(f[cpu + 1]));
                }
            }
        }
        for (int cpu = 0; cpu < 2; cpu++) {
            Path idle = Path.of("/sys/devices/system/cpu/cpu" + cpu + "/cpuidle");
            for (int s = 0; s < 4; s++) {
                Path usage = idle.resolve("state" + s + "/usage");
                if (Files.exists(usage)) {
                    c.put("idle" + cpu + "s" + s, Long.parseLong(Files.readString(usage).trim()));
                }
            }
        }
        for (String l : Files.readAllLines(Path.of("/proc/stat"))) {
            String[] f = l.split("\\s+");
            if ((f[0].equals("cpu0") || f[0].equals("cpu1")) && f.length > 8) {
                c.put("steal" + f[0].substring(3), Long.parseLong(f[8]));
            }
        }
        return c;
    }

    /** " rx0=.. idle0s1=.. steal0=..": per round trip, except steal (ticks over the round). */
    static String deltas(Map<String, Long> before, Map<String, Long> after, long trips) {
        StringBuilder sb = new StringBuilder();
        for (var e : after.entrySet()) {
            long d = e.getValue() - before.getOrDefault(e.getKey(), e.getValue());
            if (e.getKey().startsWith("steal")) {
                sb.append(' ').append(e.getKey()).append('=').append(d);
            } else {
                sb.append(String.format(Locale.ROOT, " %s=%.3f", e.getKey(), (double) d / trips));
            }
        }
        return sb.toString();
    }
}
