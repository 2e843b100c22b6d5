/* ScenarioRunner.java: runs a scenario with the C build and the Java build, normalises, compares, keeps the files.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.strace;

import io.github.panamasockets.testkit.Build;
import io.github.panamasockets.testkit.LoopbackNamespace;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a scenario twice, with the C build and with the Java build, each traced; normalises both
 * traces; compares them. Writes, in {@code strace/target/traces/<scenario>/}: {@code c.raw} and
 * {@code java.raw} (strace's output), {@code c.norm} and {@code java.norm} (normalised),
 * {@code c.stdout}, {@code c.stderr} and the same for java (the traced program's output),
 * {@code *.helpers.log} (the untraced partners' output), and {@code side-by-side.txt}.
 */
public final class ScenarioRunner {

    public static final int DEFAULT_WIDTH = 64;

    private final Workspace ws;
    private final int width;

    public ScenarioRunner(Workspace ws, int width) {
        this.ws = ws;
        this.width = width;
    }

    /** Checks strace and prepares the programs; call once before {@link #run}. */
    public void prepare() throws EnvironmentException {
        StraceEnvironment.check();
        ws.prepare();
    }

    public ScenarioResult run(Scenario s) throws EnvironmentException {
        List<String> missing = s.missing(ws.root);
        if (!missing.isEmpty()) {
            return ScenarioResult.notBuilt(s, missing);
        }
        Path dir = ws.traceDir(s.id);
        TraceDir.clean(ws, dir);
        Map<Build, NormalisedTrace> norm = new EnumMap<>(Build.class);
        List<String> problems = new ArrayList<>();
        for (Build b : Build.values()) {
            Drivers.Context c = new Drivers.Context(ws, b, dir, s);
            List<Integer> ports;
            try {
                ports = Drivers.drive(c);
            } catch (IOException e) {
                throw new EnvironmentException(s.id + " (" + b.label + "): " + e.getMessage());
            } catch (LoopbackNamespace.Unavailable e) {
                return ScenarioResult.skipped(s, "needs a network namespace, and none can be made here ("
                        + e.getMessage() + ")");
            }
            problems.addAll(c.problems);
            norm.put(b, TraceDir.normalise(ws, dir, b,
                    NormaliseOptions.forPorts(ports.toArray(Integer[]::new)).anchoredAtHandlerOf(s.handlerSignal),
                    s.id + " (" + b.label + ")"));
        }
        NormalisedTrace c = norm.get(Build.C);
        NormalisedTrace j = norm.get(Build.JAVA);
        Verdict v = SideBySide.compare(c, j);
        StringBuilder report = new StringBuilder();
        report.append("== ").append(s.id).append(": ").append(s.description).append('\n');
        report.append("   traced: ").append(Build.C.program(s.program)).append(" and ").append(Build.JAVA.program(s.program))
                .append(", each run as ./").append(Scenario.fileName(s.program)).append('\n');
        return new ScenarioResult(s, v, TraceDir.finish(ws, dir, report, problems, c, j, width), dir, problems, c, j, null);
    }
}
