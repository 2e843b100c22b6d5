/* Main.java: the command line of strace-compare.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.strace;

import io.github.panamasockets.testkit.Build;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code strace-compare <scenario>... | --all | --list [--width N]}. Runs each scenario with the
 * C build and the Java build under strace, prints the normalised traces side by side with the
 * verdict ({@code --all}: the verdict table only, after the first difference of each scenario
 * that differs). A scenario whose programs are not built yet is reported "not built" and
 * skipped. Or, the generic mode ({@link GenericRun}):
 * {@code strace-compare --c 'CMD ARGS' --java 'CMD ARGS' [--then 'CMD ARGS'] [--port N] [--timeout S] [--width N]}.
 * Exit status: 0 when every compared pair of traces is identical, 1 when one differs, 2 on a
 * usage or environment error (no strace, ptrace not permitted, programs that cannot be built).
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        System.exit(run(args, out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (List.of(args).contains("--c") || List.of(args).contains("--java")) {
            return generic(args, out, err);
        }
        List<Scenario> scenarios = new ArrayList<>();
        boolean all = false;
        int width = ScenarioRunner.DEFAULT_WIDTH;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--all" -> all = true;
                case "--list" -> {
                    Path root = Path.of(System.getProperty("strace.root", "."));
                    for (Scenario s : Scenario.values()) {
                        String built = s.missing(root.toAbsolutePath()).isEmpty() ? "" : " (not built)";
                        out.printf("%-20s %s%s: %s%n", s.id, s.program, built, s.description);
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
            scenarios = Scenario.values();
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
                } else if (r.skipped()) {
                    out.print(r.report());
                } else if (!r.passed()) {
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
            return results.stream().allMatch(ScenarioResult::passed) ? 0 : 1;
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
                    r.word()));
        }
        long same = results.stream().filter(r -> r.notBuilt() == null && r.verdict().identical()).count();
        long ran = results.stream().filter(r -> r.notBuilt() == null).count();
        sb.append(same).append(" of ").append(ran).append(" identical");
        if (ran < results.size()) {
            long skipped = results.stream().filter(ScenarioResult::skipped).count();
            long notBuilt = results.size() - ran - skipped;
            sb.append(" (").append(notBuilt > 0 ? notBuilt + " not built" : "")
                    .append(notBuilt > 0 && skipped > 0 ? ", " : "").append(skipped > 0 ? skipped + " not playable here" : "")
                    .append(", skipped)");
        }
        sb.append("; traces in ")
                .append(ws.show(ws.root.resolve("strace/target/traces"))).append("/<scenario>/{c,java}.{raw,norm}\n");
        return sb.toString();
    }

    /** The generic mode: {@code --c CMD --java CMD [--then CMD] [--port N] [--timeout S] [--width N]}. */
    static int generic(String[] args, PrintStream out, PrintStream err) {
        String c = null;
        String java = null;
        String then = null;
        Integer port = null;
        long timeout = GenericRun.DEFAULT_TIMEOUT.toSeconds();
        int width = ScenarioRunner.DEFAULT_WIDTH;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!List.of("--c", "--java", "--then", "--port", "--timeout", "--width").contains(a)) {
                err.println("strace-compare: '" + a + "' is not an option of the generic mode");
                err.println(usage());
                return 2;
            }
            if (i + 1 >= args.length) {
                err.println("strace-compare: " + a + " needs a value");
                return 2;
            }
            String v = args[++i];
            switch (a) {
                case "--c" -> c = v;
                case "--java" -> java = v;
                case "--then" -> then = v;
                case "--port", "--timeout", "--width" -> {
                    if (!v.matches("\\d{1,5}") || Integer.parseInt(v) < 1
                            || (a.equals("--port") && Integer.parseInt(v) > 65535)
                            || (a.equals("--width") && (Integer.parseInt(v) < 10 || Integer.parseInt(v) > 999))) {
                        err.println("strace-compare: " + a + " takes a number (" + switch (a) {
                            case "--port" -> "1-65535";
                            case "--width" -> "10-999 columns";
                            default -> "seconds, 1 or more";
                        } + "), not '" + v + "'");
                        return 2;
                    }
                    int n = Integer.parseInt(v);
                    switch (a) {
                        case "--port" -> port = n;
                        case "--timeout" -> timeout = n;
                        default -> width = n;
                    }
                }
                default -> throw new IllegalStateException(a);
            }
        }
        if (c == null || java == null) {
            err.println("strace-compare: the generic mode needs both --c 'CMD ARGS' and --java 'CMD ARGS'");
            err.println(usage());
            return 2;
        }
        GenericRun.Options options;
        try {
            options = new GenericRun.Options(GenericRun.words(c), GenericRun.words(java),
                    then == null ? null : GenericRun.words(then), port, Duration.ofSeconds(timeout));
        } catch (IllegalArgumentException e) {
            err.println("strace-compare: " + e.getMessage());
            return 2;
        }
        try {
            Workspace ws = Workspace.find(Path.of(System.getProperty("strace.root", ".")));
            StraceEnvironment.check();
            ScenarioResult r = new GenericRun(ws, Path.of("").toAbsolutePath(), width).run(options);
            out.print(r.report());
            return r.verdict().identical() ? 0 : 1;
        } catch (EnvironmentException e) {
            err.println("strace-compare: " + e.getMessage());
            return 2;
        }
    }

    static String usage() {
        return "usage: bin/strace-compare <scenario>... | --all | --list  [--width N]\n"
                + "       bin/strace-compare --c 'CMD ARGS' --java 'CMD ARGS' [--then 'CMD ARGS'] [--port N] [--timeout S] [--width N]\n"
                + "  runs each scenario with the C build and the Java build under strace -f -tt, normalises both\n"
                + "  traces and prints them side by side with the verdict; --all prints the verdict table.\n"
                + "  --c/--java: trace these two commands instead, from the current directory, each to its end\n"
                + "  (at most --timeout seconds, default 30, then killed); --then: they are servers, and this command\n"
                + "  runs untraced once the server listens or is bound on --port N (default: the command's last\n"
                + "  numeric argument), then the server gets SIGTERM.\n"
                + "  exit status: 0 identical, 1 different, 2 usage or environment error\n"
                + "  scenarios: " + String.join(", ", Scenario.ids());
    }
}
