/* ScenariosTest.java: every scenario, run with the C build and the Java build under strace, must give identical traces.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.strace;

import io.github.panamasockets.testkit.Build;
import io.github.panamasockets.testkit.Ports;
import io.github.panamasockets.testkit.ProcNetTcp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The scenarios of strace-compare as tests. Each runs the scenario with both builds, each under
 * strace, and asserts: every step happened (no problem recorded), the C trace shows what the
 * scenario is about (so "identical" is never two empty traces), the normalised traces are
 * identical, and no process of the run is left. Needs strace with ptrace permitted, make and
 * gcc (the C build) and the Java twins (built here when missing); without them the tests fail
 * with the one-line reason.
 */
class ScenariosTest {

    private static ScenarioRunner runner;
    private static Workspace ws;

    @BeforeAll
    static void prepare() {
        try {
            ws = Workspace.find(Path.of(System.getProperty("basedir", ".")));
            runner = new ScenarioRunner(ws, 70);
            runner.prepare();
        } catch (EnvironmentException e) {
            fail("strace-compare cannot run here: " + e.getMessage());
        }
    }

    private static void identical(Scenario s, String... expectedInC) {
        identicalAndReturn(s, expectedInC);
    }

    private static ScenarioResult identicalAndReturn(Scenario s, String... expectedInC) {
        ScenarioResult r;
        try {
            r = runner.run(s);
        } catch (EnvironmentException e) {
            throw new AssertionError(s.id + ": " + e.getMessage(), e);
        }
        Assumptions.assumeFalse(r.skipped(), r::report); // multicast where no network namespace can be made
        assertEquals(List.of(), r.problems(), r.report());
        for (String line : expectedInC) {
            assertTrue(r.c().lines().contains(line), "the C trace lacks " + line + "\n" + r.report());
        }
        assertTrue(r.verdict().identical(), r.report());
        assertNothingLeft(r.dir(), s);
        return r;
    }

    /** No process of the run is alive: none of this JVM's descendants, and none of the pids in the traces. */
    private static void assertNothingLeft(Path dir, Scenario s) {
        assertEquals(List.of(), ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .map(h -> h.pid() + " " + h.info().commandLine().orElse("?")).toList());
        List<String> alive = new ArrayList<>();
        for (String stem : new String[] {"c", "java"}) {
            try {
                for (StraceLine l : StraceParser.parse(Files.readAllLines(dir.resolve(stem + ".raw")))) {
                    Optional<ProcessHandle> h = ProcessHandle.of(l.tid());
                    if (h.isPresent() && h.get().isAlive() && s.programs().stream()
                            .anyMatch(p -> cmdline(l.tid()).contains(Scenario.fileName(p)))) {
                        alive.add(l.tid() + " " + cmdline(l.tid()));
                    }
                }
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
        assertEquals(List.of(), alive.stream().distinct().toList());
    }

    private static String cmdline(long pid) {
        try {
            return Files.readString(Path.of("/proc/" + pid + "/cmdline")).replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }

    @Test
    void client() {
        identical(Scenario.CLIENT,
                "connect(S1, {sa_family=AF_INET, sin_port=htons(PORT), sin_addr=inet_addr(\"127.0.0.1\")}, 16) = 0",
                "write(1, \"Received: hello\\n\", 16) = 16",
                "+++ exited with 0 +++");
    }

    @Test
    void iterativeServer() {
        identical(Scenario.ITERATIVE_SERVER,
                "accept(S1, {sa_family=AF_INET, sin_port=htons(EPHEMERAL), sin_addr=inet_addr(\"127.0.0.1\")}, [16]) = A3",
                "recvfrom(A3, \"gamma\", 32, 0, NULL, NULL) = 5",
                "+++ killed by SIGTERM +++");
    }

    @Test
    void forkServerParentAndEachChild() {
        identical(Scenario.FORK_SERVER,
                "wait4(-1, NULL, WNOHANG, NULL) = P3",
                "[P2] forked by P1",
                "[P3] forked by P1",
                "[P4] forked by P1",
                "sendto(A3, \"gamma\", 5, 0, NULL, 0) = 5");
    }

    @Test
    void connectionRefused() {
        identical(Scenario.CONNECTION_REFUSED,
                "connect(S1, {sa_family=AF_INET, sin_port=htons(PORT), sin_addr=inet_addr(\"127.0.0.1\")}, 16) = "
                        + "-1 ECONNREFUSED (Connection refused)",
                "write(2, \"connect() failed: Connection refused\\n\", 37) = 37",
                "+++ exited with 1 +++");
    }

    @Test
    void bindToAPortInUse() {
        identical(Scenario.BIND_IN_USE,
                "bind(S1, {sa_family=AF_INET, sin_port=htons(PORT), sin_addr=inet_addr(\"0.0.0.0\")}, 16) = "
                        + "-1 EADDRINUSE (Address already in use)",
                "write(2, \"bind() failed: Address already in use\\n\", 38) = 38",
                "+++ exited with 1 +++");
    }

    @Test
    void forkServerBindToAPortInUse() {
        identical(Scenario.BIND_IN_USE_FORK,
                "write(2, \"bind() failed: Address already in use\\n\", 38) = 38",
                "+++ exited with 1 +++");
    }

    @Test
    void serverClosingEarly() {
        identical(Scenario.SERVER_CLOSES_EARLY,
                "recvfrom(S1, \"\", 31, 0, NULL, NULL) = 0",
                "write(2, \"recv() failed or connection closed prematurely: Success\\n\", 56) = 56",
                "write(1, \"Received: \", 10) = 10",
                "+++ exited with 1 +++");
    }

    @Test
    void usageErrorOfTheClient() {
        identical(Scenario.USAGE_CLIENT,
                "write(2, \"Usage: ./TCPEchoClient <Server IP> <Echo Word> [<Echo Port>]\\n\", 61) = 61",
                "+++ exited with 1 +++");
    }

    @Test
    void usageErrorOfTheServer() {
        identical(Scenario.USAGE_SERVER,
                "write(2, \"Usage: ./TCPEchoServer <Server Port>\\n\", 37) = 37",
                "+++ exited with 1 +++");
    }

    @Test
    void usageErrorOfTheForkServer() {
        identical(Scenario.USAGE_FORK_SERVER,
                "write(2, \"Usage: ./TCPEchoServer-Fork <Server Port>\\n\", 42) = 42",
                "+++ exited with 1 +++");
    }

    /** A scenario whose programs are not built yet is skipped (the UDP ones until their programs exist). */
    private static void identicalOnceBuilt(Scenario s, String... expectedInC) {
        List<String> missing = s.missing(ws.root);
        Assumptions.assumeTrue(missing.isEmpty(), () -> s.id + ": not built (" + String.join(", ", missing) + ")");
        identical(s, expectedInC);
    }

    @Test
    void udpClient() {
        identicalOnceBuilt(Scenario.UDP_CLIENT, "+++ exited with 0 +++");
    }

    @Test
    void udpServer() {
        identicalOnceBuilt(Scenario.UDP_SERVER, "+++ killed by SIGTERM +++");
    }

    @Test
    void udpClientOfThe2ndEdition() {
        identicalOnceBuilt(Scenario.ED2_UDP_CLIENT, "+++ exited with 0 +++");
    }

    @Test
    void udpServerOfThe2ndEdition() {
        identicalOnceBuilt(Scenario.ED2_UDP_SERVER, "+++ killed by SIGTERM +++");
    }

    @Test
    void tcpClient4OfThe2ndEdition() {
        identicalOnceBuilt(Scenario.ED2_TCP_CLIENT4,
                "socket(AF_INET, SOCK_STREAM, IPPROTO_TCP) = S1",
                "connect(S1, {sa_family=AF_INET, sin_port=htons(PORT), sin_addr=inet_addr(\"127.0.0.1\")}, 16) = 0",
                "write(1, \"Received: hello\\n\", 16) = 16",
                "+++ exited with 0 +++");
    }

    @Test
    void tcpServer4OfThe2ndEdition() {
        identicalOnceBuilt(Scenario.ED2_TCP_SERVER4,
                "listen(S1, 5) = 0",
                "sendto(A1, \"hello\", 5, 0, NULL, 0) = 5",
                "+++ killed by SIGTERM +++");
    }

    @Test
    void tcpServer6OfThe2ndEdition() {
        identicalOnceBuilt(Scenario.ED2_TCP_SERVER6,
                "socket(AF_INET6, SOCK_STREAM, IPPROTO_TCP) = S1",
                "recvfrom(A1, \"hello\", 512, 0, NULL, NULL) = 5",
                "+++ killed by SIGTERM +++");
    }

    @Test
    void tcpClientOfThe2ndEditionOverLocalhost() {
        identicalOnceBuilt(Scenario.ED2_TCP_CLIENT,
                "write(1, \"Received: hello\\n\", 16) = 16",
                "+++ exited with 0 +++");
    }

    @Test
    void tcpServerOfThe2ndEditionWithALocalhostClient() {
        identicalOnceBuilt(Scenario.ED2_TCP_SERVER,
                "sendto(A1, \"hello\", 5, 0, NULL, 0) = 5",
                "+++ killed by SIGTERM +++");
    }

    @Test
    void getAddrInfoOfLocalhost() {
        identicalOnceBuilt(Scenario.ED2_GETADDRINFO,
                "write(1, \"127.0.0.1-7\\n\", 12) = 12",
                "+++ exited with 0 +++");
    }

    @Test
    void getAddrInfoOfANumericIpv6AddressAndAServiceName() {
        identicalOnceBuilt(Scenario.ED2_GETADDRINFO_V6,
                "write(1, \"::1-7\\n\", 6) = 6",
                "+++ exited with 0 +++");
    }

    @Test
    void broadcastSender() {
        identicalOnceBuilt(Scenario.BROADCAST_SENDER,
                "setsockopt(S1, SOL_SOCKET, SO_BROADCAST, [1], 4) = 0",
                "sendto(S1, \"hello\", 5, 0, {sa_family=AF_INET, sin_port=htons(PORT), "
                        + "sin_addr=inet_addr(\"127.255.255.255\")}, 16) = 5",
                "+++ killed by SIGTERM +++");
    }

    @Test
    void broadcastReceiver() {
        identicalOnceBuilt(Scenario.BROADCAST_RECEIVER,
                "recvfrom(S1, \"hello\", 255, 0, NULL, NULL) = 5",
                "write(1, \"Received: hello\\n\", 16) = 16",
                "+++ exited with 0 +++");
    }

    @Test
    void multicastSenderInANetworkNamespace() {
        identicalOnceBuilt(Scenario.MULTICAST_SENDER,
                "setsockopt(S1, SOL_IP, IP_MULTICAST_TTL, \"\\1\", 1) = 0",
                "sendto(S1, \"hello\", 5, 0, {sa_family=AF_INET, sin_port=htons(PORT), "
                        + "sin_addr=inet_addr(\"239.255.42.99\")}, 16) = 5",
                "+++ killed by SIGTERM +++");
    }

    @Test
    void multicastReceiverInANetworkNamespace() {
        identicalOnceBuilt(Scenario.MULTICAST_RECEIVER,
                "setsockopt(S1, SOL_IP, IP_ADD_MEMBERSHIP, {imr_multiaddr=inet_addr(\"239.255.42.99\"), "
                        + "imr_interface=inet_addr(\"0.0.0.0\")}, 8) = 0",
                "recvfrom(S1, \"hello\", 255, 0, NULL, NULL) = 5",
                "write(1, \"Received: hello\\n\", 16) = 16",
                "+++ exited with 0 +++");
    }

    @Test
    void usageErrorOfTheUdpClient() {
        identicalOnceBuilt(Scenario.USAGE_UDP_CLIENT,
                "write(2, \"Usage: ./UDPEchoClient <Server IP> <Echo Word> [<Echo Port>]\\n\", 61) = 61",
                "+++ exited with 1 +++");
    }

    @Test
    void usageErrorOfTheClient4OfThe2ndEdition() {
        identicalOnceBuilt(Scenario.USAGE_ED2_CLIENT4,
                "write(2, \"<Server Address> <Echo Word> [<Server Port>]\", 44) = 44",
                "+++ exited with 1 +++");
    }

    @Test
    void usageErrorOfTheBroadcastSender() {
        identicalOnceBuilt(Scenario.USAGE_BROADCAST_SENDER,
                "write(2, \"Usage:  ./BroadcastSender <IP Address> <Port> <Send String>\\n\", 60) = 60",
                "+++ exited with 1 +++");
    }

    // the vote protocol: over stdio streams, so the socket's bytes go out in write() at fflush() and come in by
    // read() into the stream's buffer; each line below is the whole message, framing included (strace -s 4096)

    @Test
    void voteClientTextAndNewlines() {
        identicalOnceBuilt(Scenario.ED2_VOTE_CLIENT,
                "fcntl(S1, F_GETFL) = 0x2 (flags O_RDWR)",
                "write(S1, \"Voting v  7\\n\", 12) = 12",
                "read(S1, \"Voting v R 7 1\\n\", 4096) = 15",
                "write(1, \"Sending 11-byte vote for candidate 7...\\nReceived:\\n  Response to vote for candidate 7\\n"
                        + "  count = 1\\n\", 97) = 97",
                "+++ exited with 0 +++");
    }

    @Test
    void voteInquiryClientTextAndNewlines() {
        identicalOnceBuilt(Scenario.ED2_VOTE_INQUIRY,
                "write(S1, \"Voting i  7\\n\", 12) = 12",
                "read(S1, \"Voting i R 7 0\\n\", 4096) = 15",
                "+++ exited with 0 +++");
    }

    @Test
    void voteServerTextAndNewlines() {
        identicalOnceBuilt(Scenario.ED2_VOTE_SERVER,
                "listen(S2, 5) = 0",
                "read(A1, \"Voting v  7\\n\", 4096) = 12",
                "write(A1, \"Voting v R 7 1\\n\", 15) = 15",
                "read(A2, \"Voting i  7\\n\", 4096) = 12",
                "write(A2, \"Voting i R 7 1\\n\", 15) = 15",
                "read(A2, \"\", 4096) = 0",
                "close(A2) = 0",
                "+++ killed by SIGTERM +++");
    }

    @Test
    void voteClientBinaryAndLengthPrefix() {
        identicalOnceBuilt(Scenario.ED2_VOTE_CLIENT_BIN,
                // length 4; header 0x5400 (magic), candidate 7
                "write(S1, \"\\0\\4T\\0\\0\\7\", 6) = 6",
                // length 12; header 0x5600 (magic, response), candidate 7, count 1
                "read(S1, \"\\0\\fV\\0\\0\\7\\0\\0\\0\\0\\0\\0\\0\\1\", 4096) = 14",
                "write(1, \"Sending 4-byte vote for candidate 7...\\nReceived:\\n  Response to vote for candidate 7\\n"
                        + "  count = 1\\n\", 96) = 96",
                "+++ exited with 0 +++");
    }

    @Test
    void voteInquiryClientBinaryAndLengthPrefix() {
        identicalOnceBuilt(Scenario.ED2_VOTE_INQUIRY_BIN,
                "write(S1, \"\\0\\4U\\0\\0\\7\", 6) = 6", // header 0x5500: the inquiry flag
                "read(S1, \"\\0\\fW\\0\\0\\7\\0\\0\\0\\0\\0\\0\\0\\0\", 4096) = 14",
                "+++ exited with 0 +++");
    }

    @Test
    void voteServerBinaryAndLengthPrefix() {
        identicalOnceBuilt(Scenario.ED2_VOTE_SERVER_BIN,
                "read(A1, \"\\0\\4T\\0\\0\\7\", 4096) = 6",
                "write(A1, \"\\0\\fV\\0\\0\\7\\0\\0\\0\\0\\0\\0\\0\\1\", 14) = 14",
                "read(A2, \"\\0\\4U\\0\\0\\7\", 4096) = 6",
                "write(A2, \"\\0\\fW\\0\\0\\7\\0\\0\\0\\0\\0\\0\\0\\1\", 14) = 14",
                "+++ killed by SIGTERM +++");
    }

    @Test
    void usageErrorOfTheVoteClient() {
        identicalOnceBuilt(Scenario.USAGE_ED2_VOTE_CLIENT,
                "write(2, \"<Server> <Port/Service> <Candidate> [I]\", 39) = 39",
                "+++ exited with 1 +++");
    }

    @Test
    void usageErrorOfTheBinaryVoteClient() {
        identicalOnceBuilt(Scenario.USAGE_ED2_VOTE_CLIENT_BIN,
                "write(2, \"<Server> <Port/Service> <Candidate> [I]\", 39) = 39",
                "+++ exited with 1 +++");
    }

    private static final String PTHREAD_CLONE3 = "clone3({flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD"
            + "|CLONE_SYSVSEM|CLONE_SETTLS|CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID, exit_signal=0, stack_size=";

    @Test
    void threadServerEachClientThreadComparedAsTheCThread() {
        ScenarioResult r = identicalAndReturn(Scenario.THREAD_SERVER,
                "[P1.T1] thread created by P1",
                "recvfrom(A1, \"alpha\", 32, 0, NULL, NULL) = 5",
                "sendto(A1, \"alpha\", 5, 0, NULL, 0) = 5",
                "close(A1) = 0",
                "[P1.T2] thread created by P1",
                "sendto(A2, \"beta\", 4, 0, NULL, 0) = 4",
                "close(A2) = 0",
                "+++ exited with 0 +++",
                "+++ killed by SIGTERM +++");
        // the main thread made each client's thread with pthread's clone3, right after its accept
        List<String> c = r.c().lines();
        int accept = c.indexOf(c.stream().filter(l -> l.startsWith("accept(S1, ") && l.endsWith("= A2")).findFirst()
                .orElseThrow());
        assertTrue(c.get(accept + 1).startsWith(PTHREAD_CLONE3) && c.get(accept + 1).endsWith(" = P1.T2"), r.report());
    }

    @Test
    void selectServerOnTwoPortsAndStdin() {
        identical(Scenario.SELECT_SERVER,
                "pselect6(S2+1, [0 S1 S2], NULL, NULL, {tv_sec=60, tv_nsec=0}, NULL) = 1 (in [S1], left {TIME})",
                "accept(S1, {sa_family=AF_INET, sin_port=htons(EPHEMERAL), sin_addr=inet_addr(\"127.0.0.1\")}, [16]) = A1",
                "pselect6(S2+1, [0 S1 S2], NULL, NULL, {tv_sec=60, tv_nsec=0}, NULL) = 1 (in [S2], left {TIME})",
                "sendto(A2, \"beta\", 4, 0, NULL, 0) = 4",
                "pselect6(S2+1, [0 S1 S2], NULL, NULL, {tv_sec=60, tv_nsec=0}, NULL) = 1 (in [0], left {TIME})",
                "read(0, \"\\n\", 4096) = 1",
                "close(S1) = 0",
                "close(S2) = 0",
                "write(1, \"Starting server:  Hit return to shutdown\\nRequest on port 0:  Handling client 127.0.0.1\\n"
                        + "Request on port 1:  Handling client 127.0.0.1\\nShutting down server\\n\", 154) = 154",
                "+++ exited with 0 +++");
    }

    @Test
    void selectServerTimesOutOnceThenShutsDown() {
        identical(Scenario.SELECT_SERVER_TIMEOUT,
                "pselect6(S2+1, [0 S1 S2], NULL, NULL, {tv_sec=1, tv_nsec=0}, NULL) = 0 (Timeout)",
                "pselect6(S2+1, [0 S1 S2], NULL, NULL, {tv_sec=1, tv_nsec=0}, NULL) = 1 (in [0], left {TIME})",
                "write(1, \"Starting server:  Hit return to shutdown\\nNo echo requests for 1 secs...Server still "
                        + "alive\\nShutting down server\\n\", 111) = 111",
                "+++ exited with 0 +++");
    }

    @Test
    void usageErrorOfTheThreadServer() {
        identical(Scenario.USAGE_THREAD_SERVER,
                "write(2, \"Usage:  ./TCPEchoServer-Thread <SERVER PORT>\\n\", 45) = 45", "+++ exited with 1 +++");
    }

    @Test
    void usageErrorOfTheSelectServer() {
        identical(Scenario.USAGE_SELECT_SERVER,
                "write(2, \"Usage:  ./TCPEchoServer-Select <Timeout (secs.)> <Port 1> ...\\n\", 62) = 62",
                "+++ exited with 1 +++");
    }

    @Test
    void epollServer() {
        identical(Scenario.EPOLL_SERVER,
                "epoll_create1(0) = E1",
                "epoll_ctl(E1, EPOLL_CTL_ADD, A3, {events=EPOLLIN, data={fd=A3}}) = 0",
                "epoll_wait(E1, [{events=EPOLLIN, data={fd=A3}}], 1024, -1) = 1",
                "sendto(A3, \"gamma\", 5, MSG_NOSIGNAL, NULL, 0) = 5",
                "epoll_wait(E1, ...) = ?",
                "+++ killed by SIGTERM +++");
    }

    @Test
    void bindInUseOfTheEpollServer() {
        identical(Scenario.BIND_IN_USE_EPOLL,
                "write(2, \"bind() failed: Address already in use\\n\", 38) = 38", "+++ exited with 1 +++");
    }

    @Test
    void usageErrorOfTheEpollServer() {
        identical(Scenario.USAGE_EPOLL_SERVER,
                "write(2, \"Usage:  ./EpollEchoServer <Server Port>\\n\", 40) = 40", "+++ exited with 1 +++");
    }

    @Test
    void sigActionCaughtInPause() {
        identical(Scenario.SIGACTION,
                "rt_sigaction(SIGINT, {sa_handler=ADDR, sa_mask=~[RTMIN RT_1], sa_flags=SA_RESTORER, sa_restorer=ADDR}, "
                        + "NULL, 8) = 0",
                "pause(...) = ?",
                "--- SIGINT {si_signo=SIGINT, si_code=SI_USER, si_pid=OUTSIDE, si_uid=0} ---",
                "write(1, \"Interrupt Received.  Exiting program.\\n\", 38) = 38",
                "+++ exited with 1 +++");
    }

    @Test
    void udpTimeoutClientAgainstASilentPeer() {
        ScenarioResult r = identicalAndReturn(Scenario.UDP_TIMEOUT_SILENT,
                "rt_sigaction(SIGALRM, {sa_handler=ADDR, sa_mask=~[RTMIN RT_1], sa_flags=SA_RESTORER, sa_restorer=ADDR}, "
                        + "NULL, 8) = 0",
                "alarm(2) = 0",
                "--- SIGALRM {si_signo=SIGALRM, si_code=SI_KERNEL} ---",
                "write(2, \"No Response: Interrupted system call\\n\", 37) = 37",
                "+++ exited with 1 +++");
        assertEquals(5, r.c().lines().stream().filter(l -> l.startsWith("--- SIGALRM")).count(), r.report());
        // rule handler-return leaves rt_sigreturn out of the comparison; the raw traces still show
        // each recvfrom ended by EINTR through it, in both builds
        for (String build : List.of("c", "java")) {
            List<String> raw = readLines(r.dir().resolve(build + ".raw"));
            assertEquals(5, raw.stream().filter(l -> l.contains(" rt_sigreturn(") && l.endsWith("EINTR (Interrupted "
                    + "system call)")).count(), build + ".raw\n" + r.report());
        }
        assertEquals(5, r.c().lines().stream().filter(l -> l.startsWith("sendto(S1, \"hello\"")).count(), r.report());
    }

    @Test
    void udpTimeoutClientAgainstTheEchoServer() {
        identical(Scenario.UDP_TIMEOUT_ECHO,
                "alarm(2) = 0",
                "alarm(0) = 2",
                "write(1, \"Received: hello\\n\", 16) = 16",
                "+++ exited with 0 +++");
    }

    @Test
    void preforkedServerTwoChildrenTwoClients() {
        ScenarioResult r = identicalAndReturn(Scenario.PREFORKED_SERVER,
                "[P2] forked by P1",
                "[P3] forked by P1",
                "+++ exited with 0 +++",
                "+++ killed by SIGTERM +++");
        assertEquals(2, r.c().lines().stream().filter(l -> l.startsWith("sendto(A1, \"hello\", 5")).count(), r.report());
    }

    @Test
    void aChildOutlivingItsKilledParentIsEndedToo() throws Exception {
        // a fork server killed while its child still serves: the child is reparented away from strace's
        // tree, but strace still traces it; closing the run must end it
        int port = Ports.free();
        long child;
        // the client is closed after the run (resources close in reverse order): the child still serves when
        // the run is closed, and would serve on if the run did not end it
        try (Socket client = new Socket();
             TracedRun run = TracedRun.start(ws, Build.C, ws.traceDir("cleanup"), "TCPEchoServer-Fork",
                     List.of(String.valueOf(port)))) {
            ProcessHandle server = run.program(Drivers.START).orElseThrow();
            assertTrue(ProcWatch.await(() -> ProcNetTcp.listening(port), Drivers.START));
            client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
            long[] found = {0};
            assertTrue(ProcWatch.await(() -> {
                server.children().findFirst().ifPresent(h -> found[0] = h.pid());
                return found[0] != 0;
            }, Drivers.STEP));
            child = found[0];
            server.destroyForcibly();
            assertTrue(Processes.awaitExit(server, 10));
            assertTrue(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false), "the child serves on");
            assertFalse(ProcessHandle.current().descendants().anyMatch(h -> h.pid() == child), "not our descendant any more");
        }
        assertTrue(ProcWatch.await(() -> ProcessHandle.of(child).map(h -> !h.isAlive()).orElse(true), Drivers.STEP),
                "the orphaned child " + child + " is still alive");
    }

    private static List<String> readLines(java.nio.file.Path file) {
        try {
            return java.nio.file.Files.readAllLines(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
