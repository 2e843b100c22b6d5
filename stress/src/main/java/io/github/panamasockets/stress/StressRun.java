/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.stress;

import io.github.panamasockets.testkit.Build;
import io.github.panamasockets.testkit.Polling;
import io.github.panamasockets.testkit.ProcStat;
import io.github.panamasockets.testkit.Sigkill;
import io.github.panamasockets.testkit.StartupHelpers;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One row of the stress table: a fork server already listening, N connections made by
 * {@code concurrency} client threads, each sending a random message (random length, random
 * bytes, NUL included) and checking the echo byte for byte, then half-closing and waiting for
 * the server's end of the connection to close. A watchdog meanwhile follows the server's
 * children: one still alive 2 s after its client closed is hung: it is killed with SIGKILL,
 * counted, and what it was doing (/proc/PID/syscall, wchan) is kept for the report.
 */
final class StressRun {

    /** A hung child: alive this long after its client closed. */
    static final long HUNG_AFTER_NANOS = 2_000_000_000L;
    /*
     * Generous bounds: with 16 clients and a listen backlog of 5 (MAXPENDING), a connection can
     * wait for the accept queue: its SYN or its handshake's last ACK is dropped and sent again
     * after 1 s, 2 s, 4 s ... (the C server's behaviour too, when it is the slower one). A lost
     * echo must be a lost echo, not a retransmission.
     */
    static final int CONNECT_TIMEOUT_MS = 30_000;
    static final int ECHO_TIMEOUT_MS = 30_000;
    static final int EOF_TIMEOUT_MS = 30_000;
    private static final long WATCH_EVERY_MS = 100;

    record Result(Build build, int connections, int concurrency, int hung, int lost, int errors,
                  int eofTimeouts, int zombiesAtEnd, int zombiesAfterNextAccept, int fdsBefore, int fdsAfter,
                  double seconds, long listenOverflows, List<String> hungDetails, List<String> errorDetails,
                  Program program, int threadsBefore, int threadsAfter, long startedAtMillis) {

        double connectionsPerSecond() {
            return connections / seconds;
        }

        /** No hung child, no lost echo, no client error, descriptors flat, threads (JIT compilers aside) no more than before. */
        boolean clean() {
            return hung == 0 && lost == 0 && errors == 0 && fdsBefore == fdsAfter && fdsAfter >= 0
                    && threadsAfter <= threadsBefore && threadsAfter >= 0;
        }
    }

    /** How long the server's threads (a thread server's, one a client) may take to end once the last client closed. */
    private static final Duration THREADS_BACK = Duration.ofSeconds(5);
    /** How long ForkN's children may take to be back in accept() once the last client closed. */
    private static final Duration BACK_IN_ACCEPT = Duration.ofSeconds(20);

    /** What the harness knows of a client connection, by its local port (the child's peer port). */
    private static final class ClientRecord {
        final long openedAt = System.nanoTime();
        volatile long closedAt;
    }

    private final ForkServer server;
    private final int connections;
    private final int concurrency;
    private final int maxMessage;
    private final long seed;

    private final Map<Integer, ClientRecord> clients = new ConcurrentHashMap<>();
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger lost = new AtomicInteger();
    private final AtomicInteger errors = new AtomicInteger();
    private final AtomicInteger eofTimeouts = new AtomicInteger();
    private final List<String> errorDetails = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong lastClose = new AtomicLong();

    // watchdog state (its thread only, then the caller after it has stopped)
    private final Map<Long, Long> firstSeen = new LinkedHashMap<>();   // child -> nanoTime first seen alive
    private final Map<Long, Long> startTimes = new LinkedHashMap<>();  // child -> /proc start time (pid reuse)
    private final List<String> hungDetails = new ArrayList<>();
    private final java.util.Set<String> killed = new java.util.HashSet<>();  // "pid/start time" of each hung child killed
    private volatile boolean clientsDone;

    StressRun(ForkServer server, int connections, int concurrency, int maxMessage, long seed) {
        this.server = server;
        this.connections = connections;
        this.concurrency = concurrency;
        this.maxMessage = maxMessage;
        this.seed = seed;
    }

    Result run() throws InterruptedException {
        // the baseline is the server once its start-up helpers have ended (their threads and descriptors go)
        Polling.await(THREADS_BACK, Duration.ofMillis(5), () -> server.processes().stream().noneMatch(StartupHelpers::running));
        int fdsBefore = server.openFds();
        int threadsBefore = server.threads();
        long overflowsBefore = listenOverflows();
        Thread watchdog = Thread.ofPlatform().daemon().name("watchdog").start(this::watch);
        long startedAtMillis = System.currentTimeMillis();  // the load's window, against the JVM's GC log
        long start = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < concurrency; t++) {
            SplittableRandom random = new SplittableRandom(seed * 1_000_003L + t);
            threads.add(Thread.ofPlatform().name("client-" + t).start(() -> clientLoop(random)));
        }
        for (Thread t : threads) {
            t.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long overflows = listenOverflows() - overflowsBefore;
        clientsDone = true;
        watchdog.join();

        if (server.program.longLived()) {
            checkLongLived();
        } else if (!server.process.isAlive()) {
            errors.incrementAndGet();
            errorDetails.add(0, "the server ended during the run, status " + server.process.exitValue()
                    + (server.build == Build.JAVA ? " (the JVM's report, if it wrote one: " + server.stderr.resolveSibling(
                    server.stderr.getFileName().toString().replace(".stderr", ".hs_err_pid" + server.pid + ".log")) + ")" : ""));
        }
        int zombiesAtEnd = settledZombies();
        Polling.await(THREADS_BACK, Duration.ofMillis(20), () -> server.threads() <= threadsBefore);
        int threadsAfter = server.threads();
        int fdsAfter = server.openFds();
        // one more client: the server reaps, at this accept, every child that has ended (as C does)
        Thread extra = Thread.ofPlatform().start(() -> clientLoopOne(new SplittableRandom(seed), -1));
        extra.join();
        awaitChildrenEnded(HUNG_AFTER_NANOS);
        // the parent reaps after its fork() and printf(): its child can echo, and the client end,
        // before a GC-pressured parent gets there (CI once counted 2 here), so wait for it, bounded
        Polling.await(Duration.ofSeconds(2), Duration.ofMillis(20), () -> countZombies() <= 1);
        int zombiesAfter = settledZombies();
        return new Result(server.build, connections, concurrency, hungDetails.size(), lost.get(), errors.get(),
                eofTimeouts.get(), zombiesAtEnd, zombiesAfter, fdsBefore, fdsAfter, seconds, overflows,
                List.copyOf(hungDetails), firstOf(errorDetails, 20), server.program, threadsBefore, threadsAfter,
                startedAtMillis);
    }

    /**
     * ForkN: every long-lived child must be alive and back in accept() (bounded wait) once the
     * clients are done; one that is not is hung (killed by close(), counted here, with its call).
     */
    private void checkLongLived() throws InterruptedException {
        Map<Long, Long> children = server.longLived;
        Polling.await(BACK_IN_ACCEPT, Duration.ofMillis(20), () -> children.keySet().stream()
                .allMatch(c -> Program.alive(c, children) && restingInAccept(c)));
        for (long child : children.keySet()) {
            if (!Program.alive(child, children)) {
                hungDetails.add("long-lived child " + child + ": ended (" + ProcStat.of(child) + ")");
            } else if (!restingInAccept(child)) {
                hungDetails.add("long-lived child " + child + ": not back in accept() " + BACK_IN_ACCEPT.toSeconds()
                        + " s after the last client; syscall " + String.valueOf(Proc.read(child, "syscall")).strip()
                        + "; wchan " + String.valueOf(Proc.read(child, "wchan")).strip());
            }
        }
    }

    /** Whether the process's one thread (a forked child has one) is blocked in accept(). */
    private static boolean restingInAccept(long pid) {
        String call = io.github.panamasockets.testkit.Syscalls.describe(pid);
        return call.matches("\\d+") && Program.ACCEPT.contains(Integer.parseInt(call));
    }

    private static List<String> firstOf(List<String> list, int n) {
        synchronized (list) {
            return List.copyOf(list.subList(0, Math.min(n, list.size())));
        }
    }

    private void clientLoop(SplittableRandom random) {
        for (int i; (i = next.getAndIncrement()) < connections; ) {
            clientLoopOne(random, i);
        }
    }

    /** One connection: connect, send, check the echo, half-close, wait for the server's close. */
    private void clientLoopOne(SplittableRandom random, int index) {
        byte[] message = new byte[1 + random.nextInt(maxMessage)];
        random.nextBytes(message);
        ClientRecord record = null;
        boolean echoed = false;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", server.port), CONNECT_TIMEOUT_MS);
            record = new ClientRecord();
            clients.put(socket.getLocalPort(), record);
            socket.setSoTimeout(ECHO_TIMEOUT_MS);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(message);
            byte[] echo = in.readNBytes(message.length);
            echoed = Arrays.equals(message, echo);
            if (!echoed) {
                lost.incrementAndGet();
                errorDetails.add("connection " + index + ": echo of " + message.length + " bytes came back as "
                        + echo.length + " bytes" + (echo.length == message.length ? " that differ" : ""));
                return;
            }
            socket.shutdownOutput();
            socket.setSoTimeout(EOF_TIMEOUT_MS);
            try {
                int extra = in.read();
                if (extra != -1) {
                    errors.incrementAndGet();
                    errorDetails.add("connection " + index + ": bytes after the echo");
                }
            } catch (SocketTimeoutException e) {
                eofTimeouts.incrementAndGet();  // the child did not close: the watchdog decides
            }
        } catch (IOException e) {
            errors.incrementAndGet();
            if (!echoed) {
                lost.incrementAndGet();
            }
            errorDetails.add("connection " + index + ": " + e);
        } finally {
            long now = System.nanoTime();
            if (record != null) {
                record.closedAt = now;
            }
            lastClose.accumulateAndGet(now, Math::max);
        }
    }

    // ------------------------------------------------------------------ watchdog

    private void watch() {
        try {
            while (!clientsDone) {
                sweep(false);
                Thread.sleep(WATCH_EVERY_MS);
            }
            // the clients are done: every child must end within HUNG_AFTER of the last close
            long deadline = Math.max(lastClose.get(), System.nanoTime()) + HUNG_AFTER_NANOS + 500_000_000L;
            while (System.nanoTime() < deadline && sweep(false) > 0) {
                Thread.sleep(WATCH_EVERY_MS);
            }
            sweep(true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Looks at every child of the server; kills and counts the hung ones. With {@code last}, every
     * child still alive is hung (all clients closed more than HUNG_AFTER ago). Returns how many
     * children are still alive.
     */
    private int sweep(boolean last) {
        long now = System.nanoTime();
        int alive = 0;
        for (long child : server.children()) {
            ProcStat st = ProcStat.of(child);
            if (st == null || st.zombie()) {
                continue;
            }
            if (killed.contains(child + "/" + st.startTime())) {
                continue;  // killed already, not yet reaped: counted once
            }
            Long known = startTimes.get(child);
            if (known == null || known != st.startTime()) {
                startTimes.put(child, st.startTime());
                firstSeen.put(child, now);
            }
            alive++;
            if (last || now - firstSeen.get(child) >= HUNG_AFTER_NANOS) {
                String why = last ? "alive after every client had closed " + HUNG_AFTER_NANOS / 1_000_000 + " ms before"
                        : hungReason(child, now);
                if (why != null) {
                    String syscall = String.valueOf(Proc.read(child, "syscall")).strip();
                    String wchan = String.valueOf(Proc.read(child, "wchan")).strip();
                    if (Sigkill.ifChildOf(child, server.pid)) {
                        killed.add(child + "/" + st.startTime());
                        hungDetails.add("child " + child + ": " + why + "; syscall " + syscall + "; wchan " + wchan);
                        alive--;
                    }
                }
            }
        }
        return alive;
    }

    /** Why this long-lived child is hung, or null if its client is still connected (or closed < 2 s ago). */
    private String hungReason(long child, long now) {
        List<Long> inodes = Proc.socketInodes(child);
        Integer peerPort = null;
        if (!inodes.isEmpty()) {
            peerPort = peerPortOf(inodes);
        }
        if (peerPort == null) {
            // no TCP connection any more: it is past its client, and has lived 2 s since
            return "alive " + (now - firstSeen.get(child)) / 1_000_000 + " ms after it was first seen, "
                    + "with no connection left";
        }
        ClientRecord record = clients.get(peerPort);
        if (record == null) {
            return "serving an unknown client port " + peerPort;
        }
        long closed = record.closedAt;
        if (closed == 0 || now - closed < HUNG_AFTER_NANOS) {
            return null;
        }
        return "alive " + (now - closed) / 1_000_000 + " ms after its client (port " + peerPort + ") closed";
    }

    /** The remote port of the first of these socket inodes that is a TCP connection of the server's port. */
    private Integer peerPortOf(List<Long> inodes) {
        String local = String.format(":%04X", server.port);
        try {
            for (String line : Files.readAllLines(Path.of("/proc/net/tcp"))) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 9 && f[1].endsWith(local) && inodes.contains(Long.parseLong(f[9]))
                        && !f[3].equals("0A")) {
                    return Integer.parseInt(f[2].substring(f[2].indexOf(':') + 1), 16);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return null;
        }
        return null;
    }

    /**
     * TcpExt ListenOverflows from /proc/net/netstat (the whole machine's): how many times a
     * completed handshake found the accept queue full, so that the client's side retransmits.
     */
    static long listenOverflows() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/net/netstat"));
            for (int i = 0; i + 1 < lines.size(); i += 2) {
                String[] names = lines.get(i).split("\\s+");
                String[] values = lines.get(i + 1).split("\\s+");
                for (int k = 1; k < names.length && k < values.length; k++) {
                    if (names[0].equals("TcpExt:") && names[k].equals("ListenOverflows")) {
                        return Long.parseLong(values[k]);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /**
     * The zombies now; for the SIGCHLD server, once its handler has had a moment (at most 2 s) to
     * reap: it reaps as each child ends, whatever the parent is doing, so it is left none.
     */
    private int settledZombies() throws InterruptedException {
        if (server.program == Program.FORK_SIGCHLD) {
            Polling.await(Duration.ofSeconds(2), Duration.ofMillis(20), () -> countZombies() == 0);
        }
        return countZombies();
    }

    private int countZombies() {
        int zombies = 0;
        for (long child : server.children()) {
            ProcStat st = ProcStat.of(child);
            if (st != null && st.zombie()) {
                zombies++;
            }
        }
        return zombies;
    }

    private void awaitChildrenEnded(long nanos) throws InterruptedException {
        Polling.await(Duration.ofNanos(nanos), Duration.ofMillis(20), () -> {
            for (long child : server.children()) {
                ProcStat st = ProcStat.of(child);
                if (st != null && !st.zombie()) {
                    return false;
                }
            }
            return true;
        });
    }
}
