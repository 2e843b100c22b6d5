/* Main.java: the command line of strace-compare.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.strace;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code strace-compare <scenario>... | --all | --list [--width N]}. Runs each scenario with the
 * C build and the Java build under strace, prints the normalised traces side by side with the
 * verdict ({@code --all}: the verdict table only, after the first difference of each scenario
 * that differs). Exit status: 0 when every scenario's traces are identical, 1 when one differs,
 * 2 on a usage or environment error (no strace, ptrace not permitted, programs that cannot be
 * built).
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        System.exit(run(args, out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        List<Scenario> scenarios = new ArrayList<>();
        boolean all = false;
        int width = ScenarioRunner.DEFAULT_WIDTH;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--all" -> all = true;
                case "--list" -> {
                    for (Scenario s : Scenario.values()) {
                        out.printf("%-20s %s: %s%n", s.id, s.program, s.description);
                    }
                    return 0;
                }
                case "-h", "--help" -> {
                    out.println(usage());
                    return 0;
                }
                case "--width" -> {
                    if (i + 1 >= args.length || !args[i + 1].matches("\\d{2,3}")) {
                        err.println("strace-compare: --width takes a number of columns (10-999)");
                        return 2;
                    }
                    width = Integer.parseInt(args[++i]);
                }
                default -> {
                    Scenario s = Scenario.byId(a);
                    if (s == null) {
                        err.println("strace-compare: no scenario '" + a + "'; the scenarios: " + String.join(", ", Scenario.ids()));
                        err.println(usage());
                        return 2;
                    }
                    scenarios.add(s);
                }
            }
        }
        if (all == !scenarios.isEmpty()) {
            err.println(usage());
            return 2;
        }
        if (all) {
            scenarios = List.of(Scenario.values());
        }
        try {
            Workspace ws = Workspace.find(Path.of(System.getProperty("strace.root", ".")));
            ScenarioRunner runner = new ScenarioRunner(ws, width);
            runner.prepare();
            List<ScenarioResult> results = new ArrayList<>();
            for (Scenario s : scenarios) {
                if (all) {
                    err.println("strace-compare: running " + s.id + " ...");
                }
                ScenarioResult r = runner.run(s);
                results.add(r);
                if (!all) {
                    out.print(r.report());
                } else if (!r.verdict().identical()) {
                    out.println("== " + s.id + ": " + r.verdict().describe("C", "Java"));
                    out.println("   side by side: " + ws.show(r.dir().resolve("side-by-side.txt")));
                    for (String p : r.problems()) {
                        out.println("   problem: " + p);
                    }
                }
            }
            if (all) {
                out.print(table(results, ws));
            }
            return results.stream().allMatch(r -> r.verdict().identical()) ? 0 : 1;
        } catch (EnvironmentException e) {
            err.println("strace-compare: " + e.getMessage());
            return 2;
        }
    }

    /** One line a scenario: scenario, the two programs compared, the verdict. */
    static String table(List<ScenarioResult> results, Workspace ws) {
        StringBuilder sb = new StringBuilder();
        String format = "%-20s %-64s %s%n";
        sb.append(String.format(format, "scenario", "C vs Java", "verdict"));
        for (ScenarioResult r : results) {
            Scenario s = r.scenario();
            sb.append(String.format(format, s.id, Build.C.program(s.program) + " vs " + Build.JAVA.program(s.program),
                    r.verdict().word()));
        }
        long same = results.stream().filter(r -> r.verdict().identical()).count();
        sb.append(same).append(" of ").append(results.size()).append(" identical; traces in ")
                .append(ws.show(ws.root.resolve("strace/target/traces"))).append("/<scenario>/{c,java}.{raw,norm}\n");
        return sb.toString();
    }

    static String usage() {
        return "usage: bin/strace-compare <scenario>... | --all | --list  [--width N]\n"
                + "  runs each scenario with the C build and the Java build under strace -f -tt, normalises both\n"
                + "  traces and prints them side by side with the verdict; --all prints the verdict table.\n"
                + "  exit status: 0 identical, 1 different, 2 usage or environment error\n"
                + "  scenarios: " + String.join(", ", Scenario.ids());
    }
}
