/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.echo;

import io.github.panamasockets.echo.Twins.Capture;
import io.github.panamasockets.echo.Twins.Result;
import io.github.panamasockets.testkit.Build;
import io.github.panamasockets.testkit.ProcNetTcp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.github.panamasockets.echo.Twins.assertSameResult;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What a C program has from its start and a JVM changes (docs/differences.md): the locale, the
 * SIGPIPE disposition its parent gave it, the JVM's own announcements, the signals it keeps for
 * itself, the launcher's own failures. C build and Java build, same bytes and status.
 */
@Timeout(120)
class FidelityTest {

    private static final String REFUSED = "connect() failed: Connection refused\n";

    @BeforeAll
    static void prepare() throws Exception {
        Twins.prepare();
    }

    // ------------------------------------------------------------------ locale

    /** A French locale when one is installed, else C.UTF-8 (where glibc honours LANGUAGE); null if neither. */
    private static String translatingLocale() throws Exception {
        Result all = Twins.run(List.of("locale", "-a"), Twins.ROOT, Twins.RUN_LIMIT);
        String fallback = null;
        for (String name : all.stdout().split("\n")) {
            if (name.startsWith("fr_") && name.toLowerCase().contains("utf")) {
                return name;
            }
            if (name.equalsIgnoreCase("C.UTF-8") || name.equalsIgnoreCase("C.utf8")) {
                fallback = name;
            }
        }
        return fallback;
    }

    /**
     * perror's text is C's ("Connection refused") whatever the environment asks: the JVM's
     * setlocale(LC_ALL, "") would give glibc's French catalogue. Skipped (one line) where nothing
     * here translates libc's messages: then the test could not fail.
     */
    @Test
    void perrorIsEnglishUnderAFrenchEnvironment() throws Exception {
        String locale = translatingLocale();
        assumeTrue(locale != null, "no French or C.UTF-8 locale installed: nothing to translate libc's messages");
        String env = "LC_ALL=" + locale + " LANG=" + locale + " LANGUAGE=fr ";
        // cat calls setlocale(LC_ALL, ""): its strerror text shows whether libc translates here
        Result probe = Twins.shell(Build.C, env + "exec cat /nonexistent-" + ProcessHandle.current().pid());
        assumeTrue(!probe.stderr().contains("No such file or directory"),
                "libc's French messages are not installed (" + probe.stderr().strip() + "): nothing to translate");
        String line = env + "exec ./TCPEchoClient 127.0.0.1 hello " + Twins.freePort();
        Result c = Twins.shell(Build.C, line);
        Result java = Twins.shell(Build.JAVA, line);
        assertSameResult("connection refused, " + env.strip(), c, java);
        assertEquals(new Result(1, "", REFUSED), java);
    }

    // ------------------------------------------------------------------ SIGPIPE

    /**
     * The usage message written to a pipe nobody reads: C is killed by SIGPIPE (141), and so must
     * the twin be, whose JVM ignored SIGPIPE until main restored it. The group waits (bounded)
     * until a write to the pipe fails, so the reader is gone before the program starts.
     */
    @Test
    void usageIntoAClosedPipeIsKilledBySigpipe() throws Exception {
        for (String program : new String[] {"TCPEchoClient", "TCPEchoServer-Fork"}) {
            String line = "{ for i in $(seq 500); do ( trap '' PIPE; printf x >&2 ) 2>/dev/null || break; sleep 0.01; done; "
                    + "exec ./" + program + "; } 2>&1 >/dev/null | true; exit ${PIPESTATUS[0]}";
            Result c = Twins.shell(Build.C, line);
            Result java = Twins.shell(Build.JAVA, line);
            assertSameResult(program + " usage into a closed pipe", c, java);
            assertEquals(new Result(128 + 13, "", ""), java, "killed by SIGPIPE");
        }
    }

    /**
     * Started with SIGPIPE ignored (trap '' PIPE), C inherits SIG_IGN: the iterative server's
     * send() to a reset client fails with EPIPE and it prints "send() failed: Broken pipe", where
     * it would die of SIGPIPE by default (FaultsTest). The twin takes the same disposition.
     * The client sends 200 bytes and closes while the server is stopped; the server echoes the
     * first chunk to a closed socket (the client's kernel answers RST) and its next send() fails.
     */
    @Test
    void aServerStartedWithSigpipeIgnoredGetsEpipe() throws Exception {
        Map<Build, Result> results = new EnumMap<>(Build.class);
        for (Build build : Build.values()) {
            results.put(build, serverWithSigpipeIgnored(build));
        }
        assertSameResult("iterative server, SIGPIPE ignored", results.get(Build.C), results.get(Build.JAVA));
        assertEquals(new Result(1, "Handling client 127.0.0.1\n", "send() failed: Broken pipe\n"),
                results.get(Build.JAVA));
    }

    private static Result serverWithSigpipeIgnored(Build build) throws Exception {
        int port = Twins.freePort();
        Process p = new ProcessBuilder("bash", "-c", "trap '' PIPE; exec ./" + Twins.SERVER + " " + port)
                .directory(Twins.dir(build).toFile()).start();
        p.getOutputStream().close();
        Capture out = new Capture(p.getInputStream());
        Capture err = new Capture(p.getErrorStream());
        try {
            if (!Twins.await(Twins.RUN_LIMIT, () -> !p.isAlive() || ProcNetTcp.listening(port))) {
                fail(build + " server not listening on " + port);
            }
            signal(p.pid(), "STOP");
            try (Socket client = new Socket()) {
                client.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
                client.getOutputStream().write(new byte[200]);
            } finally {
                signal(p.pid(), "CONT");
            }
            assertTrue(p.waitFor(Twins.WAIT_LIMIT.toMillis(), TimeUnit.MILLISECONDS), build + " server still runs");
            assertTrue(out.awaitEof(Twins.WAIT_LIMIT) && err.awaitEof(Twins.WAIT_LIMIT), build + " output still open");
            return Result.of(p.exitValue(), out.bytes(), err.bytes());
        } finally {
            p.destroyForcibly(); // by its own handle: the process this test started
        }
    }

    private static void signal(long pid, String sig) throws IOException, InterruptedException {
        Result r = Twins.run(List.of("kill", "-" + sig, Long.toString(pid)), Twins.ROOT, Twins.RUN_LIMIT);
        assertEquals(0, r.status(), "kill -" + sig + " " + pid + ": " + r);
    }

    // ------------------------------------------------------------------ SIGXFSZ

    /**
     * Past the file-size limit (ulimit -f 1: 1024 bytes) C is killed by SIGXFSZ (153); the JVM
     * ignores it, and the twin would exit 0 with a truncated file. Both must stop at the limit
     * and die; the file holds the same 1024 bytes. (ulimit -c 0: no core file.)
     */
    @Test
    void aWritePastTheFileSizeLimitIsKilledBySigxfsz() throws Exception {
        String word = Twins.word(3000);
        Map<Build, Result> results = new EnumMap<>(Build.class);
        Map<Build, byte[]> files = new EnumMap<>(Build.class);
        Path dir = Files.createTempDirectory("file-size-limit");
        try (Twins.Server server = Twins.Server.start(Build.C, Twins.SERVER, true)) {
            for (Build build : Build.values()) {
                Path file = dir.resolve(build.name());
                results.put(build, Twins.shell(build, "ulimit -c 0; ulimit -f 1; exec ./" + Twins.CLIENT
                        + " 127.0.0.1 " + word + " " + server.port + " > " + file));
                files.put(build, Files.readAllBytes(file));
                Files.delete(file);
            }
            server.kill();
        } finally {
            Files.deleteIfExists(dir);
        }
        assertSameResult("client output past ulimit -f 1", results.get(Build.C), results.get(Build.JAVA));
        assertEquals(new Result(128 + 25, "", ""), results.get(Build.JAVA), "killed by SIGXFSZ");
        assertEquals(1024, files.get(Build.JAVA).length);
        assertEquals(new String(files.get(Build.C), java.nio.charset.StandardCharsets.ISO_8859_1),
                new String(files.get(Build.JAVA), java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    // ------------------------------------------------------------------ signals the JVM keeps

    /**
     * SIGUSR2 and the synchronous signals, sent with kill to a server blocked in recvfrom(): C dies
     * of each (128+N, nothing printed). HotSpot keeps them for itself, and the twin used to survive
     * SIGUSR2 (a warning on stdout) and abort on the others (134) with the crash banner on stdout
     * and an hs_err_pid*.log in its working directory; now it dies as C does, and leaves no file
     * (echo/bin/lib/twin.sh, native/tools/cdeath.c). ulimit -c 0: neither build may dump core.
     */
    @ParameterizedTest
    @ValueSource(strings = {"USR2", "SEGV", "BUS", "FPE", "ILL"})
    void aSignalTheJvmKeepsEndsTheTwinAsItEndsC(String signal) throws Exception {
        Map<Build, Result> results = new EnumMap<>(Build.class);
        for (Build build : Build.values()) {
            results.put(build, killedBy(build, signal));
        }
        assertSameResult("UDP server sent SIG" + signal, results.get(Build.C), results.get(Build.JAVA));
        int number = Integer.parseInt(Twins.run(List.of("bash", "-c", "kill -l " + signal), Twins.ROOT,
                Twins.RUN_LIMIT).stdout().strip());
        assertEquals(new Result(128 + number, "", ""), results.get(Build.JAVA), "killed by SIG" + signal);
    }

    /** Runs the UDP server of a build in an empty directory, kills it with the signal once it is bound; its result, and no file may be left. */
    private static Result killedBy(Build build, String signal) throws Exception {
        Path cwd = Files.createTempDirectory("signal-" + signal);
        int port = Twins.freePort();
        Process p = new ProcessBuilder("bash", "-c", "ulimit -c 0; exec \"$0\" \"$1\"",
                Twins.dir(build).resolve("UDPEchoServer").toString(), Integer.toString(port))
                .directory(cwd.toFile()).start();
        p.getOutputStream().close();
        Capture out = new Capture(p.getInputStream());
        Capture err = new Capture(p.getErrorStream());
        try {
            if (!Twins.await(Twins.RUN_LIMIT, () -> !p.isAlive() || ProcNetTcp.udpBound(port))) {
                fail(build + " UDP server not bound to " + port);
            }
            assertTrue(p.isAlive(), build + " UDP server ended before the signal: " + latin1(err));
            signal(p.pid(), signal);
            assertTrue(p.waitFor(Twins.WAIT_LIMIT.toMillis(), TimeUnit.MILLISECONDS),
                    build + " UDP server still runs after SIG" + signal);
            assertTrue(out.awaitEof(Twins.WAIT_LIMIT) && err.awaitEof(Twins.WAIT_LIMIT), build + " output still open");
            try (var left = Files.list(cwd)) {
                assertEquals(List.of(), left.map(f -> f.getFileName().toString()).toList(),
                        build + " left files in its working directory after SIG" + signal);
            }
            return Result.of(p.exitValue(), out.bytes(), err.bytes());
        } finally {
            p.destroyForcibly(); // by its own handle: the process this test started
            try (var left = Files.list(cwd)) {
                for (Path f : left.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.delete(cwd);
        }
    }

    private static String latin1(Capture capture) {
        return Twins.latin1(capture.bytes());
    }

    // ------------------------------------------------------------------ the launcher

    /** bash warns when LC_ALL names no installed locale ("setlocale: LC_ALL: cannot change locale"); C prints nothing. */
    @Test
    void anLcAllThatIsNotInstalledAddsNoLine() throws Exception {
        // env sets it: bash -c itself would warn on a prefix assignment, for both builds
        String line = "exec env LC_ALL=xx_YY.UTF-8 ./TCPEchoClient 127.0.0.1 hello " + Twins.freePort();
        Result c = Twins.shell(Build.C, line);
        Result java = Twins.shell(Build.JAVA, line);
        assertSameResult("LC_ALL=xx_YY.UTF-8", c, java);
        assertEquals(new Result(1, "", REFUSED), java);
    }

    /** A launcher copied away from echo/bin cannot find lib/twin.sh: one line that says so, status 2. */
    @Test
    void aLauncherWithoutItsLibrarySaysSoInOneLine() throws Exception {
        Path dir = Files.createTempDirectory("launcher-copy");
        try {
            Path copy = dir.resolve(Twins.CLIENT);
            Files.copy(Twins.ROOT.resolve("echo/bin/" + Twins.CLIENT), copy);
            assertTrue(copy.toFile().setExecutable(true));
            Result r = Twins.run(List.of("./" + Twins.CLIENT, "127.0.0.1", "hello"), dir, Twins.RUN_LIMIT);
            assertEquals(2, r.status(), r.toString());
            assertEquals("", r.stdout());
            assertEquals(1, r.stderr().split("\n").length, "one line: " + r.stderr());
            assertTrue(r.stderr().startsWith(Twins.CLIENT + ": ") && r.stderr().contains("lib/twin.sh"), r.stderr());
            assertFalse(r.stderr().contains("not found\n") && r.stderr().contains("exec:"), r.stderr());
        } finally {
            Files.deleteIfExists(dir.resolve(Twins.CLIENT));
            Files.deleteIfExists(dir);
        }
    }
}
