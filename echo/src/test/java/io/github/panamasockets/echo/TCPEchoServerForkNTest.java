/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.echo;

import io.github.panamasockets.echo.Twins.Result;
import io.github.panamasockets.testkit.Build;
import io.github.panamasockets.testkit.EchoLoad;
import io.github.panamasockets.testkit.Listeners;
import io.github.panamasockets.testkit.ProcNetTcp;
import io.github.panamasockets.testkit.ProcStat;
import io.github.panamasockets.testkit.Syscalls;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.github.panamasockets.echo.Twins.HANDLING;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * TCPEchoServer-ForkN, C build and Java build: the usage line; a normal run byte for byte (the
 * parent forks its children and exits 0, each child accepts and echoes client after client);
 * after its rehearsal the Java child's path allocates nothing and loads no class; and 4
 * long-lived children serve 2,000 connections from 16 clients at once with every echo right,
 * every child still alive and back in the very system call the C children wait in (accept),
 * never stuck in a futex.
 */
@Timeout(300)
class TCPEchoServerForkNTest {

    static final String PROGRAM = "TCPEchoServer-ForkN";

    @BeforeAll
    static void prepare() throws Exception {
        Twins.prepare();
    }

    @Test
    void usage() throws Exception {
        Twins.assertUsage(PROGRAM, new Result(1, "", "Usage:  ./TCPEchoServer-ForkN <SERVER PORT> <FORK LIMIT>\n"),
                new String[0], new String[] {"7"}, new String[] {"7", "2", "3"});
    }

    @Test
    void afterTheRehearsalATurnOfTheChildsLoopAllocatesNothingAndLoadsNoClass() throws Exception {
        Result r = Twins.probe(ForkNChildPathProbe.class, Duration.ofSeconds(120), "5000");
        assertTrue(r.stdout().startsWith("fork() alone: allocates\n5000 turns of the child's path: at most 0 bytes allocated beyond fork(), "),
                r.stdout() + r.stderr());
        assertTrue(r.stdout().endsWith(" 0 classes loaded\n"), r.stdout() + r.stderr());
        assertEquals(0, r.status(), r.stderr());
    }

    /** One child, three clients in turn: the same bytes from both builds, the parent gone with status 0. */
    @Test
    void normalRunOneChildServesClientAfterClient() throws Exception {
        Map<Build, Result> results = new EnumMap<>(Build.class);
        for (Build build : Build.values()) {
            try (Running server = Running.start(build, 1, List.of())) {
                for (int i = 1; i <= 3; i++) {
                    EchoLoad.Result load = EchoLoad.run(server.port, 1, 1, 40, i, Duration.ofSeconds(10));
                    assertEquals(1, load.echoed(), build + ": client " + i + " " + load.problems());
                    server.awaitLines(2 * i);
                }
                Result r = server.kill();
                assertEquals(List.of(server.children.keySet().iterator().next()), Twins.printedPids(r.stdout()), build + ": " + r);
                results.put(build, r);
            }
        }
        Twins.assertServersPrinted("ForkN, one child, three clients", results, (HANDLING + "with child process: <pid1>\n").repeat(3));
        assertEquals(0, results.get(Build.JAVA).status(), "the parent exits 0 once its children are made");
    }

    /** 4 children, 2,000 connections, 16 at once, for each build; Java's children must end as C's: alive, in accept(). */
    @Test
    void fourChildrenServe2000ConnectionsFrom16ClientsAtOnce() throws Exception {
        String idle = null;
        for (Build build : Build.values()) {   // C first: its children's system call at rest is the reference
            idle = load(build, 2_000, List.of(), idle);
        }
    }

    /**
     * Runs a load on a fresh server of 4 children and checks it; returns the system call the
     * children rest in afterwards (the first field of /proc/PID/syscall), which must be
     * {@code idleSyscall} when that is given (C's, for Java).
     */
    static String load(Build build, int connections, List<String> javaOptions, String idleSyscall) throws Exception {
        try (Running server = Running.start(build, 4, javaOptions)) {
            EchoLoad.Result load = EchoLoad.run(server.port, connections, 16, 200, 13, Duration.ofSeconds(20));
            server.awaitLines(2 * connections);
            Map<Long, String> syscalls = new LinkedHashMap<>();
            boolean resting = Twins.await(Twins.WAIT_LIMIT, () -> {
                syscalls.clear();
                for (long child : server.children.keySet()) {
                    syscalls.put(child, server.syscall(child));
                }
                return syscalls.values().stream().distinct().count() == 1
                        && (idleSyscall == null ? !syscalls.values().iterator().next().equals("running")
                                : syscalls.values().iterator().next().equals(idleSyscall));
            });
            List<Long> alive = server.children.keySet().stream().filter(server::childAlive).toList();
            Result r = server.kill();
            List<Long> printed = Twins.printedPids(r.stdout());
            Map<Long, Long> served = new LinkedHashMap<>();
            r.stdout().lines().filter(l -> l.startsWith("with child process: "))
                    .forEach(l -> served.merge(Long.parseLong(l.substring(20)), 1L, Long::sum));
            String label = build + " ForkN, 4 children, " + connections + " connections, 16 at once";
            System.out.println(label + ": echoed " + load.echoed() + ", lost " + load.lost() + ", served by child " + served
                    + ", children at rest in " + syscalls);
            assertAll(label,
                    () -> assertEquals(connections, load.echoed(), label + ": echoes right; lost " + load.problems()),
                    () -> assertEquals(List.copyOf(server.children.keySet()), alive, label + ": every child alive at the end (none hung or dead)"),
                    () -> assertTrue(resting, label + ": every child back in the same system call as C's ("
                            + idleSyscall + "), none stuck: " + syscalls),
                    () -> assertTrue(server.children.keySet().containsAll(printed), label + ": pids printed " + printed),
                    () -> assertEquals(connections, served.values().stream().mapToLong(Long::longValue).sum(), label + ": one line a connection"),
                    () -> assertEquals(4, served.size(), label + ": every child served clients: " + served),
                    () -> assertEquals("", r.stderr(), label + ": stderr"),
                    () -> assertEquals(0, r.status(), label + ": the parent's exit status"));
            return syscalls.values().iterator().next();
        }
    }

    /**
     * A running ForkN server: its parent has forked the children and exited (status kept); the
     * children are the processes holding its listening socket. stdout is line-buffered (stdbuf
     * -oL, inherited by the children) so that every line comes out as printed. stdout and stderr
     * are files, not pipes: once the parent exits, java.lang.Process closes the pipes it reads
     * (after draining them), and the children's next line would be a SIGPIPE. Every child is
     * killed by its pid at the end, after checking its start time, and must be gone.
     */
    static final class Running implements AutoCloseable {

        final int port;
        final Process parent;
        final Path out;
        final Path err;
        final Map<Long, Long> children = new LinkedHashMap<>();  // pid -> start time
        private Result result;

        private Running(int port, Process parent, Path out, Path err) {
            this.port = port;
            this.parent = parent;
            this.out = out;
            this.err = err;
        }

        private static String read(Path file) {
            try {
                return Twins.latin1(Files.readAllBytes(file));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        static Running start(Build build, int processes, List<String> javaOptions) throws IOException, InterruptedException {
            int port = Twins.freePort();
            ProcessBuilder pb = new ProcessBuilder("stdbuf", "-oL", "./" + PROGRAM, Integer.toString(port), Integer.toString(processes))
                    .directory(Twins.dir(build).toFile());
            Path dir = Files.createDirectories(Twins.ROOT.resolve("echo/target/forkn"));
            Path out = dir.resolve(build + "-" + port + ".stdout");
            Path err = dir.resolve(build + "-" + port + ".stderr");
            pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.environment().remove("TWIN_JAVA_OPTIONS");
            if (!javaOptions.isEmpty()) {
                pb.environment().put("TWIN_JAVA_OPTIONS", String.join(" ", javaOptions));
            }
            Running s = new Running(port, pb.start(), out, err);
            if (!s.parent.waitFor(60, TimeUnit.SECONDS)) {
                s.parent.destroyForcibly();
                fail(build + " " + PROGRAM + ": the parent did not exit after forking");
            }
            boolean up = Twins.await(Twins.WAIT_LIMIT, () -> ProcNetTcp.listening(port) && Listeners.of(port).size() == processes);
            for (long child : Listeners.of(port)) {
                ProcStat st = ProcStat.of(child);
                if (st != null) {
                    s.children.put(child, st.startTime());
                }
            }
            if (!up) {
                s.close();
                fail(build + " " + PROGRAM + ": expected " + processes + " children listening on " + port + ", found "
                        + s.children.keySet() + "; " + s.result);
            }
            return s;
        }

        boolean childAlive(long child) {
            ProcStat st = ProcStat.of(child);
            return st != null && st.startTime() == children.get(child) && !st.zombie();
        }

        /** The first field of /proc/PID/syscall: the number of the call it is blocked in, or "running". */
        String syscall(long child) {
            return Syscalls.describe(child);
        }

        void awaitLines(int lines) throws InterruptedException {
            if (!Twins.await(Duration.ofSeconds(60), () -> read(out).chars().filter(ch -> ch == '\n').count() >= lines)) {
                fail(PROGRAM + ": expected " + lines + " lines on stdout, got "
                        + read(out).chars().filter(ch -> ch == '\n').count() + "; stderr " + read(err));
            }
        }

        /** SIGKILL to every child, by pid; then the output to its end, and nothing may be left. */
        Result kill() throws InterruptedException {
            if (result != null) {
                return result;
            }
            for (long child : children.keySet()) {
                if (childAlive(child)) {
                    ProcessHandle.of(child).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
            boolean gone = Twins.await(Twins.WAIT_LIMIT, () -> children.keySet().stream().noneMatch(this::childAlive));
            result = new Result(parent.exitValue(), read(out), read(err));
            if (!gone) {
                fail(PROGRAM + ": left running: " + children.keySet().stream().filter(this::childAlive).toList());
            }
            return result;
        }

        @Override
        public void close() throws InterruptedException {
            kill();
        }
    }
}
