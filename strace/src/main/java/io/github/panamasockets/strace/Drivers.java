/* Drivers.java: how each scenario is played, the same way for the C build and for the Java build.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.strace;

import io.github.panamasockets.testkit.LoopbackNamespace;

import io.github.panamasockets.testkit.Ports;
import io.github.panamasockets.testkit.ProcNetTcp;
import io.github.panamasockets.testkit.Build;

import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The scenario drivers. A driver starts the traced program of one build, plays its part
 * (clients, a server, a port holder) and ends it. Every wait is bounded; every process it
 * starts is ended by pid in a finally block (its children too). When a step does not happen
 * in time (a program that hangs, a server that never listens), the driver writes down the
 * problem, ends the program and goes on: the traces are still compared, and show the
 * difference.
 */
final class Drivers {

    /** Time for a JVM under strace to start and listen, on a loaded machine. */
    static final Duration START = Duration.ofSeconds(30);
    /** Time for one step (a client's exchange, a child's end). */
    static final Duration STEP = Duration.ofSeconds(20);
    /** Time for a traced program to run to its end. */
    static final Duration RUN = Duration.ofSeconds(60);
    static final String CLIENT_WORD = "hello";
    private static final int BIND_ATTEMPTS = 3;

    private Drivers() {
    }

    /** One build's run of a scenario: where its files go, and the problems met. */
    static final class Context {
        final Workspace ws;
        final Build build;
        final Path dir;
        final Scenario scenario;
        final String program;
        final List<String> problems = new ArrayList<>();
        /** What starts strace and the partners: nsenter into the scenario's network namespace, or nothing. */
        List<String> prefix = List.of();

        Context(Workspace ws, Build build, Path dir, Scenario scenario) {
            this.ws = ws;
            this.build = build;
            this.dir = dir;
            this.scenario = scenario;
            this.program = scenario.program;
        }

        /** The traced program's arguments for this port and word. */
        List<String> args(int port, String word) {
            return Scenario.fill(scenario.args, port, word);
        }

        /** The partner's arguments for this port and word. */
        List<String> partnerArgs(int port, String word) {
            return Scenario.fill(scenario.partnerArgs, port, word);
        }

        String word() {
            return scenario.words.isEmpty() ? CLIENT_WORD : scenario.words.get(0);
        }

        void problem(String what) {
            problems.add(build.label + ": " + what);
        }

        TracedRun trace(List<String> args) throws IOException {
            return TracedRun.start(ws, build, dir, program, args, prefix, scenario.traced);
        }

        /** Starts a C program untraced (a partner of the traced one), output appended to STEM.helpers.log. */
        Process untracedC(String name, List<String> args) throws IOException {
            List<String> cmd = new ArrayList<>(prefix);
            cmd.add("./" + name);
            cmd.addAll(args);
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(ws.binDir(Build.C).toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(build.stem + ".helpers.log").toFile()));
            pb.environment().put("LC_ALL", "C");
            return pb.start();
        }
    }

    // ---------------------------------------------------------------- the scenarios

    /**
     * Plays scenario {@code c.scenario} by its {@link Scenario.Play}, in a network namespace of its
     * own when it asks for one (made for this build's run, ended after it).
     */
    static List<Integer> drive(Context c) throws EnvironmentException, IOException, LoopbackNamespace.Unavailable {
        if (!c.scenario.namespace) {
            return play(c);
        }
        try (LoopbackNamespace ns = LoopbackNamespace.open(c.dir.resolve(c.build.stem + ".netns.log"))) {
            c.prefix = ns.enter();
            return play(c);
        }
    }

    private static List<Integer> play(Context c) throws EnvironmentException, IOException {
        return switch (c.scenario.play) {
            case TCP_CLIENT -> client(c, false);
            case UDP_CLIENT -> client(c, true);
            case REFUSED_CLIENT -> connectionRefused(c);
            case SERVER_CLOSES_EARLY -> serverClosesEarly(c);
            case TCP_ITERATIVE_SERVER -> iterativeServer(c);
            case TCP_EPOLL_SERVER -> epollServer(c);
            case TCP_FORK_SERVER -> forkServer(c);
            case UDP_SERVER -> udpServer(c, ProcWatch.RECEIVE, "recvfrom()");
            case UDP_SIGIO_SERVER -> udpServer(c, ProcWatch.SLEEP, "sleep()");
            case TCP_THREAD_SERVER -> threadServer(c);
            case TCP_SELECT_SERVER -> selectServer(c);
            case BIND_IN_USE -> bindInUse(c);
            case UDP_SENDER -> udpSender(c);
            case UDP_RECEIVER -> udpReceiver(c);
            case SIGNALLED -> signalled(c);
            case UDP_SILENT_PEER -> silentPeer(c);
            case TCP_PREFORKED_SERVER -> preforkedServer(c);
            case USAGE, RUN -> usage(c);
        };
    }

    /** Is a server ready on {@code port}: listening (TCP) or bound (UDP), per /proc/net. */
    static boolean ready(int port, boolean udp) {
        return udp ? ProcNetTcp.udpBound(port) : ProcNetTcp.listening(port);
    }

    static List<Integer> client(Context c, boolean udp) throws EnvironmentException, IOException {
        Process server = null;
        int port = 0;
        String partner = c.scenario.partner;
        try {
            for (int attempt = 0; attempt < BIND_ATTEMPTS && server == null; attempt++) {
                port = freePort(udp);
                Process p = c.untracedC(partner, c.partnerArgs(port, c.word()));
                int listenPort = port;
                ProcWatch.await(() -> ready(listenPort, udp) || !p.isAlive(), START);
                if (p.isAlive() && ready(port, udp)) {
                    server = p;
                } else {
                    Processes.killTree(p.toHandle()); // the port was taken meanwhile: another one
                }
            }
            if (server == null) {
                throw new EnvironmentException("the C " + partner + " did not " + (udp ? "bind" : "listen")
                        + " on a free port in " + BIND_ATTEMPTS + " tries");
            }
            try (TracedRun run = c.trace(c.args(port, c.word()))) {
                awaitEnd(c, run, "the client");
            }
        } finally {
            if (server != null) {
                Processes.killTree(server.toHandle());
            }
        }
        return List.of(port);
    }

    static List<Integer> iterativeServer(Context c) throws EnvironmentException, IOException {
        return clientsInTurn(c, ProcWatch.ACCEPT, "accept()", false);
    }

    /**
     * The epoll server: one C client a word, each run to its end; then, before the next, the
     * server must be blocked in epoll_wait() again: the client's close reached its socket before
     * the client ended, so by then the server has read it and closed that client, and the next
     * client's connection cannot come in the same epoll_wait() as the last one's end.
     */
    static List<Integer> epollServer(Context c) throws EnvironmentException, IOException {
        return clientsInTurn(c, ProcWatch.EPOLL_WAIT, "epoll_wait()", true);
    }

    /**
     * A server that waits in one of {@code waits} for its next client: one C client a word, each
     * run to its end (with {@code backBetween}, the server back in {@code waits} before the
     * next), then SIGTERM once it waits there.
     */
    private static List<Integer> clientsInTurn(Context c, Set<Integer> waits, String what, boolean backBetween)
            throws EnvironmentException, IOException {
        Served s = startServer(c, false);
        try (TracedRun run = s.run) {
            if (s.program.isPresent()) {
                long pid = s.program.get().pid();
                for (String word : c.scenario.words) {
                    if (!playClient(c, s.port, word)) {
                        break;
                    }
                    if (backBetween && !ProcWatch.await(() -> ProcWatch.blockedIn(pid, s.tid, waits), STEP)) {
                        c.problem("client '" + word + "': the server was not back in " + what + " within " + STEP.toSeconds() + " s");
                        break;
                    }
                }
                terminateBlockedIn(c, run, s.program.get(), s.tid, waits, what);
            }
        }
        return List.of(s.port);
    }

    /**
     * The thread-per-client server: one C client a word, each run to its end; then, before the
     * next, the thread the server made for it (a clone with CLONE_THREAD by the program thread,
     * one the server had not made before) must have ended ({@code +++ exited} in the trace), so
     * that each client thread is done before the next client comes and before SIGTERM.
     */
    static List<Integer> threadServer(Context c) throws EnvironmentException, IOException {
        Served s = startServer(c, false);
        try (TracedRun run = s.run) {
            if (s.program.isPresent()) {
                Set<Long> seen = new HashSet<>(threadsMadeBy(run.rawText(), s.tid)); // the JVM's, before main
                for (String word : c.scenario.words) {
                    if (!playClient(c, s.port, word)) {
                        break;
                    }
                    long[] thread = {0};
                    boolean ended = ProcWatch.await(() -> {
                        String raw = run.rawText();
                        if (thread[0] == 0) {
                            threadsMadeBy(raw, s.tid).stream().filter(t -> !seen.contains(t)).findFirst()
                                    .ifPresent(t -> thread[0] = t);
                        }
                        String prefix = thread[0] + " ";
                        return thread[0] != 0 && raw.lines().anyMatch(l -> l.startsWith(prefix) && l.contains("+++ exited"));
                    }, STEP);
                    if (!ended) {
                        c.problem("client '" + word + "': the server's thread for it did not start and end within "
                                + STEP.toSeconds() + " s");
                        break;
                    }
                    seen.add(thread[0]);
                }
                terminateBlockedIn(c, run, s.program.get(), s.tid, ProcWatch.ACCEPT, "accept()");
            }
        }
        return List.of(s.port);
    }

    /** The threads (clone/clone3 with CLONE_THREAD, as strace wrote them so far) made by thread {@code tid}. */
    static List<Long> threadsMadeBy(String raw, long tid) {
        List<Long> out = new ArrayList<>();
        for (String l : raw.lines().toList()) {
            Matcher m = THREAD_MADE.matcher(l);
            if (m.find() && Long.parseLong(m.group(1)) == tid) {
                out.add(Long.parseLong(m.group(3)));
            }
        }
        return out;
    }

    /** A clone or clone3 (whole, or its resumed half) that returned a thread id; group 1 its thread. */
    private static final Pattern THREAD_MADE = Pattern.compile(
            "^(\\d+)\\s+\\S+\\s+(clone3?\\(.*CLONE_THREAD|<\\.\\.\\. clone3? resumed>).*\\) = (\\d+)$");

    /**
     * The select() server on two ports and stdin, its stdin a pipe held here: one C client a word,
     * to the first port, the second, the first..., each once the server is blocked in select()
     * and run to its end; then a line on its stdin once it is blocked in select() again (with no
     * words: once one select() has timed out), and the server runs to its end.
     */
    static List<Integer> selectServer(Context c) throws EnvironmentException, IOException {
        for (int attempt = 1; ; attempt++) {
            int port = freePort();
            int port2 = freePort();
            if (port2 == port) {
                continue;
            }
            List<String> args = c.args(port, c.word()).stream()
                    .map(a -> a.equals(Scenario.PORT2) ? String.valueOf(port2) : a).toList();
            try (TracedRun run = TracedRun.startWithStdin(c.ws, c.build, c.dir, c.program, args, c.prefix)) {
                Optional<ProcessHandle> program = run.program(START);
                boolean listening = ProcWatch.await(() -> ready(port, false) && ready(port2, false) || !run.running(),
                        START) && ready(port, false) && ready(port2, false);
                if (!listening || program.isEmpty()) {
                    run.close();
                    if (attempt < BIND_ATTEMPTS && run.rawText().contains("EADDRINUSE")) {
                        continue; // taken between the check and the bind: other ports
                    }
                    c.problem("the server did not listen on ports " + port + " and " + port2 + " within "
                            + START.toSeconds() + " s");
                    return List.of(port, port2);
                }
                long pid = program.get().pid();
                String bound = "_port=htons(" + port + ")";
                long tid = run.rawText().lines().filter(l -> l.contains(" bind(") && l.contains(bound))
                        .mapToLong(l -> StraceParser.parseLine(0, l).tid()).findFirst().orElse(pid);
                if (c.scenario.words.isEmpty()) {
                    String prefix = tid + " ";
                    if (!ProcWatch.await(() -> run.rawText().lines().anyMatch(l -> l.startsWith(prefix)
                            && l.contains("select") && l.endsWith("= 0 (Timeout)")), START)) {
                        c.problem("the server's select() did not time out within " + START.toSeconds() + " s");
                    }
                }
                int i = 0;
                for (String word : c.scenario.words) {
                    int to = i++ % 2 == 0 ? port : port2;
                    if (!ProcWatch.await(() -> ProcWatch.blockedIn(pid, tid, ProcWatch.SELECT), STEP)) {
                        c.problem("the server was not blocked in select() within " + STEP.toSeconds() + " s");
                        break;
                    }
                    if (!playClient(c, to, word)) {
                        break;
                    }
                }
                if (!ProcWatch.await(() -> ProcWatch.blockedIn(pid, tid, ProcWatch.SELECT), STEP)) {
                    c.problem("the server was not blocked in select() within " + STEP.toSeconds() + " s");
                }
                try (OutputStream in = run.stdin()) {
                    in.write('\n'); // "Hit return to shutdown"
                }
                awaitEnd(c, run, "the server");
            }
            return List.of(port, port2);
        }
    }

    /**
     * The UDP server: one datagram a word from an untraced java.net client, each sent once the
     * server is blocked in {@code idle} (recvfrom(); the SIGIO server's sleep()), the echo awaited
     * before the next (so each recvfrom/sendto pair is over before the next datagram comes), then
     * SIGTERM once the server is blocked there again.
     */
    static List<Integer> udpServer(Context c, Set<Integer> idle, String idleName) throws EnvironmentException, IOException {
        Served s = startServer(c, true);
        try (TracedRun run = s.run) {
            if (s.program.isPresent()) {
                try (DatagramSocket client = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
                    client.setSoTimeout((int) STEP.toMillis());
                    for (String word : c.scenario.words) {
                        if (!ProcWatch.await(() -> ProcWatch.blockedIn(s.program.get().pid(), s.tid, idle), STEP)) {
                            c.problem("the server was not blocked in " + idleName + " within " + STEP.toSeconds() + " s");
                            break;
                        }
                        byte[] data = word.getBytes(StandardCharsets.US_ASCII);
                        client.send(new DatagramPacket(data, data.length, InetAddress.getLoopbackAddress(), s.port));
                        DatagramPacket echo = new DatagramPacket(new byte[256], 256);
                        client.receive(echo);
                        String got = new String(echo.getData(), 0, echo.getLength(), StandardCharsets.ISO_8859_1);
                        if (!got.equals(word)) {
                            c.problem("datagram '" + word + "': the echo was '" + got + "'");
                        }
                    }
                } catch (IOException e) {
                    c.problem("the UDP client: " + e.getMessage());
                }
                terminateBlockedIn(c, run, s.program.get(), s.tid, idle, idleName);
            }
        }
        return List.of(s.port);
    }

    /**
     * A sender that loops forever (broadcast, multicast): the untraced C receiver first, waited for
     * until it is blocked in recvfrom() (bound, and joined to its group); then the traced sender;
     * once its first sendto() is in the trace and its thread sleeps, SIGTERM. The receiver must
     * have got the datagram and ended with status 0. Waiting on the receiver's own state, not on
     * /proc/net, works inside a network namespace too.
     */
    static List<Integer> udpSender(Context c) throws EnvironmentException, IOException {
        Process receiver = null;
        int port = 0;
        try {
            for (int attempt = 0; attempt < BIND_ATTEMPTS && receiver == null; attempt++) {
                port = freePort(true);
                Process p = c.untracedC(c.scenario.partner, c.partnerArgs(port, c.word()));
                ProcWatch.await(() -> !p.isAlive() || ProcWatch.blockedIn(p.pid(), p.pid(), ProcWatch.RECEIVE), START);
                if (p.isAlive() && ProcWatch.blockedIn(p.pid(), p.pid(), ProcWatch.RECEIVE)) {
                    receiver = p;
                } else {
                    Processes.killTree(p.toHandle()); // the port was taken meanwhile: another one
                }
            }
            if (receiver == null) {
                throw new EnvironmentException("the C " + c.scenario.partner + " did not wait in recvfrom() on a free "
                        + "port in " + BIND_ATTEMPTS + " tries; see its output in " + c.ws.show(c.dir));
            }
            try (TracedRun run = c.trace(c.args(port, c.word()))) {
                Optional<ProcessHandle> sender = run.program(START);
                String sent = "_port=htons(" + port + ")";
                long[] tid = {0};
                boolean sleeping = sender.isPresent() && ProcWatch.await(() -> {
                    if (tid[0] == 0) {
                        run.rawText().lines().filter(l -> l.contains(" sendto(") && l.contains(sent)).findFirst()
                                .ifPresent(l -> tid[0] = StraceParser.parseLine(0, l).tid());
                    }
                    return !run.running() || tid[0] != 0 && ProcWatch.blockedIn(sender.get().pid(), tid[0], ProcWatch.SLEEP);
                }, START) && run.running();
                if (!sleeping) {
                    c.problem("the sender did not send and sleep within " + START.toSeconds() + " s");
                } else {
                    sender.get().destroy(); // SIGTERM, as `kill PID` from a shell
                }
                if (!run.awaitEnd(STEP)) {
                    c.problem("the sender did not end within " + STEP.toSeconds() + " s of SIGTERM");
                }
            }
            if (!awaitProcess(receiver, STEP)) {
                c.problem("the C " + c.scenario.partner + " did not get the datagram within " + STEP.toSeconds() + " s");
            } else if (receiver.exitValue() != 0) {
                c.problem("the C " + c.scenario.partner + " ended with status " + receiver.exitValue());
            }
        } finally {
            if (receiver != null) {
                Processes.killTree(receiver.toHandle());
            }
        }
        return List.of(port);
    }

    /**
     * A receiver of one datagram: traced, waited for until the thread that bound the port is
     * blocked in recvfrom(); then the untraced C sender, which loops forever; the receiver runs to
     * its end; the sender is killed by its pid.
     */
    static List<Integer> udpReceiver(Context c) throws EnvironmentException, IOException {
        for (int attempt = 1; ; attempt++) {
            int port = freePort(true);
            String bound = "_port=htons(" + port + ")";
            try (TracedRun run = c.trace(c.args(port, c.word()))) {
                Optional<ProcessHandle> program = run.program(START);
                long[] tid = {0};
                boolean waiting = program.isPresent() && ProcWatch.await(() -> {
                    if (tid[0] == 0) {
                        run.rawText().lines().filter(l -> l.contains(" bind(") && l.contains(bound) && l.endsWith("= 0"))
                                .findFirst().ifPresent(l -> tid[0] = StraceParser.parseLine(0, l).tid());
                    }
                    return !run.running() || tid[0] != 0 && ProcWatch.blockedIn(program.get().pid(), tid[0], ProcWatch.RECEIVE);
                }, START) && run.running();
                if (!waiting) {
                    run.awaitEnd(STEP);
                    if (attempt < BIND_ATTEMPTS && run.rawText().contains("EADDRINUSE")) {
                        continue; // taken between the check and the bind: another port
                    }
                    c.problem("the receiver did not wait in recvfrom() on port " + port + " within " + START.toSeconds() + " s");
                    return List.of(port);
                }
                Process sender = c.untracedC(c.scenario.partner, c.partnerArgs(port, c.word()));
                try {
                    awaitEnd(c, run, "the receiver");
                } finally {
                    Processes.killTree(sender.toHandle());
                }
            }
            return List.of(port);
        }
    }

    static List<Integer> forkServer(Context c) throws EnvironmentException, IOException {
        Served s = startServer(c, false);
        try (TracedRun run = s.run) {
            if (s.program.isPresent()) {
                ProcessHandle server = s.program.get();
                Set<Long> seen = new HashSet<>();
                for (String word : c.scenario.words) {
                    if (!sequencedClient(c, run, server, s.tid, s.port, word, seen)) {
                        break;
                    }
                }
                terminateBlockedIn(c, run, server, s.tid, ProcWatch.ACCEPT, "accept()");
            }
        }
        return List.of(s.port);
    }

    static List<Integer> connectionRefused(Context c) throws EnvironmentException, IOException {
        int port = freePort(); // free: nothing listens there
        try (TracedRun run = c.trace(c.args(port, c.word()))) {
            awaitEnd(c, run, "the client");
        }
        return List.of(port);
    }

    static List<Integer> bindInUse(Context c) throws EnvironmentException, IOException {
        int port = freePort();
        try (ServerSocket holder = new ServerSocket()) {
            holder.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            try (TracedRun run = c.trace(c.args(port, c.word()))) {
                if (!run.awaitEnd(RUN)) {
                    c.problem("the server did not end within " + RUN.toSeconds() + " s although its port is taken");
                    run.program(Duration.ZERO).ifPresent(ProcessHandle::destroy);
                    run.awaitEnd(STEP);
                }
            }
        }
        return List.of(port);
    }

    static List<Integer> serverClosesEarly(Context c) throws EnvironmentException, IOException {
        int port = freePort();
        String word = c.word();
        AtomicReference<String> helperProblem = new AtomicReference<>();
        ServerSocket helper = new ServerSocket();
        Thread t = null;
        try {
            helper.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            helper.setSoTimeout((int) RUN.toMillis());
            t = Thread.ofPlatform().daemon().name("closes-early").start(() -> {
                // accept, read the whole word (so the close sends a FIN, never a reset), close without echoing
                try (Socket conn = helper.accept()) {
                    conn.setSoTimeout((int) STEP.toMillis());
                    byte[] got = conn.getInputStream().readNBytes(word.length());
                    if (!Arrays.equals(got, word.getBytes(StandardCharsets.US_ASCII))) {
                        helperProblem.set("the helper server read '" + new String(got, StandardCharsets.ISO_8859_1)
                                + "', not '" + word + "'");
                    }
                } catch (IOException e) {
                    helperProblem.set("the helper server: " + e.getMessage());
                }
            });
            try (TracedRun run = c.trace(c.args(port, word))) {
                awaitEnd(c, run, "the client");
            }
        } finally {
            helper.close(); // also ends a helper still waiting in accept() for a client that never came
            if (t != null) {
                try {
                    t.join(STEP.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        if (helperProblem.get() != null) {
            c.problem(helperProblem.get());
        }
        return List.of(port);
    }

    /**
     * A program that catches {@code c.scenario.handlerSignal} and waits in pause(): its thread is the
     * one whose rt_sigaction installed the handler (a JVM's main thread is not the process's first,
     * and the twin's launcher leaves it the only thread that does not block the signal); once it is
     * blocked in pause(), the signal goes to the process by its pid, as from a shell.
     */
    static List<Integer> signalled(Context c) throws IOException {
        String installed = "rt_sigaction(" + c.scenario.handlerSignal + ", {sa_handler=0x";
        try (TracedRun run = c.trace(c.args(0, c.word()))) {
            Optional<ProcessHandle> program = run.program(START);
            long[] tid = {0};
            boolean waiting = program.isPresent() && ProcWatch.await(() -> {
                // the last install so far: a launcher script's shell installs SIGINT handlers of its own first
                run.rawText().lines().filter(l -> l.contains(installed) && l.endsWith("= 0"))
                        .reduce((a, b) -> b).ifPresent(l -> tid[0] = StraceParser.parseLine(0, l).tid());
                return !run.running() || tid[0] != 0 && ProcWatch.blockedIn(program.get().pid(), tid[0], ProcWatch.PAUSE);
            }, START) && run.running();
            if (!waiting) {
                c.problem("the program did not install its " + c.scenario.handlerSignal + " handler and wait in pause() "
                        + "within " + START.toSeconds() + " s");
            } else {
                sendSignal(c, c.scenario.handlerSignal, program.get().pid());
            }
            awaitEnd(c, run, "the program");
        }
        return List.of();
    }

    /** {@code kill -s SIG PID}: java.lang.Process sends SIGTERM and SIGKILL only. */
    private static void sendSignal(Context c, String signal, long pid) throws IOException {
        Process kill = new ProcessBuilder("kill", "-s", signal.substring("SIG".length()), String.valueOf(pid))
                .redirectErrorStream(true).start();
        if (!awaitProcess(kill, STEP) || kill.exitValue() != 0) {
            c.problem("kill -s " + signal + " " + pid + " failed: "
                    + new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim());
        }
        Processes.killTree(kill.toHandle());
    }

    /**
     * The UDP client against a peer that never answers: a datagram socket of this tool, bound on a
     * free loopback port, takes the datagrams (so no ICMP error could reach the client) and sends
     * nothing back; the client runs to its end. The datagrams are counted: each try is one.
     */
    static List<Integer> silentPeer(Context c) throws EnvironmentException, IOException {
        int port = freePort(true);
        try (DatagramSocket peer = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
            try (TracedRun run = c.trace(c.args(port, c.word()))) {
                awaitEnd(c, run, "the client");
            }
            peer.setSoTimeout(1);
            int got = 0;
            try {
                for (; got < 100; got++) {
                    peer.receive(new DatagramPacket(new byte[256], 256));
                }
            } catch (java.net.SocketTimeoutException drained) {
                // all taken
            }
            if (got == 0) {
                c.problem("the silent peer got no datagram");
            }
        }
        return List.of(port);
    }

    /**
     * The pre-forking server: it listens, forks N children that each wait in accept() on the
     * listening socket, and its parent exits. Each C client runs to its end only once every child is
     * blocked in accept() (the kernel then hands the connection to the one that waited longest:
     * each child serves one of the two clients), and the next comes once they all are again; then
     * each child gets SIGTERM by its pid. The children are found as the processes strace still
     * traces once the parent has ended (they are no descendants of it any more).
     */
    static List<Integer> preforkedServer(Context c) throws EnvironmentException, IOException {
        int children = Integer.parseInt(c.scenario.args.get(c.scenario.args.size() - 1));
        Served s = startPreforked(c);
        try (TracedRun run = s.run) {
            if (s.tid != 0) {
                List<Long> kids = new ArrayList<>();
                boolean ready = ProcWatch.await(() -> {
                    if (run.program(Duration.ZERO).filter(ProcessHandle::isAlive).isPresent()) {
                        return false; // the parent has not ended yet
                    }
                    kids.clear();
                    kids.addAll(run.tracees());
                    return kids.size() == children && allIn(kids, ProcWatch.ACCEPT);
                }, START);
                if (!ready) {
                    c.problem("the parent did not end leaving " + children + " children in accept() within "
                            + START.toSeconds() + " s (children: " + kids + ")");
                } else {
                    for (String word : c.scenario.words) {
                        if (!playClient(c, s.port, word)) {
                            break;
                        }
                        if (!ProcWatch.await(() -> allIn(kids, ProcWatch.ACCEPT), STEP)) {
                            c.problem("the children were not all back in accept() within " + STEP.toSeconds() + " s");
                            break;
                        }
                    }
                }
                for (long kid : kids) {
                    ProcessHandle.of(kid).ifPresent(ProcessHandle::destroy); // SIGTERM, as `kill PID` from a shell
                }
                if (!run.awaitEnd(STEP)) {
                    c.problem("the children did not end within " + STEP.toSeconds() + " s of SIGTERM");
                }
            }
        }
        return List.of(s.port);
    }

    /**
     * Starts the traced pre-forking server on a free port and waits until the port is listened on
     * (by the parent, or already by its children only: a C parent may be gone before this looks).
     * {@link Served#tid} is 1 once listening, 0 if it never was; the pids come from the trace.
     */
    private static Served startPreforked(Context c) throws EnvironmentException, IOException {
        for (int attempt = 1; ; attempt++) {
            int port = freePort(false);
            TracedRun run = c.trace(c.args(port, c.word()));
            if (ProcWatch.await(() -> ready(port, false) || !run.running(), START) && ready(port, false)) {
                return new Served(run, port, Optional.empty(), 1);
            }
            run.close();
            if (attempt < BIND_ATTEMPTS && run.rawText().contains("EADDRINUSE")) {
                continue; // taken between the check and the bind: another port
            }
            c.problem("the server did not listen on port " + port + " within " + START.toSeconds() + " s");
            return new Served(run, port, Optional.empty(), 0);
        }
    }

    /** Every one of these processes (each of one thread, a forked child's) is blocked in one of {@code calls}. */
    private static boolean allIn(List<Long> pids, Set<Integer> calls) {
        return !pids.isEmpty() && pids.stream().allMatch(p -> ProcWatch.blockedIn(p, p, calls));
    }

    static List<Integer> usage(Context c) throws IOException {
        try (TracedRun run = c.trace(c.scenario.args)) {
            awaitEnd(c, run, "the program");
        }
        return List.of();
    }

    // ---------------------------------------------------------------- steps

    /**
     * A traced server, the port it was given, its pid (empty when it never started) and its
     * program thread: the thread whose bind() took the port (a JVM's main thread is not its first).
     */
    private record Served(TracedRun run, int port, Optional<ProcessHandle> program, long tid) {
    }

    /**
     * Starts the traced server on a free port and waits until it listens. If its bind fails
     * because the port was taken meanwhile (EADDRINUSE in its trace), tries another port.
     */
    private static Served startServer(Context c, boolean udp) throws EnvironmentException, IOException {
        for (int attempt = 1; ; attempt++) {
            int port = freePort(udp);
            TracedRun run = c.trace(c.args(port, c.word()));
            Optional<ProcessHandle> program = run.program(START);
            boolean listening = ProcWatch.await(() -> ready(port, udp) || !run.running(), START) && ready(port, udp);
            if (listening && program.isPresent()) {
                String bound = "_port=htons(" + port + ")"; // sin_port or sin6_port
                long tid = run.rawText().lines().filter(l -> l.contains(" bind(") && l.contains(bound))
                        .mapToLong(l -> StraceParser.parseLine(0, l).tid()).findFirst().orElse(program.get().pid());
                return new Served(run, port, program, tid);
            }
            run.close();
            if (attempt < BIND_ATTEMPTS && run.rawText().contains("EADDRINUSE")) {
                continue; // taken between the check and the bind: another port
            }
            c.problem("the server did not " + (udp ? "bind" : "listen on") + " port " + port + " within " + START.toSeconds() + " s");
            return new Served(run, port, Optional.empty(), 0);
        }
    }

    /**
     * One client of the fork server, played so that the order of the parent's calls and signals
     * does not depend on timing: connect; wait until the parent has forked a new child and is
     * blocked in accept() again (so its wait4() after this fork came before this child could
     * end); only then send the word and read the echo; close; wait until the child's SIGCHLD
     * was delivered (strace writes each line as it happens) before the next client comes.
     */
    private static boolean sequencedClient(Context c, TracedRun run, ProcessHandle server, long tid, int port,
                                           String word, Set<Long> seen) {
        long[] child = {0};
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), (int) STEP.toMillis());
            s.setSoTimeout((int) STEP.toMillis());
            boolean forked = ProcWatch.await(() -> {
                if (child[0] == 0) {
                    server.children().map(ProcessHandle::pid).filter(p -> !seen.contains(p)).findFirst()
                            .ifPresent(p -> child[0] = p);
                }
                return child[0] != 0 && ProcWatch.blockedIn(server.pid(), tid, ProcWatch.ACCEPT);
            }, STEP);
            if (!forked) {
                c.problem("client '" + word + "': the server did not fork and return to accept() within "
                        + STEP.toSeconds() + " s");
                return false;
            }
            seen.add(child[0]);
            s.getOutputStream().write(word.getBytes(StandardCharsets.US_ASCII));
            byte[] echo = s.getInputStream().readNBytes(word.length());
            if (!word.equals(new String(echo, StandardCharsets.ISO_8859_1))) {
                c.problem("client '" + word + "': the echo was '" + new String(echo, StandardCharsets.ISO_8859_1) + "'");
            }
        } catch (IOException e) {
            c.problem("client '" + word + "': " + e.getMessage());
            return false;
        }
        String signalled = "si_pid=" + child[0] + ",";
        boolean reaped = ProcWatch.await(() -> run.rawText().lines()
                .anyMatch(l -> l.contains("--- SIGCHLD {") && l.contains(signalled)), STEP);
        if (!reaped) {
            c.problem("client '" + word + "': the child " + child[0] + " did not end (no SIGCHLD) within "
                    + STEP.toSeconds() + " s");
            return false;
        }
        return true;
    }

    /**
     * The scenario's C client (its partner) sending {@code word} to {@code port}, run to its end
     * and ended by pid; false, with the problem written down, when it did not end in time (the
     * scenario then stops sending). A status other than 0 is written down too.
     */
    private static boolean playClient(Context c, int port, String word) throws IOException {
        Process client = c.untracedC(c.scenario.partner, c.partnerArgs(port, word));
        try {
            if (!awaitProcess(client, STEP)) {
                c.problem("the C client sending '" + word + "' did not end within " + STEP.toSeconds() + " s");
                return false;
            }
            if (client.exitValue() != 0) {
                c.problem("the C client sending '" + word + "' ended with status " + client.exitValue());
            }
            return true;
        } finally {
            Processes.killTree(client.toHandle());
        }
    }

    /** Waits until the server is blocked in one of {@code calls} (its last client fully served), then sends it SIGTERM. */
    private static void terminateBlockedIn(Context c, TracedRun run, ProcessHandle server, long tid, Set<Integer> calls,
                                           String what) {
        if (!ProcWatch.await(() -> ProcWatch.blockedIn(server.pid(), tid, calls), STEP)) {
            c.problem("the server was not blocked in " + what + " within " + STEP.toSeconds() + " s");
        }
        server.destroy(); // SIGTERM, as `kill PID` from a shell
        if (!run.awaitEnd(STEP)) {
            c.problem("the server did not end within " + STEP.toSeconds() + " s of SIGTERM");
        }
    }

    /**
     * A free listening port ({@link Ports#free()}); none free is the environment's problem, told
     * as one (exit status 2), not a difference between the builds.
     */
    private static int freePort() throws EnvironmentException {
        return freePort(false);
    }

    /** A free port for a TCP listener or (udp) a UDP socket. */
    static int freePort(boolean udp) throws EnvironmentException {
        try {
            for (int attempt = 0; attempt < BIND_ATTEMPTS * 10; attempt++) {
                int port = Ports.free(); // free for TCP; for UDP, also bindable as a datagram socket and not bound
                if (!udp || udpBindable(port)) {
                    return port;
                }
            }
            throw new EnvironmentException("no port free for both TCP and UDP in " + BIND_ATTEMPTS * 10 + " tries");
        } catch (IllegalStateException none) {
            throw new EnvironmentException(none.getMessage());
        }
    }

    private static boolean udpBindable(int port) {
        try (DatagramSocket probe = new DatagramSocket(null)) {
            probe.setReuseAddress(false);
            probe.bind(new InetSocketAddress(port));
            return true; // a socket bound to it, on any address, would have made this bind fail
        } catch (IOException taken) {
            return false;
        }
    }

    private static void awaitEnd(Context c, TracedRun run, String who) {
        if (!run.awaitEnd(RUN)) {
            c.problem(who + " did not end within " + RUN.toSeconds() + " s");
        }
    }

    private static boolean awaitProcess(Process p, Duration limit) {
        try {
            return p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
