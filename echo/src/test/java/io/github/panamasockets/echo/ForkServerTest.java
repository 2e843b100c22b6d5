/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.echo;

import io.github.panamasockets.echo.Twins.Result;
import io.github.panamasockets.echo.Twins.Server;
import io.github.panamasockets.testkit.Build;
import io.github.panamasockets.testkit.ProcStat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static io.github.panamasockets.echo.Twins.HANDLING;
import static io.github.panamasockets.echo.Twins.assertSameResult;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TCPEchoServer-Fork, C build and Java build: same stdout, stderr and exit status, each child
 * serving one client and ending, no zombie left once the next client is accepted, and C's
 * stdio quirk: what is in the parent's stdout buffer at fork() is written again by the child.
 */
@Timeout(120)
class ForkServerTest {

    @BeforeAll
    static void prepare() throws Exception {
        Twins.prepare();
    }

    @Test
    void usage() throws Exception {
        Twins.assertUsage(Twins.FORK_SERVER, new Result(1, "", "Usage: ./TCPEchoServer-Fork <Server Port>\n"), new String[0]);
    }

    /**
     * Three clients in turn. Each is a socket of this test that sends its word, reads the echo
     * and stays connected until the child serving it has been seen alive (a C client could be
     * done before the child is even looked for); then it closes and the child must end. Once the
     * next client is accepted, the parent's reaping loop must take every child that had ended
     * before: none may be left, not even as a zombie. Before the next client, waits (bounded)
     * until stdout has as many lines as it must have by then, so that what comes out is in
     * the order of the clients. Returns the children, in order.
     */
    private static List<Long> threeClients(Server server, int... linesAfterClient) throws Exception {
        List<Long> served = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            byte[] word = ("word" + i).getBytes(StandardCharsets.US_ASCII);
            long child;
            try (Socket client = new Socket()) {
                client.connect(new InetSocketAddress("127.0.0.1", server.port), 10_000);
                client.setSoTimeout(10_000);
                client.getOutputStream().write(word);
                assertArrayEquals(word, client.getInputStream().readNBytes(word.length),
                        server.build + " server, client " + i + ": the echo");
                child = server.awaitNewChild(served);
                ProcStat st = ProcStat.of(child);
                assertTrue(st != null && st.ppid() == server.pid && st.state() != 'Z',
                        server.build + ": child " + child + " should serve client " + i + ": " + st);
            }
            server.awaitEnded(child);  // its client has closed: it must end (and write its buffer)
            server.awaitLines(linesAfterClient[i - 1]);
            if (i > 1) {
                long older = served.get(i - 2);
                assertTrue(Twins.await(Twins.WAIT_LIMIT, () -> ProcStat.of(older) == null),
                        server.build + ": child " + older + " was not reaped after the next accept: " + ProcStat.of(older));
            }
            served.add(child);
        }
        return served;
    }

    @Test
    void threeClientsEachServedByAChildLineBuffered() throws Exception {
        Map<Build, Result> results = new EnumMap<>(Build.class);
        for (Build build : Build.values()) {
            try (Server server = Server.start(build, Twins.FORK_SERVER, true)) {
                // the parent prints two lines a client: Handling ... before fork(), with child ... after
                List<Long> served = threeClients(server, 2, 4, 6);
                Result r = server.kill();
                server.assertNothingLeft();
                assertEquals(served, Twins.printedPids(r.stdout()),
                        build + ": the pids printed are the children's; stdout:\n" + r.stdout() + "stderr:\n" + r.stderr());
                results.put(build, r);
            }
        }
        Twins.assertServersPrinted("fork server, line-buffered", results, (HANDLING + "with child process: <pid1>\n")
                        + (HANDLING + "with child process: <pid2>\n")
                        + (HANDLING + "with child process: <pid3>\n"));
    }

    /**
     * stdout is a pipe, so libc buffers it fully. The parent's buffer only grows (it is never
     * flushed before the SIGKILL that ends the server, which loses it), and each child, a copy
     * made at fork(), writes the copy of the buffer it got when it ends: the lines printed
     * before its fork, again.
     */
    @Test
    void aLineBufferedAtForkIsWrittenByTheChildToo() throws Exception {
        Map<Build, Result> results = new EnumMap<>(Build.class);
        for (Build build : Build.values()) {
            try (Server server = Server.start(build, Twins.FORK_SERVER, false)) {
                // each child writes the lines printed before its fork(): 1, then 3, then 5
                List<Long> served = threeClients(server, 1, 1 + 3, 1 + 3 + 5);
                Result r = server.kill();
                server.assertNothingLeft();
                assertEquals(served.subList(0, 2), Twins.printedPids(r.stdout()),
                        build + ": the pids printed are the children's; stdout:\n" + r.stdout() + "stderr:\n" + r.stderr());
                results.put(build, r);
            }
        }
        assertSameResult("fork server, fully buffered", results.get(Build.C), results.get(Build.JAVA));
        String first = HANDLING;                                                        // child 1's copy
        String second = HANDLING + "with child process: <pid1>\n" + HANDLING;           // child 2's copy
        String third = second + "with child process: <pid2>\n" + HANDLING;              // child 3's copy
        assertEquals(first + second + third, results.get(Build.JAVA).normalised().stdout());
        assertEquals("", results.get(Build.JAVA).stderr());
        assertEquals(137, results.get(Build.JAVA).status(), "SIGKILL ends both");
    }
}
