/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.stress;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import io.github.panamasockets.testkit.Build;

/**
 * bin/stress: the TCP echo servers of native/ (the fork server; with --programs also the SIGCHLD
 * fork server, the thread server and ForkN, {@link Program}) and their Java twins under the same
 * load, in the same run, row by row, C then Java, so that every figure has its C twin beside it.
 *
 * <pre>
 * bin/stress [--long] [--programs fork,fork-sigchld,thread,forkn] [--connections N] [--servers c,java]
 *            [--modes quiet,gc] [--concurrency 1,16]
 *            [--max-message BYTES] [--seed S] [--gc-rate MB/s] [--gc-live MB]
 *            [--java-options "JVM OPTIONS"] [--work DIR]
 * </pre>
 *
 * <p>Each row starts a fresh server, makes N connections with the given number of client
 * threads, and reports hung children (alive 2 s after their client closed: killed with SIGKILL
 * and counted), lost echoes, client errors, the zombies the server has at the end and after one
 * more accept, the server's open descriptors and threads (JIT compiler threads aside) before and
 * after (ForkN: its long-lived children's, summed; each must end alive and back in accept(), or
 * it is hung), and connections per second. In
 * mode {@code gc} the Java server's JVM runs {@link GcPressureAgent} (the C server has no GC:
 * its gc row is the same load as its quiet row, run again beside the Java one). The exit status
 * is 0 when every row has 0 hung, 0 lost, 0 errors, as many descriptors after as before and no
 * more threads.
 */
public final class Stress {

    /** What one row ran with, besides the server. */
    record Options(int connections, List<String> servers, List<String> modes, List<Integer> concurrency,
                   int maxMessage, long seed, int gcRate, int gcLive, String javaOptions, Path work,
                   List<Program> programs) {

        static Options defaults(Path work) {
            return new Options(1000, List.of("c", "java"), List.of("quiet", "gc"), List.of(1, 16),
                    3000, 1, 200, 4, "", work, List.of(Program.FORK));
        }

        /** bin/stress's own defaults: every program ({@link #defaults} keeps the fork server alone, for its short test). */
        static Options allPrograms(Path work) {
            Options d = defaults(work);
            return new Options(d.connections(), d.servers(), d.modes(), d.concurrency(), d.maxMessage(), d.seed(),
                    d.gcRate(), d.gcLive(), d.javaOptions(), d.work(), List.of(Program.values()));
        }
    }

    /**
     * A row of the table: the run's result, and for the Java server its GCs (all, and those while the
     * clients ran) and its fork log.
     */
    record Row(String mode, StressRun.Result result, int gcs, int gcsDuringLoad, double gcLogSeconds, int suspects,
               int stuck, int undecided, String stderr) {

        boolean clean() {
            return result.clean() && stderr.isEmpty();
        }

        /** GCs a second while the clients ran: what "under GC pressure" means, whatever the run's length. */
        double gcsPerLoadSecond() {
            return gcsDuringLoad / result.seconds();
        }

        /** GCs a second over the JVM's logged life (ForkN's parent exits before the clients start). */
        double gcsPerLoggedSecond() {
            return gcLogSeconds > 0 ? gcs / gcLogSeconds : 0;
        }
    }

    private Stress() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Root.find();
        if (args.length > 0 && args[0].equals("--sigio")) {  // the SIGIO UDP server's rows: SigioStress
            System.exit(SigioStress.main(root, List.of(args)));
        }
        Options o;
        try {
            o = parse(args, Options.allPrograms(root.resolve("stress/target/stress-work")));
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            System.err.println("bin/stress: " + (e instanceof IllegalArgumentException ? e.getMessage()
                    : "an option lacks its value") + " (bin/stress --help)");
            System.exit(2);
            return;
        }
        PrintStream out = System.out;
        out.println("# bin/stress " + String.join(" ", args));
        out.println(environment());
        Root.buildNative(root);
        List<Row> rows = new ArrayList<>();
        for (Program program : o.programs()) {
            for (String mode : o.modes()) {
                for (int c : o.concurrency()) {
                    for (String server : o.servers()) {
                        Build build = server.equals("c") ? Build.C : Build.JAVA;
                        Row row = runRow(root, o, program, build, mode, c, o.connections());
                        rows.add(row);
                        out.println(progress(row));
                    }
                }
            }
        }
        out.println();
        out.println(table(rows));
        boolean clean = true;
        for (Row row : rows) {
            clean &= row.clean();
            for (String d : row.result().hungDetails()) {
                out.println("hung, " + label(row) + ": " + d);
            }
            for (String d : row.result().errorDetails()) {
                out.println("error, " + label(row) + ": " + d);
            }
            if (!row.stderr().isEmpty()) {
                out.println("server stderr, " + label(row) + ":\n" + row.stderr().strip());
            }
        }
        System.exit(clean ? 0 : 1);
    }

    /** Runs one row: a fresh server of the build, N connections at this concurrency, then the server killed. */
    static Row runRow(Path root, Options o, Build build, String mode, int concurrency, int connections)
            throws IOException, InterruptedException {
        return runRow(root, o, Program.FORK, build, mode, concurrency, connections);
    }

    /** One row of this program ({@link Program}: the fork, SIGCHLD, thread or ForkN server). */
    static Row runRow(Path root, Options o, Program program, Build build, String mode, int concurrency, int connections)
            throws IOException, InterruptedException {
        Files.createDirectories(o.work());
        String tag = (program == Program.FORK ? "" : program.id + "-")
                + build.name().toLowerCase(Locale.ROOT) + "-" + mode + "-" + concurrency;
        Path stderr = o.work().resolve(tag + ".stderr");
        Path gcLog = o.work().resolve(tag + ".gc.log");
        Path forkLog = o.work().resolve(tag + ".fork.log");
        Files.deleteIfExists(gcLog);
        Files.deleteIfExists(forkLog);
        StringBuilder javaOptions = new StringBuilder(o.javaOptions());
        if (build == Build.JAVA) {
            javaOptions.append(" -Dio.github.panamasockets.fork.log=").append(forkLog);
            // a JVM that dies leaves its report with the row's logs, not in the working directory
            javaOptions.append(" -XX:ErrorFile=").append(o.work().resolve(tag + ".hs_err_pid%p.log"));
            if (mode.equals("gc")) {
                Path agent = AgentJar.write(o.work());
                javaOptions.append(" -javaagent:").append(agent).append("=rate=").append(o.gcRate())
                        .append(",live=").append(o.gcLive())
                        .append(" -Xlog:gc:file=").append(gcLog).append(":timemillis:filecount=0");
            }
        }
        StressRun.Result result;
        try (ForkServer server = ForkServer.start(root, program, build, javaOptions.toString().strip(), stderr)) {
            result = new StressRun(server, connections, concurrency, o.maxMessage(), o.seed()).run();
        }
        GcLog gc = GcLog.read(gcLog);
        int gcsDuringLoad = gc.pausesBetween(result.startedAtMillis(),
                result.startedAtMillis() + Math.round(result.seconds() * 1000));
        int suspects = count(forkLog, "suspect ");
        int stuck = count(forkLog, " STUCK ");
        int undecided = count(forkLog, " UNDECIDED ");
        return new Row(mode, result, gc.pauses().length, gcsDuringLoad, gc.spanSeconds(), suspects, stuck, undecided,
                Files.readString(stderr));
    }

    /**
     * A JVM's -Xlog:gc log decorated with timemillis ("[1764825600123ms] GC(3) Pause Young ..."), read
     * once: the time of each line, and of each pause; empty without a log (a C server).
     */
    record GcLog(long[] lines, long[] pauses) {

        static GcLog read(Path file) throws IOException {
            if (!Files.exists(file)) {
                return new GcLog(new long[0], new long[0]);
            }
            List<String> stamped = Files.readAllLines(file).stream()
                    .filter(l -> l.startsWith("[") && l.indexOf("ms]") > 1).toList();
            return new GcLog(stamped.stream().mapToLong(GcLog::millis).toArray(),
                    stamped.stream().filter(l -> l.contains("Pause")).mapToLong(GcLog::millis).toArray());
        }

        private static long millis(String line) {
            return Long.parseLong(line.substring(1, line.indexOf("ms]")));
        }

        /** Pauses in [from, to], both ends included. */
        int pausesBetween(long fromMillis, long toMillis) {
            return (int) Arrays.stream(pauses).filter(t -> t >= fromMillis && t <= toMillis).count();
        }

        /** Seconds from the first line (the JVM's start) to the last. */
        double spanSeconds() {
            return lines.length == 0 ? 0 : (lines[lines.length - 1] - lines[0]) / 1000.0;
        }
    }

    private static int count(Path file, String needle) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        try (var lines = Files.lines(file)) {
            return (int) lines.filter(l -> l.contains(needle)).count();
        }
    }

    static String label(Row row) {
        return (row.result().program() == Program.FORK ? "" : row.result().program().id + " ")
                + row.result().build() + " " + row.mode() + " " + row.result().concurrency()
                + (row.result().concurrency() == 1 ? " client" : " clients");
    }

    static String progress(Row row) {
        StressRun.Result r = row.result();
        return String.format(Locale.ROOT, "%-24s %6d connections: %d hung, %d lost, %d errors, fds %d->%d, "
                        + "threads %d->%d, zombies %d->%d, %.0f conn/s, %d listen-queue overflows%s", label(row),
                r.connections(), r.hung(), r.lost(), r.errors(), r.fdsBefore(), r.fdsAfter(), r.threadsBefore(),
                r.threadsAfter(), r.zombiesAtEnd(),
                r.zombiesAfterNextAccept(), r.connectionsPerSecond(), r.listenOverflows(),
                r.build() == Build.JAVA ? String.format(Locale.ROOT, ", %d GCs (%d during the load, %.1f/s), %d suspect forks (%d stuck, replaced)",
                        row.gcs(), row.gcsDuringLoad(), row.gcsPerLoadSecond(), row.suspects(), row.stuck()) : "");
    }

    /** The table, in Markdown. */
    static String table(List<Row> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append("| program | server | parent | clients | connections | hung | lost echoes | client errors "
                + "| zombies at end (after next accept) | parent fds before → after | threads before → after | conn/s "
                + "| GCs in parent (during the load, a second) | suspect forks (stuck, re-forked) |\n");
        sb.append("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | --- | --- | --- | ---: | ---: | --- |\n");
        for (Row row : rows) {
            StressRun.Result r = row.result();
            boolean java = r.build() == Build.JAVA;
            String parent = row.mode().equals("gc") ? (java ? "GC-pressured" : "(no GC; same load)") : "quiet";
            sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %d | %,d | %d | %d | %d | %d (%d) | %d → %d | %d → %d | %.0f | %s | %s |%n",
                    r.program().name, java ? "Java" : "C", parent, r.concurrency(), r.connections(), r.hung(), r.lost(),
                    r.errors(), r.zombiesAtEnd(), r.zombiesAfterNextAccept(), r.fdsBefore(), r.fdsAfter(),
                    r.threadsBefore(), r.threadsAfter(),
                    r.connectionsPerSecond(),
                    java && row.mode().equals("gc") ? String.format(Locale.ROOT, "%d (%d, %.1f/s)", row.gcs(),
                            row.gcsDuringLoad(), row.gcsPerLoadSecond()) : "—",
                    java ? row.suspects() + " (" + row.stuck() + ")" : "—"));
        }
        return sb.toString();
    }

    static String environment() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "?";
        }
        String cpu = "?";
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    cpu = line.substring(line.indexOf(':') + 1).strip();
                    break;
                }
            }
        } catch (IOException ignored) {
            // left as ?
        }
        String kernel = "?";
        try {
            kernel = Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip();
        } catch (IOException ignored) {
            // left as ?
        }
        String load = "?";
        try {
            load = Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException ignored) {
            // left as ?
        }
        return "# " + ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME) + ", " + host + ", "
                + Runtime.getRuntime().availableProcessors() + " CPUs (" + cpu + "), Linux " + kernel
                + ", JDK " + System.getProperty("java.vm.version") + " (" + System.getProperty("java.vm.vendor")
                + "), load average at start " + load;
    }

    static Options parse(String[] args, Options d) {
        int connections = d.connections();
        List<String> servers = d.servers();
        List<String> modes = d.modes();
        List<Integer> concurrency = d.concurrency();
        int maxMessage = d.maxMessage();
        long seed = d.seed();
        int gcRate = d.gcRate();
        int gcLive = d.gcLive();
        String javaOptions = d.javaOptions();
        Path work = d.work();
        List<Program> programs = d.programs();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--long" -> connections = 10_000;
                case "--connections" -> connections = Integer.parseInt(args[++i]);
                case "--servers" -> servers = List.of(args[++i].split(","));
                case "--modes" -> modes = List.of(args[++i].split(","));
                case "--concurrency" -> concurrency = List.of(args[++i].split(",")).stream().map(Integer::parseInt).toList();
                case "--max-message" -> maxMessage = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--gc-rate" -> gcRate = Integer.parseInt(args[++i]);
                case "--gc-live" -> gcLive = Integer.parseInt(args[++i]);
                case "--java-options" -> javaOptions = args[++i];
                case "--work" -> work = Path.of(args[++i]);
                case "--programs" -> programs = List.of(args[++i].split(",")).stream().map(Program::of).toList();
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        for (String s : servers) {
            if (!s.equals("c") && !s.equals("java")) {
                throw new IllegalArgumentException("--servers takes c and java, not " + s);
            }
        }
        for (String m : modes) {
            if (!m.equals("quiet") && !m.equals("gc")) {
                throw new IllegalArgumentException("--modes takes quiet and gc, not " + m);
            }
        }
        if (connections < 1 || maxMessage < 1 || concurrency.stream().anyMatch(c -> c < 1 || c > 256)) {
            throw new IllegalArgumentException("connections, message size and concurrency must be positive (concurrency at most 256)");
        }
        return new Options(connections, servers, modes, concurrency, maxMessage, seed, gcRate, gcLive, javaOptions, work,
                programs);
    }
}
