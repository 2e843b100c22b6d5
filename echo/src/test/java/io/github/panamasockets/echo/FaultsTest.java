/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.echo;

import io.github.panamasockets.echo.Twins.Result;
import io.github.panamasockets.echo.Twins.Server;
import io.github.panamasockets.testkit.Build;
import io.github.panamasockets.testkit.ProcStat;
import io.github.panamasockets.testkit.Syscalls;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.github.panamasockets.echo.Twins.HANDLING;
import static io.github.panamasockets.echo.Twins.assertSameResult;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Bad input and faults, for the three programs, C build against Java build: a peer that resets
 * the connection (before the echo: SIGPIPE; while the server waits in recv; while it is blocked
 * in send), a client that never sends, a client that sends 1 MiB, binary bytes with NUL, 64
 * clients in waves that overflow a listen backlog of 5, the server killed while clients are connected.
 * Each case asserts the same stdout, stderr and exit status for both builds (a fork server's
 * child by its status as a zombie, read from /proc/PID/stat before the parent reaps it), and
 * that nothing is left running. Where timing would decide between two outcomes, the test waits
 * (bounded) until the program is blocked in the system call that makes the outcome certain.
 */
@Timeout(180)
class FaultsTest {

    private static final int RECVFROM = Syscalls.number("recvfrom");
    private static final int SENDTO = Syscalls.number("sendto");
    private static final int ACCEPT = Syscalls.number("accept");
    private static final Duration LIMIT = Duration.ofSeconds(20);

    @BeforeAll
    static void prepare() throws Exception {
        Twins.prepare();
    }

    // ------------------------------------------------------------------ helpers

    private static Socket connect(int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        s.setSoTimeout(20_000);
        return s;
    }

    /** Closes with RST instead of FIN: what a peer's reset looks like. */
    private static void reset(Socket s) throws IOException {
        s.setSoLinger(true, 0);
        s.close();
    }

    private static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** The system call a single-threaded process (a fork server's child) is blocked in, or -1. */
    private static int syscall(long pid) {
        return Syscalls.blockedIn(pid, pid);
    }

    /** Waits until a thread of the process is blocked in system call {@code nr}. */
    private static void awaitSyscall(long pid, int nr, String what) throws InterruptedException {
        if (!Twins.await(LIMIT, () -> Syscalls.blockedIn(pid).contains(nr))) {
            fail(pid + " never blocked in " + what + " (syscall " + nr + "): /proc says " + Syscalls.blockedIn(pid));
        }
    }

    /**
     * Waits until a fork server's parent has printed its lines for the newest child and is back
     * in accept(): its reaping loop for that fork is over, so a child that ends from now on stays
     * a zombie (and its status readable) until the next accept.
     */
    private static void awaitParentInAccept(Server server, int lines) throws InterruptedException {
        server.awaitLines(lines);
        awaitSyscall(server.pid, ACCEPT, "accept");
    }

    /**
     * strace attached to a running process and every process it forks from now on, tracing no
     * call: its output says how each process ended ("+++ killed by SIGPIPE +++"), which a
     * parent's reaping would hide. The output is read from strace's stderr, which strace keeps
     * line-buffered; with {@code -o FILE} it buffers fully, and a child's last line could stay
     * in its buffer until strace ends (the cause of this test's one failure, 2026-11-25: "fate
     * null" after 20 s). Killed by pid when the test is done with it.
     */
    private record Fates(Process strace, StringBuffer output) {

        static Fates attach(long pid) throws IOException, InterruptedException {
            Process strace = new ProcessBuilder("strace", "-f", "-e", "trace=none", "-p", Long.toString(pid))
                    .redirectErrorStream(true).start();
            StringBuffer output = new StringBuffer();
            Thread.ofPlatform().daemon().start(() -> {
                try (InputStream in = strace.getInputStream()) {
                    byte[] chunk = new byte[4096];
                    for (int n; (n = in.read(chunk)) > 0; ) {
                        output.append(new String(chunk, 0, n, StandardCharsets.ISO_8859_1));
                    }
                } catch (IOException ignored) {
                    // strace ended
                }
            });
            if (!Twins.await(LIMIT, () -> output.indexOf("attached") >= 0 || !strace.isAlive())
                    || output.indexOf("attached") < 0) {
                strace.toHandle().destroyForcibly();
                fail("strace could not attach to " + pid + " (is strace installed and ptrace allowed?): " + output);
            }
            Thread.sleep(300);  // every thread of a JVM attached
            return new Fates(strace, output);
        }

        /** How strace saw process {@code pid} end, e.g. "killed by SIGPIPE" or "exited with 0"; waits for it. */
        String of(long pid) throws InterruptedException {
            // strace -f on stderr: "[pid  4321] +++ killed by SIGPIPE +++" (the pid padded to 5)
            Pattern end = Pattern.compile("(?m)^\\[pid +" + pid + "\\] \\+\\+\\+ (.*) \\+\\+\\+$");
            String[] found = {null};
            Twins.await(LIMIT, () -> {
                Matcher m = end.matcher(output);
                if (m.find()) {
                    found[0] = m.group(1);
                    return true;
                }
                return false;
            });
            return found[0];
        }

        void stop() throws InterruptedException {
            strace.toHandle().destroyForcibly();
            strace.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** A zombie's status as waitpid would give it (field 52 of /proc/PID/stat); -1 if not a zombie. */
    private static int zombieStatus(long pid) {
        ProcStat st = ProcStat.of(pid);
        return st != null && st.state() == 'Z' ? st.exitCode() : -1;
    }

    /** Waits for a fork server's child to end, then its status (it stays a zombie until the next accept). */
    private static int childStatus(Server server, long child) throws InterruptedException {
        server.awaitEnded(child);
        int[] status = {-1};
        assertTrue(Twins.await(LIMIT, () -> (status[0] = zombieStatus(child)) >= 0),
                server.build + ": child " + child + " ended but is not a zombie of its parent");
        return status[0];
    }

    private static String describe(int status) {
        return (status & 0x7f) != 0 ? "killed by signal " + (status & 0x7f) : "exit " + (status >> 8);
    }

    private static void signal(long pid, String sig) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + sig, Long.toString(pid)).inheritIO().start();
        assertTrue(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill -" + sig + " " + pid);
    }

    /** Writes on a thread of its own (so that the test can read, or reset, meanwhile); joined by the caller. */
    private static Thread writer(Socket s, byte[] data, AtomicReference<IOException> failure) {
        return writer(s, data, 1, failure);
    }

    /** Writes {@code data} {@code times} over, on a thread of its own. */
    private static Thread writer(Socket s, byte[] data, int times, AtomicReference<IOException> failure) {
        return Thread.ofPlatform().daemon().start(() -> {
            try {
                OutputStream out = s.getOutputStream();
                for (int t = 0; t < times; t++) {
                    for (int at = 0; at < data.length; at += 8192) {
                        out.write(data, at, Math.min(8192, data.length - at));
                    }
                }
            } catch (IOException e) {
                failure.set(e);
            }
        });
    }

    /** A client program run while the test plays its server; the program is ./TCPEchoClient of the build. */
    private static Process startClient(Build build, String word, int port) throws IOException {
        Process p = new ProcessBuilder("./" + Twins.CLIENT, "127.0.0.1", word, Integer.toString(port))
                .directory(Twins.dir(build).toFile()).start();
        p.getOutputStream().close();
        return p;
    }

    private static Result finish(Process p) throws IOException, InterruptedException {
        Twins.Capture out = new Twins.Capture(p.getInputStream());
        Twins.Capture err = new Twins.Capture(p.getErrorStream());
        if (!p.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)) {
            p.toHandle().destroyForcibly();
            fail("the client did not end: " + Twins.latin1(out.bytes()) + Twins.latin1(err.bytes()));
        }
        out.awaitEof(LIMIT);
        err.awaitEof(LIMIT);
        return Result.of(p.exitValue(), out.bytes(), err.bytes());
    }

    // ------------------------------------------------------------------ SIGPIPE

    /**
     * The client sends 200 bytes and closes (FIN) before the server has even accepted (it is
     * stopped meanwhile). The child echoes the first 32 bytes to a socket that is closed: the
     * client's kernel answers with RST, and the child's next send() raises SIGPIPE. A C child
     * dies of it; the JVM ignores SIGPIPE, so the Java child would print "send() failed: Broken
     * pipe" and exit 1, but CStartup restores SIG_DFL before main: it dies of SIGPIPE too.
     */
    @Test
    void forkServerChildDiesOfSigpipeAsInC() throws Exception {
        Map<Build, Result> results = new EnumMap<>(Build.class);
        for (Build build : Build.values()) {
            try (Server server = Server.start(build, Twins.FORK_SERVER, true)) {
                // the child dies at once, maybe before its parent's reaping loop: strace tells how it ended
                Fates fates = Fates.attach(server.pid);
                try {
                    signal(server.pid, "STOP");
                    try (Socket client = connect(server.port)) {
                        client.getOutputStream().write(bytes(200, 1));
                    } finally {
                        signal(server.pid, "CONT");
                    }
                    server.awaitLines(2);
                    long child = Twins.printedPids(Twins.latin1(server.out.bytes())).getFirst();
                    assertEquals("killed by SIGPIPE", fates.of(child), build + " child " + child);
                } finally {
                    fates.stop();
                }
                results.put(build, server.kill());
                server.assertNothingLeft();
            }
        }
        Twins.assertServersPrinted("fork server, SIGPIPE", results, HANDLING + "with child process: <pid1>\n");
    }

    /** The same against the iterative server: the whole server dies of SIGPIPE, C and Java. */
    @Test
    void iterativeServerDiesOfSigpipeAsInC() throws Exception {
        Map<Build, Result> results = new EnumMap<>(Build.class);
        for (Build build : Build.values()) {
            try (Server server = Server.start(build, Twins.SERVER, true)) {
                signal(server.pid, "STOP");
                try (Socket client = connect(server.port)) {
                    client.getOutputStream().write(bytes(200, 1));
                } finally {
                    signal(server.pid, "CONT");
                }
                assertTrue(server.process.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS), build + " server still runs");
                results.put(build, server.kill());
            }
        }
        assertSameResult("iterative server, SIGPIPE", results.get(Build.C), results.get(Build.JAVA));
        assertEquals(128 + 13, results.get(Build.JAVA).status(), "killed by SIGPIPE");
        assertEquals(HANDLING, results.get(Build.JAVA).stdout());
        assertEquals("", results.get(Build.JAVA).stderr());
    }

    // ------------------------------------------------------------------ resets

    /** 100 bytes echoed; the child then waits in recv(); the client resets: "recv() failed: Connection reset by peer". */
    @Test
    void forkServerResetWhileTheChildWaitsInRecv() throws Exception {
        Map<Build, Result> results = new EnumMap<>(Build.class);
        for (Build build : Build.values()) {
            try (Server server = Server.start(build, Twins.FORK_SERVER, true)) {
                Socket client = connect(server.port);
                byte[] message = bytes(100, 2);
                client.getOutputStream().write(message);
                assertArrayEquals(message, client.getInputStream().readNBytes(message.length));
                long child = server.awaitNewChild(List.of());
                awaitSyscall(child, RECVFROM, "recvfrom");
                awaitParentInAccept(server, 2);
                reset(client);
                assertEquals("exit 1", describe(childStatus(server, child)), build + " child");
                server.awaitLines(2);
                results.put(build, server.kill());
                server.assertNothingLeft();
            }
        }
        assertSameResult("fork server, reset in recv", results.get(Build.C), results.get(Build.JAVA));
        assertEquals("recv() failed: Connection reset by peer\n", results.get(Build.JAVA).stderr());
    }

    /**
     * The client sends and reads nothing back: once the echo has filled the client's small
     * window and the child's send buffer (the kernel grows it to a few MiB), the child's send()
     * blocks; then the client resets: "send() failed: Connection reset by peer".
     */
    @Test
    void forkServerResetWhileTheChildIsBlockedInSend() throws Exception {
        // The kernel decides the child's send(): -1 with ECONNRESET, or (when the reset lands after
        // part of the buffer went out) the bytes sent so far, and then C's DieWithError prints the
        // errno it still has ("Success"). Both builds do as their kernel said; a pair whose kernels
        // said different things is played again (at most 3 times), so the builds are compared on
        // the same outcome.
        Map<Build, Result> results = new EnumMap<>(Build.class);
        for (int attempt = 0; attempt < 3; attempt++) {
            for (Build build : Build.values()) {
                results.put(build, resetWhileBlockedInSend(build));
            }
            if (results.get(Build.C).stderr().equals(results.get(Build.JAVA).stderr())) {
                break;
            }
        }
        assertSameResult("fork server, reset in send", results.get(Build.C), results.get(Build.JAVA));
        assertTrue(Set.of("send() failed: Connection reset by peer\n", "send() failed: Success\n")
                .contains(results.get(Build.JAVA).stderr()), results.get(Build.JAVA).stderr());
    }

    private Result resetWhileBlockedInSend(Build build) throws Exception {
        try (Server server = Server.start(build, Twins.FORK_SERVER, true)) {
            Socket client = new Socket();
            client.setReceiveBufferSize(4096);  // a small window: the echo soon fills it, and the child's send() blocks
            client.connect(new InetSocketAddress("127.0.0.1", server.port), 10_000);
            AtomicReference<IOException> writeFailure = new AtomicReference<>();
            Thread w = writer(client, bytes(1 << 20, 3), 64, writeFailure);  // until the child blocks, at most 64 MiB
            long child = server.awaitNewChild(List.of());
            awaitSyscall(child, SENDTO, "sendto");
            awaitParentInAccept(server, 2);
            reset(client);
            w.join(LIMIT.toMillis());
            assertFalse(w.isAlive(), "the client's writer must end once its socket is closed");
            assertEquals("exit 1", describe(childStatus(server, child)), build + " child");
            server.awaitLines(2);
            Result result = server.kill();
            server.assertNothingLeft();
            return result;
        }
    }

    /** The iterative server in recv() when its client resets: the whole server ends with the message and status 1. */
    @Test
    void iterativeServerResetWhileItWaitsInRecv() throws Exception {
        Map<Build, Result> results = new EnumMap<>(Build.class);
        for (Build build : Build.values()) {
            try (Server server = Server.start(build, Twins.SERVER, true)) {
                Socket client = connect(server.port);
                byte[] message = bytes(100, 4);
                client.getOutputStream().write(message);
                assertArrayEquals(message, client.getInputStream().readNBytes(message.length));
                awaitSyscall(server.pid, RECVFROM, "recvfrom");
                reset(client);
                assertTrue(server.process.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS), build + " server still runs");
                results.put(build, server.kill());
            }
        }
        assertSameResult("iterative server, reset in recv", results.get(Build.C), results.get(Build.JAVA));
        assertEquals(new Result(1, HANDLING, "recv() failed: Connection reset by peer\n"), results.get(Build.JAVA));
    }

    /**
     * The client program against a server that echoes 10 of the 40 bytes and then resets, once the
     * client waits in recv() for the rest: the part received is printed, then the error.
     */
    @Test
    void clientResetMidEcho() throws Exception {
        String word = "0123456789abcdefghijklmnopqrstuvwxyzABCD";
        Map<Build, Result> results = new EnumMap<>(Build.class);
        for (Build build : Build.values()) {
            try (ServerSocket listener = new ServerSocket(Twins.freePort(), 1)) {
                Process client = startClient(build, word, listener.getLocalPort());
                try (Socket s = listener.accept()) {
                    s.setSoTimeout(20_000);
                    byte[] got = s.getInputStream().readNBytes(word.length());
                    assertEquals(word, new String(got, StandardCharsets.US_ASCII));
                    s.getOutputStream().write(got, 0, 10);
                    awaitSyscall(client.pid(), RECVFROM, "recvfrom");
                    reset(s);
                }
                results.put(build, finish(client));
            }
        }
        assertSameResult("client, reset mid-echo", results.get(Build.C), results.get(Build.JAVA));
        assertEquals(new Result(1, "Received: 0123456789",
                "recv() failed or connection closed prematurely: Connection reset by peer\n"), results.get(Build.JAVA));
    }

    // ------------------------------------------------------------------ a client that never sends

    /** A silent client holds one child; another client is served meanwhile; when the silent one closes, its child ends. */
    @Test
    void forkServerClientThatNeverSends() throws Exception {
        Map<Build, Result> results = new EnumMap<>(Build.class);
        for (Build build : Build.values()) {
            try (Server server = Server.start(build, Twins.FORK_SERVER, true)) {
                Socket silent = connect(server.port);
                long silentChild = server.awaitNewChild(List.of());
                awaitSyscall(silentChild, RECVFROM, "recvfrom");
                server.awaitLines(2);
                try (Socket other = connect(server.port)) {
                    other.getOutputStream().write("other".getBytes(StandardCharsets.US_ASCII));
                    assertEquals("other", new String(other.getInputStream().readNBytes(5), StandardCharsets.US_ASCII));
                }
                assertEquals(RECVFROM, syscall(silentChild), build + ": the silent client's child still waits");
                awaitParentInAccept(server, 4);
                silent.close();
                assertEquals("exit 0", describe(childStatus(server, silentChild)));
                server.awaitLines(4);
                results.put(build, server.kill());
                server.assertNothingLeft();
            }
        }
        assertSameResult("fork server, silent client", results.get(Build.C), results.get(Build.JAVA));
        assertEquals("", results.get(Build.JAVA).stderr());
    }

    /** The iterative server serves one client at a time: a silent client keeps the next one waiting, C and Java. */
    @Test
    void iterativeServerClientThatNeverSends() throws Exception {
        Map<Build, Result> results = new EnumMap<>(Build.class);
        for (Build build : Build.values()) {
            try (Server server = Server.start(build, Twins.SERVER, true)) {
                Socket silent = connect(server.port);
                server.awaitLines(1);
                awaitSyscall(server.pid, RECVFROM, "recvfrom");
                try (Socket other = connect(server.port)) {  // completes in the listen backlog
                    other.getOutputStream().write("other".getBytes(StandardCharsets.US_ASCII));
                    other.setSoTimeout(1000);
                    assertThrows(java.net.SocketTimeoutException.class, () -> other.getInputStream().read(),
                            build + ": served while another client holds the server");
                    silent.close();
                    other.setSoTimeout(20_000);
                    assertEquals("other", new String(other.getInputStream().readNBytes(5), StandardCharsets.US_ASCII));
                }
                server.awaitLines(2);
                results.put(build, server.kill());
            }
        }
        assertSameResult("iterative server, silent client", results.get(Build.C), results.get(Build.JAVA));
        assertEquals(new Result(137, HANDLING + HANDLING, ""), results.get(Build.JAVA));
    }

    /** The client program against a server that reads the word and never answers, then closes: C's message, errno 0. */
    @Test
    void clientAgainstAServerThatNeverSends() throws Exception {
        Map<Build, Result> results = new EnumMap<>(Build.class);
        for (Build build : Build.values()) {
            try (ServerSocket listener = new ServerSocket(Twins.freePort(), 1)) {
                Process client = startClient(build, "hello", listener.getLocalPort());
                try (Socket s = listener.accept()) {
                    s.getInputStream().readNBytes(5);
                    awaitSyscall(client.pid(), RECVFROM, "recvfrom");
                    Thread.sleep(300);
                    assertTrue(client.isAlive(), build + ": a client waits as long as the server says nothing");
                }
                results.put(build, finish(client));
            }
        }
        assertSameResult("client, silent server", results.get(Build.C), results.get(Build.JAVA));
        assertEquals(new Result(1, "Received: ", "recv() failed or connection closed prematurely: Success\n"),
                results.get(Build.JAVA));
    }

    // ------------------------------------------------------------------ large and binary input

    /** 1 MiB of random bytes through each server, read back while it is still being sent: byte for byte. */
    @Test
    void oneMebibyteThroughEachServer() throws Exception {
        byte[] message = bytes(1 << 20, 5);
        for (String program : List.of(Twins.FORK_SERVER, Twins.SERVER)) {
            Map<Build, Result> results = new EnumMap<>(Build.class);
            for (Build build : Build.values()) {
                try (Server server = Server.start(build, program, true)) {
                    try (Socket client = connect(server.port)) {
                        AtomicReference<IOException> failure = new AtomicReference<>();
                        Thread w = writer(client, message, failure);
                        byte[] echo = client.getInputStream().readNBytes(message.length);
                        w.join();
                        assertEquals(null, failure.get());
                        assertTrue(Arrays.equals(message, echo), build + " " + program + ": the echo of 1 MiB differs");
                        if (program.equals(Twins.FORK_SERVER)) {
                            awaitParentInAccept(server, 2);
                        }
                        client.shutdownOutput();
                        assertEquals(-1, client.getInputStream().read(), "the server closes after the echo");
                    }
                    if (program.equals(Twins.FORK_SERVER)) {
                        long child = server.childrenSeen().isEmpty() ? server.awaitNewChild(List.of())
                                : server.childrenSeen().getFirst();
                        assertEquals("exit 0", describe(childStatus(server, child)));
                    }
                    server.awaitLines(program.equals(Twins.FORK_SERVER) ? 2 : 1);
                    results.put(build, server.kill());
                    server.assertNothingLeft();
                }
            }
            assertSameResult(program + ", 1 MiB", results.get(Build.C), results.get(Build.JAVA));
            assertEquals("", results.get(Build.JAVA).stderr());
        }
    }

    /**
     * The client takes its word from argv, so it cannot send 1 MiB (the kernel limits one argument
     * to 128 KiB, MAX_ARG_STRLEN) nor a NUL (argv strings end at one). The largest word it can be
     * given, 131,071 bytes, goes out and comes back whole, C and Java.
     */
    @Test
    void clientWithTheLargestWordArgvTakes() throws Exception {
        try (Server server = Server.start(Build.C, Twins.SERVER, true)) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 128 * 1024 - 1; i++) {
                sb.append((char) ('a' + i % 26));
            }
            String word = sb.toString();
            Result c = Twins.client(Build.C, "127.0.0.1", word, Integer.toString(server.port));
            Result java = Twins.client(Build.JAVA, "127.0.0.1", word, Integer.toString(server.port));
            assertSameResult("client, 131,071-byte word", c, java);
            assertEquals(new Result(0, "Received: " + word + "\n", ""), java);
        }
    }

    /** Every byte value, NUL included, four times over, through each server: byte for byte. */
    @Test
    void binaryBytesWithNulThroughEachServer() throws Exception {
        byte[] message = new byte[1024];
        for (int i = 0; i < message.length; i++) {
            message[i] = (byte) i;
        }
        for (String program : List.of(Twins.FORK_SERVER, Twins.SERVER)) {
            for (Build build : Build.values()) {
                try (Server server = Server.start(build, program, true)) {
                    try (Socket client = connect(server.port)) {
                        client.getOutputStream().write(message);
                        assertArrayEquals(message, client.getInputStream().readNBytes(message.length), build + " " + program);
                    }
                    server.awaitLines(program.equals(Twins.FORK_SERVER) ? 2 : 1);
                    Result r = server.kill();
                    assertEquals("", r.stderr());
                    server.assertNothingLeft();
                }
            }
        }
    }

    /**
     * Every byte from 1 to 255 as the client's word (bash $'\xNN'), through the C server: printed
     * back the same by both clients. And a server that answers with NULs in its echo: the client
     * prints each chunk with printf("%s"), which stops at a NUL, in C and in Java alike.
     */
    @Test
    void clientWithEveryNonNulByteAndAnEchoWithNuls() throws Exception {
        StringBuilder escaped = new StringBuilder();
        StringBuilder expected = new StringBuilder();
        for (int b = 1; b < 256; b++) {
            escaped.append(String.format("\\x%02x", b));
            expected.append((char) b);
        }
        try (Server server = Server.start(Build.C, Twins.SERVER, true)) {
            String line = "exec ./TCPEchoClient 127.0.0.1 $'" + escaped + "' " + server.port;
            Result c = Twins.shell(Build.C, line);
            Result java = Twins.shell(Build.JAVA, line);
            assertSameResult("client, bytes 1..255", c, java);
            assertEquals(new Result(0, "Received: " + expected + "\n", ""), java);
        }
        Map<Build, Result> results = new EnumMap<>(Build.class);
        for (Build build : Build.values()) {
            try (ServerSocket listener = new ServerSocket(Twins.freePort(), 1)) {
                Process client = startClient(build, "abcdefgh", listener.getLocalPort());
                try (Socket s = listener.accept()) {
                    s.getInputStream().readNBytes(8);
                    s.getOutputStream().write(new byte[] {'a', 'b', 0, 'd', 'e', 0, 0, 'h'});
                    s.getInputStream().read();  // until the client closes
                }
                results.put(build, finish(client));
            }
        }
        assertSameResult("client, echo with NULs", results.get(Build.C), results.get(Build.JAVA));
        assertEquals(0, results.get(Build.JAVA).status());
        assertTrue(results.get(Build.JAVA).stdout().startsWith("Received: ab"), results.get(Build.JAVA).stdout());
    }

    // ------------------------------------------------------------------ 64 in waves

    /**
     * 64 clients against the servers' listen backlog of 5 (MAXPENDING): the connections beyond
     * the backlog are not refused, their handshakes are dropped and retried, C's behaviour too,
     * and all 64 must get their echo from both builds. The clients come in waves that overflow the
     * backlog, 16 at once to the fork server, 6 (the backlog and the one served) to the iterative
     * one. Larger waves make it a lottery of TCP's doubling retransmit timer, not a property of
     * either build: the clients whose handshake ACK was dropped retry together at 1, 3, 7, 15, 31 s,
     * only a backlog's worth gets in each time, and after tcp_synack_retries (5) the server resets
     * the rest. The iterative server lost it first (7 of 64 clients waiting more than 60 s); the
     * Java fork server, which forks about 0.2x as fast as C's, lost it once in CI with 64 at once
     * (25 of 64 reset). Under 4 busy loops on 2 cores its slowest of 64 waited 14.5 s at once,
     * 1.4 s in waves of 16 (C: 4 ms at once).
     */
    @Test
    void sixtyFourClientsInWavesAgainstABacklogOfFive() throws Exception {
        for (String program : List.of(Twins.FORK_SERVER, Twins.SERVER)) {
            Map<Build, Result> results = new EnumMap<>(Build.class);
            for (Build build : Build.values()) {
                try (Server server = Server.start(build, program, true)) {
                    int wave = program.equals(Twins.FORK_SERVER) ? 16 : 6;
                    AtomicInteger echoed = new AtomicInteger();
                    List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
                    for (int first = 0; first < 64; first += wave) {
                        CountDownLatch start = new CountDownLatch(1);
                        List<Thread> clients = new ArrayList<>();
                        for (int i = first; i < Math.min(64, first + wave); i++) {
                            byte[] word = ("client-" + i).getBytes(StandardCharsets.US_ASCII);
                            clients.add(Thread.ofPlatform().start(() -> {
                                try {
                                    start.await();
                                    try (Socket s = new Socket()) {
                                        s.connect(new InetSocketAddress("127.0.0.1", server.port), 60_000);
                                        s.setSoTimeout(120_000);
                                        s.getOutputStream().write(word);
                                        if (Arrays.equals(word, s.getInputStream().readNBytes(word.length))) {
                                            echoed.incrementAndGet();
                                        }
                                    }
                                } catch (IOException | InterruptedException e) {
                                    failures.add(e.toString());
                                }
                            }));
                        }
                        start.countDown();
                        for (Thread t : clients) {
                            t.join(Duration.ofSeconds(150));
                        }
                    }
                    assertEquals(64, echoed.get(), build + " " + program + ": " + failures);
                    server.awaitLines(program.equals(Twins.FORK_SERVER) ? 128 : 64);
                    if (program.equals(Twins.FORK_SERVER)) {
                        for (long child : server.children()) {
                            server.awaitEnded(child);
                        }
                    }
                    results.put(build, server.kill());
                    server.assertNothingLeft();
                }
            }
            assertSameResult(program + ", 64 in waves", results.get(Build.C), results.get(Build.JAVA));
            assertEquals("", results.get(Build.JAVA).stderr());
        }
    }

    /** 64 client programs of each build at once, against the C fork server: every one prints its echo. */
    @Test
    void sixtyFourClientProgramsAtOnce() throws Exception {
        try (Server server = Server.start(Build.C, Twins.FORK_SERVER, true)) {
            for (Build build : Build.values()) {
                List<Process> clients = new ArrayList<>();
                for (int i = 0; i < 64; i++) {
                    clients.add(startClient(build, "word-" + i, server.port));
                }
                for (int i = 0; i < 64; i++) {
                    Result r = finish(clients.get(i));
                    assertEquals(new Result(0, "Received: word-" + i + "\n", ""), r, build + " client " + i);
                }
            }
        }
    }

    // ------------------------------------------------------------------ the server killed

    /**
     * Three clients connected to a fork server, each served by a child; the server gets SIGTERM
     * (with -Xrs the JVM ends at once, as C does: status 143). Its children live on and still
     * echo; a new connection is refused; each child ends when its client closes.
     */
    @Test
    void forkServerKilledWhileClientsAreConnected() throws Exception {
        Map<Build, Result> results = new EnumMap<>(Build.class);
        for (Build build : Build.values()) {
            try (Server server = Server.start(build, Twins.FORK_SERVER, true)) {
                List<Socket> clients = new ArrayList<>();
                List<Long> children = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    Socket s = connect(server.port);
                    s.getOutputStream().write(("before" + i).getBytes(StandardCharsets.US_ASCII));
                    assertEquals("before" + i, new String(s.getInputStream().readNBytes(7), StandardCharsets.US_ASCII));
                    clients.add(s);
                    children.add(server.awaitNewChild(children));
                }
                server.awaitLines(6);
                signal(server.pid, "TERM");
                assertTrue(server.process.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS), build + " server still runs");
                for (int i = 0; i < 3; i++) {
                    Socket s = clients.get(i);
                    s.getOutputStream().write(("after" + i).getBytes(StandardCharsets.US_ASCII));
                    assertEquals("after" + i, new String(s.getInputStream().readNBytes(6), StandardCharsets.US_ASCII),
                            build + ": the child of a dead server still echoes");
                }
                assertThrows(ConnectException.class, () -> connect(server.port).close(), "nothing listens any more");
                for (Socket s : clients) {
                    s.close();
                }
                for (long child : children) {
                    server.awaitEnded(child);
                }
                results.put(build, server.kill());
                server.assertNothingLeft();
            }
        }
        assertSameResult("fork server killed", results.get(Build.C), results.get(Build.JAVA));
        assertEquals(143, results.get(Build.JAVA).status());
        assertEquals("", results.get(Build.JAVA).stderr());
    }

    /** The iterative server gets SIGTERM while a client is connected: the client sees the connection end. */
    @Test
    void iterativeServerKilledWhileAClientIsConnected() throws Exception {
        Map<Build, Result> results = new EnumMap<>(Build.class);
        for (Build build : Build.values()) {
            try (Server server = Server.start(build, Twins.SERVER, true)) {
                try (Socket client = connect(server.port)) {
                    client.getOutputStream().write("hello".getBytes(StandardCharsets.US_ASCII));
                    assertEquals("hello", new String(client.getInputStream().readNBytes(5), StandardCharsets.US_ASCII));
                    awaitSyscall(server.pid, RECVFROM, "recvfrom");
                    signal(server.pid, "TERM");
                    assertTrue(server.process.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS), build + " server still runs");
                    assertEquals(-1, client.getInputStream().read(), build + ": the connection ends with the server");
                }
                results.put(build, server.kill());
            }
        }
        assertSameResult("iterative server killed", results.get(Build.C), results.get(Build.JAVA));
        assertEquals(new Result(143, HANDLING, ""), results.get(Build.JAVA));
    }

    /**
     * The client program's server is killed while the client waits for its echo: the C iterative
     * server, stopped (SIGSTOP) so that the connection waits in its listen backlog with the word
     * unread, then SIGKILLed. The kernel resets the connections the dead process held. C and
     * Java print the same error.
     */
    @Test
    void clientWhoseServerIsKilledBeforeTheEcho() throws Exception {
        Map<Build, Result> results = new EnumMap<>(Build.class);
        for (Build build : Build.values()) {
            try (Server server = Server.start(Build.C, Twins.SERVER, true)) {
                signal(server.pid, "STOP");
                Process client = startClient(build, "hello", server.port);
                awaitSyscall(client.pid(), RECVFROM, "recvfrom");
                server.kill();
                results.put(build, finish(client));
            }
        }
        assertSameResult("client, server killed", results.get(Build.C), results.get(Build.JAVA));
        assertEquals(new Result(1, "Received: ", "recv() failed or connection closed prematurely: Connection reset by peer\n"),
                results.get(Build.JAVA));
    }
}
