/* GenericRun.java: strace-compare's generic mode, any C command against any Java command, a server with a client to play.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.strace;

import io.github.panamasockets.testkit.Build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@code --c 'CMD ARGS' --java 'CMD ARGS' [--then 'CMD ARGS'] [--port N] [--timeout S]}: traces the
 * two commands one after the other, each from the current directory with the same environment
 * (LC_ALL=C, stdin /dev/null, stdout and stderr to files), normalises both traces with the same
 * rules as the scenarios and compares them.
 *
 * <ul>
 * <li>Without {@code --then}, each command runs to its end, at most {@code timeout}; a command still
 *     running then is killed (SIGKILL to the traced program's pid, then to what strace still traces)
 *     and that is reported as a problem.</li>
 * <li>With {@code --then}, the traced command is a server: once it is seen listening (TCP) or bound
 *     (UDP) on the port, in /proc/net, the {@code --then} command runs untraced to its end (at most
 *     {@code timeout}); then, once the thread that bound the port is blocked again in accept(),
 *     recvfrom() or recvmsg() (at most {@code timeout}), the server gets SIGTERM, as in the
 *     iterative-server scenario.</li>
 * <li>The port: {@code --port N}; without it, each traced command's last argument that is a number
 *     (1-65535). It is shown as {@code PORT} in both traces. A server needs one; a client without one
 *     is compared with its ports as written.</li>
 * </ul>
 * Commands are split into words at blanks; single or double quotes keep blanks in a word. The
 * traces go to {@code strace/target/traces/generic/}.
 */
final class GenericRun {

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    record Options(List<String> c, List<String> java, List<String> then, Integer port, Duration timeout) {
    }

    private final Workspace ws;
    private final Path workDir;
    private final int width;

    GenericRun(Workspace ws, Path workDir, int width) {
        this.ws = ws;
        this.workDir = workDir;
        this.width = width;
    }

    /** Runs both commands; the result's scenario is null. */
    ScenarioResult run(Options o) throws EnvironmentException {
        Path dir = ws.traceDir("generic");
        TraceDir.clean(ws, dir);
        Map<Build, NormalisedTrace> norm = new EnumMap<>(Build.class);
        List<String> problems = new ArrayList<>();
        for (Build b : Build.values()) {
            List<String> command = b == Build.C ? o.c() : o.java();
            checkRunnable(command.get(0));
            Integer port = o.port() != null ? o.port() : lastPort(command);
            if (o.then() != null && port == null) {
                throw new EnvironmentException("--then needs the server's port: --port N, or a number as the "
                        + b.label + " command's last argument");
            }
            try {
                problems.addAll(play(b, dir, command, o, port));
            } catch (IOException e) {
                throw new EnvironmentException(b.label + " command: " + e.getMessage());
            }
            norm.put(b, TraceDir.normalise(ws, dir, b,
                    port == null ? NormaliseOptions.forPorts() : NormaliseOptions.forPorts(port), b.label));
        }
        NormalisedTrace c = norm.get(Build.C);
        NormalisedTrace j = norm.get(Build.JAVA);
        Verdict v = SideBySide.compare(c, j);
        StringBuilder report = new StringBuilder();
        report.append("== generic: ").append(String.join(" ", o.c())).append(" vs ").append(String.join(" ", o.java()))
                .append(", run from ").append(workDir).append('\n');
        if (o.then() != null) {
            report.append("   each a server; played against it, untraced: ").append(String.join(" ", o.then())).append('\n');
        }
        return new ScenarioResult(null, v, TraceDir.finish(ws, dir, report, problems, c, j, width), dir, problems, c, j, null);
    }

    /** One build's run; returns the problems met, each naming the build. */
    private List<String> play(Build b, Path dir, List<String> command, Options o, Integer port) throws IOException {
        List<String> problems = new ArrayList<>();
        long limit = o.timeout().toSeconds();
        try (TracedRun run = TracedRun.start(b, dir, workDir, command)) {
            if (o.then() == null) {
                if (!run.awaitEnd(o.timeout())) {
                    problems.add(b.label + ": did not end within " + limit + " s; " + kill(run));
                }
                return problems;
            }
            Optional<ProcessHandle> server = run.program(o.timeout());
            boolean ready = ProcWatch.await(() -> Drivers.ready(port, false) || Drivers.ready(port, true) || !run.running(),
                    o.timeout()) && (Drivers.ready(port, false) || Drivers.ready(port, true));
            if (server.isEmpty() || !ready) {
                problems.add(b.label + ": the server did not listen or bind on port " + port + " within " + limit + " s"
                        + (run.running() ? "; " + kill(run) : ""));
                run.awaitEnd(Drivers.STEP);
                return problems;
            }
            long tid = boundBy(run, port, server.get().pid());
            problems.addAll(then(b, dir, o));
            Set<Integer> waiting = new HashSet<>(ProcWatch.ACCEPT);
            waiting.addAll(ProcWatch.RECEIVE);
            if (!ProcWatch.await(() -> ProcWatch.blockedIn(server.get().pid(), tid, waiting), o.timeout())) {
                problems.add(b.label + ": the server was not blocked in accept() or recvfrom() within " + limit + " s");
            }
            server.get().destroy(); // SIGTERM, as `kill PID` from a shell
            if (!run.awaitEnd(o.timeout())) {
                problems.add(b.label + ": the server did not end within " + limit + " s of SIGTERM; " + kill(run));
            }
        }
        return problems;
    }

    /** Runs the --then command untraced, from the same directory, to its end (at most the timeout). */
    private List<String> then(Build b, Path dir, Options o) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(o.then()).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(b.stem + ".helpers.log").toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        pb.environment().put("LC_ALL", "C");
        Process p = pb.start();
        try {
            if (!p.waitFor(o.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                return List.of(b.label + ": the --then command did not end within " + o.timeout().toSeconds()
                        + " s; killed (pid " + p.pid() + ")");
            }
            return p.exitValue() == 0 ? List.of()
                    : List.of(b.label + ": the --then command ended with status " + p.exitValue() + " (output: "
                            + ws.show(dir.resolve(b.stem + ".helpers.log")) + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of(b.label + ": interrupted while the --then command ran");
        } finally {
            Processes.killTree(p.toHandle());
        }
    }

    /**
     * SIGKILL to the traced program by its pid; strace then writes its end and ends (waited for,
     * bounded), and what is left of the run is killed; says what was done.
     */
    private static String kill(TracedRun run) {
        Optional<ProcessHandle> program = run.program(Duration.ZERO);
        program.ifPresent(ProcessHandle::destroyForcibly);
        run.awaitEnd(Drivers.STEP);
        run.close();
        return program.map(h -> "killed (SIGKILL to pid " + h.pid() + ")").orElse("strace killed (no program seen)");
    }

    /** The thread whose bind() took the port (a JVM's main thread is not its first), else the process. */
    private static long boundBy(TracedRun run, int port, long pid) {
        String bound = "_port=htons(" + port + ")";
        return run.rawText().lines().filter(l -> l.contains(" bind(") && l.contains(bound))
                .mapToLong(l -> StraceParser.parseLine(0, l).tid()).findFirst().orElse(pid);
    }

    /** The command's last argument that is a port number, or null. */
    static Integer lastPort(List<String> command) {
        for (int i = command.size() - 1; i >= 1; i--) {
            String a = command.get(i);
            if (a.matches("\\d{1,5}") && Integer.parseInt(a) >= 1 && Integer.parseInt(a) <= 65535) {
                return Integer.parseInt(a);
            }
        }
        return null;
    }

    /** The program must be a file that can be run: by a path from the run directory, or a name on PATH. */
    private void checkRunnable(String program) throws EnvironmentException {
        if (program.contains("/")) {
            if (!Files.isExecutable(workDir.resolve(program))) {
                throw new EnvironmentException(program + " is not an executable file (from " + workDir + ")");
            }
            return;
        }
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, program))) {
                return;
            }
        }
        throw new EnvironmentException(program + " is not on the PATH");
    }

    /**
     * A command line split into words: blanks separate words; single quotes keep everything up
     * to the next single quote, double quotes up to the next double quote (a backslash there
     * escapes the next character).
     *
     * @throws IllegalArgumentException on an unclosed quote or an empty command
     */
    static List<String> words(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean inWord = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (ch == '\'' || ch == '"') {
                int end = i + 1;
                while (end < line.length() && line.charAt(end) != ch) {
                    if (ch == '"' && line.charAt(end) == '\\' && end + 1 < line.length()) {
                        end++;
                    }
                    w.append(line.charAt(end));
                    end++;
                }
                if (end >= line.length()) {
                    throw new IllegalArgumentException("unclosed " + ch + " in: " + line);
                }
                i = end;
                inWord = true;
            } else if (Character.isWhitespace(ch)) {
                if (inWord) {
                    out.add(w.toString());
                    w.setLength(0);
                    inWord = false;
                }
            } else {
                w.append(ch);
                inWord = true;
            }
        }
        if (inWord) {
            out.add(w.toString());
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("an empty command");
        }
        return out;
    }
}
