/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.echo;

import io.github.panamasockets.echo.Twins.Result;
import io.github.panamasockets.echo.Twins.Server;
import io.github.panamasockets.testkit.Build;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.github.panamasockets.echo.Twins.HANDLING;
import static io.github.panamasockets.echo.Twins.assertSameResult;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TCPEchoServer-Thread, C build and Java build: one thread a client (in Java, a native thread
 * from pthread_create() running ThreadMain through an upcall stub, attached to the JVM while it
 * runs). Same stdout, stderr and exit status as C, thread ids aside; every client of both
 * builds served by both servers; and under load, every echo right and the server's threads and
 * descriptors back where they were: no thread, attached or not, and no socket left behind.
 */
@Timeout(300)
class TCPEchoServerThreadTest {

    private static final String PROGRAM = "TCPEchoServer-Thread";
    /** The threads a server may have at the end beyond those it had once listening: none for C; the JVM may start compiler threads of its own accord. */
    private static int threadSlack(Build build) {
        return build == Build.C ? 0 : 3;
    }

    @BeforeAll
    static void prepare() throws Exception {
        Twins.prepare();
    }

    private static final Pattern THREAD_ID = Pattern.compile("with thread (\\d+)\n");

    /** Thread ids differ from run to run (and a finished thread's id is reused): each becomes {@code <thread>}; each must be a positive number. */
    static Result normaliseThreads(Result r) {
        Matcher m = THREAD_ID.matcher(r.stdout());
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            assertTrue(Long.parseUnsignedLong(m.group(1)) != 0, "a thread id is never 0: " + m.group());
            m.appendReplacement(sb, "with thread <thread>\n");
        }
        m.appendTail(sb);
        return new Result(r.status(), sb.toString(), r.stderr());
    }

    static int tasks(long pid) throws IOException {
        return count(Path.of("/proc", Long.toString(pid), "task"));
    }

    static int descriptors(long pid) throws IOException {
        return count(Path.of("/proc", Long.toString(pid), "fd"));
    }

    private static int count(Path dir) throws IOException {
        try (var list = Files.list(dir)) {
            return (int) list.count();
        }
    }

    @Test
    void usage() throws Exception {
        Twins.assertUsage(PROGRAM, new Result(1, "", "Usage:  ./TCPEchoServer-Thread <SERVER PORT>\n"), new String[0], new String[] {"1", "2"});
    }

    @Test
    void portInUse() throws Exception {
        Twins.assertPortInUse(false, PROGRAM);
    }

    /** Both clients, C's and Java's, against both servers, one after the other; the server prints two lines a client. */
    @Test
    void everyClientAgainstEveryServer() throws Exception {
        Map<Build, Result> servers = new EnumMap<>(Build.class);
        for (Build serverBuild : Build.values()) {
            try (Server server = Server.start(serverBuild, PROGRAM, true)) {
                int lines = 0;
                for (Build clientBuild : Build.values()) {
                    String word = "from-" + clientBuild;
                    Result client = Twins.client(clientBuild, "127.0.0.1", word, Integer.toString(server.port));
                    assertEquals(new Result(0, "Received: " + word + "\n", ""), client,
                            clientBuild + " client against the " + serverBuild + " thread server");
                    lines += 2;
                    server.awaitLines(lines);
                }
                servers.put(serverBuild, normaliseThreads(server.kill()));
                server.assertNothingLeft();
            }
        }
        assertSameResult("thread server against both clients", servers.get(Build.C), servers.get(Build.JAVA));
        assertEquals(HANDLING + "with thread <thread>\n" + HANDLING + "with thread <thread>\n",
                servers.get(Build.JAVA).stdout());
        assertEquals("", servers.get(Build.JAVA).stderr());
        assertEquals(137, servers.get(Build.JAVA).status(), "SIGKILL ends both");
    }

    /** 200 clients one after the other: the threads and descriptors the server has once listening are what it has at the end. */
    @Test
    void twoHundredClientsLeaveNoThread() throws Exception {
        for (Build build : Build.values()) {
            load(build, 200, 1);
        }
    }

    /** 500 clients, 16 at a time, against each build: every echo right, none lost, threads and descriptors flat at the end. */
    @Test
    void fiveHundredClientsSixteenAtOnce() throws Exception {
        for (Build build : Build.values()) {
            load(build, 500, 16);
        }
    }

    private static void load(Build build, int clients, int atOnce) throws Exception {
        try (Server server = Server.start(build, PROGRAM, true)) {
            int tasksBefore = tasks(server.pid);
            int fdsBefore = descriptors(server.pid);
            AtomicInteger next = new AtomicInteger();
            AtomicInteger peakTasks = new AtomicInteger(tasksBefore);
            ExecutorService pool = Executors.newFixedThreadPool(atOnce);
            List<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < atOnce; t++) {
                done.add(pool.submit(() -> {
                    int served = 0;
                    for (int i; (i = next.getAndIncrement()) < clients; served++) {
                        echo(server.port, i);
                        if (i % 10 == 0) {
                            peakTasks.accumulateAndGet(tasks(server.pid), Math::max);
                        }
                    }
                    return served;
                }));
            }
            pool.shutdown();
            assertTrue(pool.awaitTermination(Twins.RUN_LIMIT.toSeconds() * 4, TimeUnit.SECONDS),
                    build + ": " + clients + " clients did not finish in time (a hung thread?)");
            int served = 0;
            for (Future<Integer> f : done) {
                served += f.get(); // an echo that went wrong fails here, with its message
            }
            assertEquals(clients, served, build + ": clients served");
            // each client's thread ends once its client has closed: wait (bounded) for them to go
            boolean flat = Twins.await(Twins.WAIT_LIMIT, () -> {
                try {
                    return tasks(server.pid) <= tasksBefore + threadSlack(build) && descriptors(server.pid) == fdsBefore;
                } catch (IOException gone) {
                    return false;
                }
            });
            int tasksAfter = tasks(server.pid);
            int fdsAfter = descriptors(server.pid);
            String counts = build + ": threads " + tasksBefore + " before, " + peakTasks.get() + " at most seen, "
                    + tasksAfter + " after; descriptors " + fdsBefore + " before, " + fdsAfter + " after";
            assertTrue(flat, counts);
            server.awaitLines(2 * clients);
            Result r = normaliseThreads(server.kill());
            server.assertNothingLeft();
            assertEquals((HANDLING + "with thread <thread>\n").repeat(clients), r.stdout(), counts);
            assertEquals("", r.stderr(), counts);
            System.out.println("TCPEchoServerThreadTest " + clients + " clients, " + atOnce + " at once, " + counts);
        }
    }

    /** One client: a message of its own (9 to 99 bytes: 1 to 4 of the server's 32-byte chunks), read back whole, then the server's close. */
    private static void echo(int port, int i) throws IOException {
        byte[] message = ("client " + i + " ").repeat(1 + i % 9).getBytes(StandardCharsets.US_ASCII);
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            /* One write, one segment. With 16 clients on a listen backlog of 5 (the book's
             * MAXPENDING) the kernel answers SYNs with syncookies; a cookie is checked against the
             * segment's sequence number less one, so a client's second segment reaching the
             * listener before its first is answered with a reset (TcpExtSyncookiesFailed): seen
             * once, from the C build, with this message sent in two writes. */
            out.write(message);
            byte[] back = in.readNBytes(message.length);
            if (!Arrays.equals(message, back)) {
                throw new AssertionError("client " + i + ": sent " + new String(message, StandardCharsets.US_ASCII)
                        + ", got back " + new String(back, StandardCharsets.US_ASCII));
            }
            s.shutdownOutput();
            if (in.read() != -1) {
                throw new AssertionError("client " + i + ": the server sent more than the echo");
            }
        }
    }
}
