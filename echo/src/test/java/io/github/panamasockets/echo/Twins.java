/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.echo;

import io.github.panamasockets.testkit.Build;
import io.github.panamasockets.testkit.Children;
import io.github.panamasockets.testkit.Polling;
import io.github.panamasockets.testkit.Ports;
import io.github.panamasockets.testkit.ProcNetTcp;
import io.github.panamasockets.testkit.ProcStat;
import io.github.panamasockets.testkit.Repository;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs the echo programs of both builds the same way: the C build (native/build, made here with
 * make) and the Java build (the launchers in echo/bin). Each build has a directory of its own
 * under echo/target/twins holding symlinks named as the programs, and every program is run from
 * there as ./NAME, so argv[0] is the same string for both and the usage lines can be compared
 * byte for byte.
 *
 * <p>Everything waits with a bound; every process started here is killed by its pid (a fork
 * server's children too, found through /proc) when its test ends.
 */
final class Twins {


    static final String CLIENT = "TCPEchoClient";
    static final String SERVER = "TCPEchoServer";
    static final String FORK_SERVER = "TCPEchoServer-Fork";
    /** The line the book's echo servers print for each client (every test's client is on 127.0.0.1). */
    static final String HANDLING = "Handling client 127.0.0.1\n";

    /** The repository root: surefire runs in echo/ (basedir). */
    static final Path ROOT = Repository.root(Path.of(System.getProperty("basedir", ".")));
    static final Duration RUN_LIMIT = Duration.ofSeconds(30);
    static final Duration WAIT_LIMIT = Duration.ofSeconds(20);
    private static final Duration POLL = Duration.ofMillis(20);

    private static boolean ready;

    private Twins() {
    }


    /** Builds the C programs (make -C native) and lays out the two program directories, once. */
    static synchronized void prepare() throws IOException, InterruptedException {
        if (ready) {
            return;
        }
        for (String tool : List.of("make", "gcc", "stdbuf")) {
            if (!onPath(tool)) {
                fail(tool + " not found on PATH: the same-bytes tests build and run the C programs "
                        + "(apt-get install make gcc coreutils)");
            }
        }
        Result make = run(List.of("make", "-C", ROOT.resolve("native").toString()), ROOT, RUN_LIMIT);
        if (make.status() != 0) {
            fail("make -C native failed:\n" + make.stdout() + make.stderr());
        }
        // every program the C build has (native/build/NAME, native/build/ed2/NAME), each beside
        // its Java launcher (echo/bin/NAME, echo/bin/ed2/NAME), as ./NAME or ./ed2/NAME
        for (String program : programs()) {
            for (Build build : Build.values()) {
                Path target = build.programPath(ROOT, program);
                if (build == Build.JAVA && !Files.isExecutable(target)) {
                    fail(Build.C.program(program) + " has no launcher " + Build.JAVA.program(program));
                }
                Path link = dir(build).resolve(program);
                Files.createDirectories(link.getParent());
                Files.deleteIfExists(link);
                Files.createSymbolicLink(link, target);
            }
        }
        ready = true;
    }

    /** The C build's programs, as paths under native/build: NAME and ed2/NAME. */
    static List<String> programs() throws IOException {
        List<String> programs = new ArrayList<>();
        for (String sub : List.of("", "ed2/")) {
            Path dir = ROOT.resolve("native/build").resolve(sub);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (var list = Files.list(dir)) {
                list.filter(p -> Files.isRegularFile(p) && Files.isExecutable(p))
                        .map(p -> sub + p.getFileName()).sorted().forEach(programs::add);
            }
        }
        return programs;
    }

    private static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }

    /** Where the programs of a build are run from (as ./NAME). */
    static Path dir(Build build) {
        return ROOT.resolve("echo/target/twins").resolve(build.name().toLowerCase());
    }

    // ---------------------------------------------------------------- results

    /** What a process left: its exit status and the bytes of stdout and stderr (as ISO-8859-1, one char a byte). */
    record Result(int status, String stdout, String stderr) {

        static Result of(int status, byte[] out, byte[] err) {
            return new Result(status, latin1(out), latin1(err));
        }

        Result normalised() {
            return new Result(status, normalisePids(stdout), normalisePids(stderr));
        }
    }

    static String latin1(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private static final Pattern CHILD_PID = Pattern.compile("with child process: (\\d+)");

    /**
     * The only part of any output that differs between runs: the fork server's child pids, each
     * replaced by its rank of first appearance ({@code <pid1>}, {@code <pid2>}, ...). No output
     * of these programs contains a port.
     */
    static String normalisePids(String s) {
        Map<String, String> names = new LinkedHashMap<>();
        Matcher m = CHILD_PID.matcher(s);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String name = names.computeIfAbsent(m.group(1), pid -> "<pid" + (names.size() + 1) + ">");
            m.appendReplacement(sb, Matcher.quoteReplacement("with child process: " + name));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** The pids a fork server printed, in order of first appearance. */
    static List<Long> printedPids(String stdout) {
        List<Long> pids = new ArrayList<>();
        Matcher m = CHILD_PID.matcher(stdout);
        while (m.find()) {
            long pid = Long.parseLong(m.group(1));
            if (!pids.contains(pid)) {
                pids.add(pid);
            }
        }
        return pids;
    }

    /** C's result and Java's must be the same bytes and status (after pid normalisation). */
    static void assertSameResult(String scenario, Result c, Result java) {
        Result cn = c.normalised();
        Result jn = java.normalised();
        assertAll(scenario,
                () -> assertEquals(cn.stdout(), jn.stdout(), scenario + ": stdout, C then Java"),
                () -> assertEquals(cn.stderr(), jn.stderr(), scenario + ": stderr, C then Java"),
                () -> assertEquals(cn.status(), jn.status(), scenario + ": exit status, C then Java"));
    }

    // ---------------------------------------------------------------- clients and short runs

    /** The servers' results of both builds agree, and the Java one printed {@code stdout} (pids normalised) and nothing on stderr. */
    static void assertServersPrinted(String scenario, Map<Build, Result> results, String stdout) {
        assertSameResult(scenario, results.get(Build.C), results.get(Build.JAVA));
        assertEquals(stdout, results.get(Build.JAVA).normalised().stdout());
        assertEquals("", results.get(Build.JAVA).stderr());
    }

    /** Runs ./TCPEchoClient of a build with these arguments, to its end. */
    static Result client(Build build, String... args) throws IOException, InterruptedException {
        return program(build, CLIENT, args);
    }

    /** Runs ./PROGRAM of a build with these arguments, to its end (for the usage and bind failures). */
    static Result program(Build build, String program, String... args) throws IOException, InterruptedException {
        return run(command(List.of(), program, args), dir(build), RUN_LIMIT);
    }

    /** The command line of ./PROGRAM with these arguments, after a prefix (empty: the program alone). */
    static List<String> command(List<String> prefix, String program, String... args) {
        List<String> command = new ArrayList<>(prefix);
        command.add("./" + program);
        command.addAll(List.of(args));
        return command;
    }

    /** Starts ./PROGRAM of a build with these arguments in the background, stdin closed; the caller ends it by its pid. */
    static Process startProgram(Build build, String program, String... args) throws IOException {
        return startProgram(List.of(), build, program, args);
    }

    /** {@link #startProgram(Build, String, String...)} after a command prefix, which must exec the program (so the pid is the program's). */
    static Process startProgram(List<String> prefix, Build build, String program, String... args) throws IOException {
        Process p = new ProcessBuilder(command(prefix, program, args)).directory(dir(build).toFile()).start();
        p.getOutputStream().close();
        return p;
    }

    /** Runs ./PROGRAM of both builds with the same arguments; asserts they agree; returns the Java build's result. */
    static Result both(String scenario, String program, String... args) throws IOException, InterruptedException {
        Result c = program(Build.C, program, args);
        Result java = program(Build.JAVA, program, args);
        assertSameResult(scenario, c, java);
        return java;
    }

    /** PROGRAM of both builds with each argument list: they must agree, and the Java build's result be {@code expected}. */
    static void assertUsage(String program, Result expected, String[]... argLists) throws IOException, InterruptedException {
        for (String[] args : argLists) {
            assertEquals(expected, both("usage " + List.of(args), program, args), "usage " + List.of(args));
        }
    }

    /** {@link #assertPortInUse(boolean, String, IntFunction)} with the held port as the one argument. */
    static void assertPortInUse(boolean udp, String program) throws IOException, InterruptedException {
        assertPortInUse(udp, program, port -> new String[] {Integer.toString(port)});
    }

    /**
     * PROGRAM of both builds with the arguments made from a port that a socket of this test
     * holds: a listening TCP socket on the wildcard address, or (udp) a UDP socket on 127.0.0.1,
     * neither with SO_REUSEADDR. The server's bind() to that port must fail in both, as C's does.
     */
    static void assertPortInUse(boolean udp, String program, IntFunction<String[]> args) throws IOException, InterruptedException {
        try (Closeable holder = udp ? udpPortHolder() : tcpPortHolder()) {
            int port = holder instanceof ServerSocket s ? s.getLocalPort() : ((DatagramSocket) holder).getLocalPort();
            assertEquals(new Result(1, "", "bind() failed: Address already in use\n"),
                    both("port " + port + " in use", program, args.apply(port)));
        }
    }

    private static ServerSocket tcpPortHolder() throws IOException {
        ServerSocket holder = new ServerSocket();
        try {
            holder.setReuseAddress(false);
            holder.bind(new InetSocketAddress(freePort()));
            return holder;
        } catch (IOException e) {
            holder.close();
            throw e;
        }
    }

    private static DatagramSocket udpPortHolder() throws IOException {
        // DatagramSocket sets no SO_REUSEADDR: the server's bind to the wildcard address collides with it
        return new DatagramSocket(new InetSocketAddress("127.0.0.1", freePort()));
    }

    /** A word of {@code length} letters and digits, for messages of a given size. */
    static String word(int length) {
        String alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < length; i++) {
            sb.append(alphabet.charAt(i % alphabet.length()));
        }
        return sb.toString();
    }

    /**
     * Runs a bash command line in a build's directory, for arguments a Java string cannot carry
     * (raw bytes written as $'\xff'); it must exec the program so that argv[0] is as written.
     */
    static Result shell(Build build, String commandLine) throws IOException, InterruptedException {
        return run(List.of("bash", "-c", commandLine), dir(build), RUN_LIMIT);
    }

    /**
     * Runs {@code main} of a test class in a JVM of its own with the fork servers' launcher flags
     * (echo/bin/lib/twin.sh): the probes that measure a child's path as the launched program has it.
     */
    static Result probe(Class<?> main, Duration limit, String... args) throws IOException, InterruptedException {
        String classPath = String.join(":", ROOT.resolve("echo/target/test-classes").toString(),
                ROOT.resolve("echo/target/classes").toString(), ROOT.resolve("bindings/target/classes").toString());
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC", "-XX:-UsePerfData", "-Xrs",
                "-XX:+DisableAttachMechanism", "-Xint", "-Xms16m", "-Xmx32m",
                // twin_fork_flags' (its huge pages left out: where the heap's pages lie changes no allocation)
                "-XX:+UnlockDiagnosticVMOptions", "-XX:ArchiveRelocationMode=0",
                "-cp", classPath, main.getName()));
        command.addAll(List.of(args));
        return run(command, ROOT, limit, Map.of("MALLOC_ARENA_MAX", "1"));
    }

    /** Runs a command to its end: bounded in time, killed by its pid and failed if it overruns. */
    static Result run(List<String> command, Path dir, Duration limit) throws IOException, InterruptedException {
        return run(command, dir, limit, Map.of());
    }

    /** {@link #run(List, Path, Duration)} with these variables added to the environment. */
    static Result run(List<String> command, Path dir, Duration limit, Map<String, String> env)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().putAll(env);
        Process p = builder.start();
        Capture out = new Capture(p.getInputStream());
        Capture err = new Capture(p.getErrorStream());
        p.getOutputStream().close();
        try {
            if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                fail(command + " still running after " + limit + "; killed");
            }
            if (!out.awaitEof(WAIT_LIMIT) || !err.awaitEof(WAIT_LIMIT)) {
                fail(command + " ended but its output stays open (a child of it still holds it?)");
            }
            return Result.of(p.exitValue(), out.bytes(), err.bytes());
        } finally {
            p.destroyForcibly();
        }
    }

    // ---------------------------------------------------------------- servers

    /**
     * A free TCP port in 20000-31999, bindable as the servers bind and listened on by nobody
     * ({@link Ports#free()}); kept here because the tests of this package call it by this name.
     */
    static int freePort() {
        return Ports.free();
    }

    /** Polls every 20 ms until the condition holds or the limit passes; returns whether it held ({@link Polling}). */
    static boolean await(Duration limit, BooleanSupplier condition) throws InterruptedException {
        return Polling.await(limit, POLL, condition);
    }

    /**
     * A running server of one build; stdout and stderr are pipes, read as they come. Line-buffered
     * servers run under stdbuf -oL (its LD_PRELOAD sets libc's stdout line-buffered for the JVM
     * as for C); the others keep libc's full buffering of a pipe.
     */
    static final class Server implements AutoCloseable {

        final Build build;
        final String program;
        final int port;
        final Process process;
        final long pid;
        final Capture out;
        final Capture err;
        /** Every child seen, in order of discovery, with its start time (to never mistake a reused pid). */
        private final Map<Long, Long> children = new LinkedHashMap<>();
        private Result result;

        private Server(Build build, String program, int port, Process process) {
            this.build = build;
            this.program = program;
            this.port = port;
            this.process = process;
            this.pid = process.pid();
            this.out = new Capture(process.getInputStream());
            this.err = new Capture(process.getErrorStream());
        }

        /** Starts ./PROGRAM PORT on a free port, retrying on another port if that one was taken meanwhile. */
        static Server start(Build build, String program, boolean lineBuffered) throws IOException, InterruptedException {
            return start(build, program, lineBuffered, ProcNetTcp::listening);
        }

        /** A UDP server: as {@link #start}, up once a UDP socket is bound to its port. */
        static Server startUdp(Build build, String program, boolean lineBuffered) throws IOException, InterruptedException {
            return start(build, program, lineBuffered, ProcNetTcp::udpBound);
        }

        private static Server start(Build build, String program, boolean lineBuffered, java.util.function.IntPredicate up)
                throws IOException, InterruptedException {
            for (int attempt = 0; attempt < 5; attempt++) {
                int port = freePort();
                List<String> command = new ArrayList<>();
                if (lineBuffered) {
                    command.addAll(List.of("stdbuf", "-oL"));
                }
                command.addAll(List.of("./" + program, Integer.toString(port)));
                Process p = new ProcessBuilder(command).directory(dir(build).toFile()).start();
                p.getOutputStream().close();
                Server s = new Server(build, program, port, p);
                boolean started = await(RUN_LIMIT, () -> !p.isAlive() || up.test(port));
                if (started && p.isAlive()) {
                    return s;
                }
                s.close();
                if (!s.result().stderr().contains("Address already in use")) {
                    fail(build + " " + program + " did not start listening on " + port + ": " + s.result());
                }
            }
            throw new IllegalStateException("ports kept being taken");
        }

        /** The children the server has now (alive or zombie, {@link Children}); each is remembered with its start time. */
        List<Long> children() {
            List<Long> now = Children.of(pid);
            for (long c : now) {
                ProcStat st = ProcStat.of(c);
                if (st != null) {
                    children.putIfAbsent(c, st.startTime());
                }
            }
            return now;
        }

        /** Every child seen so far, in order of discovery. */
        List<Long> childrenSeen() {
            return new ArrayList<>(children.keySet());
        }

        /** Whether this child (as remembered) still runs: it exists with the same start time and is not a zombie. */
        boolean childAlive(long child) {
            Long started = children.get(child);
            ProcStat st = ProcStat.of(child);
            return st != null && started != null && st.startTime() == started && !st.zombie();
        }

        /** Waits until the server has a child that is not among those known; returns it. */
        long awaitNewChild(List<Long> known) throws InterruptedException {
            long[] found = {-1};
            boolean ok = await(WAIT_LIMIT, () -> {
                for (long c : children()) {
                    if (!known.contains(c)) {
                        found[0] = c;
                        return true;
                    }
                }
                return false;
            });
            if (!ok) {
                fail(build + " " + program + ": no new child appeared; children " + children());
            }
            return found[0];
        }

        /** Waits until a child has ended (a zombie, or already reaped): it has written all it will write. */
        void awaitEnded(long child) throws InterruptedException {
            if (!await(WAIT_LIMIT, () -> !childAlive(child))) {
                fail(build + " " + program + ": child " + child + " did not end after its client closed (hung?): "
                        + ProcStat.of(child));
            }
        }

        /** Waits until this many lines have come out on stdout. */
        void awaitLines(int lines) throws InterruptedException {
            if (!await(WAIT_LIMIT, () -> latin1(out.bytes()).chars().filter(ch -> ch == '\n').count() >= lines)) {
                fail(build + " " + program + ": expected " + lines + " lines on stdout, got "
                        + latin1(out.bytes()).replace("\n", "\\n") + " / stderr " + latin1(err.bytes()));
            }
        }

        /** SIGKILL to the server and every child of it, by pid; then its output to the end. */
        Result kill() throws InterruptedException {
            if (result != null) {
                return result;
            }
            children();  // remember the latest children before their parent goes
            // SIGKILL through the handle: Process.destroyForcibly() would also close the pipes
            // at once, losing what the children wrote that this test has not read yet
            process.toHandle().destroyForcibly();
            for (long child : children.keySet()) {
                if (childAlive(child)) {
                    ProcessHandle.of(child).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
            boolean ended = process.waitFor(WAIT_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
            boolean closed = out.awaitEof(WAIT_LIMIT) && err.awaitEof(WAIT_LIMIT);
            result = Result.of(ended ? process.exitValue() : -1, out.bytes(), err.bytes());
            if (!ended || !closed) {
                fail(build + " " + program + " would not end (ended " + ended + ", output closed " + closed + ")");
            }
            return result;
        }

        Result result() {
            return result;
        }

        /** Nothing started for this server may be left running: the server, and each child ever seen. */
        void assertNothingLeft() throws InterruptedException {
            boolean clean = await(WAIT_LIMIT, () -> !process.isAlive()
                    && children.keySet().stream().noneMatch(this::childAlive));
            if (!clean) {
                fail(build + " " + program + ": left running: server " + process.isAlive() + ", children "
                        + children.keySet().stream().filter(this::childAlive).toList());
            }
        }

        @Override
        public void close() throws InterruptedException {
            kill();
        }
    }

    /** Reads a stream to its end on a thread of its own; its bytes so far can be looked at any time. */
    static final class Capture {

        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final Thread reader;

        Capture(InputStream in) {
            reader = Thread.ofPlatform().daemon().start(() -> {
                byte[] buf = new byte[8192];
                try (in) {
                    int n;
                    while ((n = in.read(buf)) > 0) {
                        synchronized (bytes) {
                            bytes.write(buf, 0, n);
                        }
                    }
                } catch (IOException closed) {
                    // the process is gone: what was read is all there is
                }
            });
        }

        byte[] bytes() {
            synchronized (bytes) {
                return bytes.toByteArray();
            }
        }

        boolean awaitEof(Duration limit) throws InterruptedException {
            return reader.join(limit);
        }
    }
}
