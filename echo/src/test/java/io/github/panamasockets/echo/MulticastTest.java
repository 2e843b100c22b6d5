/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.echo;

import io.github.panamasockets.echo.Datagrams.Play;
import io.github.panamasockets.echo.Datagrams.Running;
import io.github.panamasockets.echo.Twins.Result;
import io.github.panamasockets.testkit.Build;
import io.github.panamasockets.testkit.LoopbackNamespace;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.opentest4j.TestAbortedException;

import java.util.ArrayList;
import java.util.List;

import static io.github.panamasockets.echo.Twins.assertSameResult;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MulticastSender and MulticastReceiver (1st edition), C build and Java build: the same usage
 * lines and errors, byte for byte, and every sender to every receiver through a multicast group.
 * The plays run in a network namespace of their own ({@link LoopbackNamespace}), where the group's
 * route is lo: on this machine's own lo there is none, and the datagrams would leave it. The usage
 * lines and the malformed addresses need no namespace: they send nothing and join nothing.
 */
@Timeout(240)
class MulticastTest {

    static final String SENDER = "MulticastSender";
    static final String RECEIVER = "MulticastReceiver";
    static final String GROUP = "239.255.42.99";  // administratively scoped: a site's own groups
    private static LoopbackNamespace namespace;
    private static TestAbortedException noNamespace;  // why it could not be made: tried once, told to each test

    @BeforeAll
    static void prepare() throws Exception {
        Twins.prepare();
    }

    @AfterAll
    static void closeNamespace() throws Exception {
        if (namespace != null) {
            namespace.close();
        }
    }

    /** The prefix that runs a program in the namespace, made at the first test that needs it (or the test is aborted). */
    private static synchronized List<String> inNamespace() throws Exception {
        if (noNamespace != null) {
            throw noNamespace;
        }
        if (namespace == null) {
            try {
                namespace = LoopbackNamespace.open(Twins.ROOT.resolve("echo/target/multicast-netns.log"));
            } catch (LoopbackNamespace.Unavailable e) {
                noNamespace = new TestAbortedException("no network namespace of the test's own here (" + e.getMessage()
                        + "): the multicast plays need one, to keep their datagrams on loopback");
                throw noNamespace;
            }
        }
        return namespace.enter();
    }

    private static Result both(String scenario, List<String> prefix, String program, String... args) throws Exception {
        Result[] results = new Result[2];
        for (Build build : Build.values()) {
            results[build.ordinal()] = Twins.run(Twins.command(prefix, program, args), Twins.dir(build), Twins.RUN_LIMIT);
        }
        assertSameResult(scenario, results[Build.C.ordinal()], results[Build.JAVA.ordinal()]);
        return results[Build.JAVA.ordinal()];
    }

    @Test
    void usageLines() throws Exception {
        for (String[] args : new String[][] {{}, {GROUP, "9"}, {GROUP, "9", "hello", "1", "extra"}}) {
            Result r = both("sender with " + args.length + " arguments", List.of(), SENDER, args);
            assertEquals(new Result(1, "",
                    "Usage:  ./MulticastSender <Multicast Address> <Port> <Send String> [<TTL>]\n"), r);
        }
        for (String[] args : new String[][] {{}, {GROUP}, {GROUP, "9", "extra"}}) {
            Result r = both("receiver with " + args.length + " arguments", List.of(), RECEIVER, args);
            assertEquals(new Result(1, "", "Usage: ./MulticastReceiver <Multicast IP> <Multicast Port>\n"), r);
        }
    }

    /** One play in the namespace: a receiver of one build, a sender of the other with these arguments after the group and port. */
    private static void play(Build senderBuild, Build receiverBuild, String word, String... ttl) throws Exception {
        List<String> ns = inNamespace();
        int port = Twins.freePort();  // the namespace is the test's alone: no one else binds there
        Running receiver = Datagrams.startReceiver(ns, receiverBuild, RECEIVER, port, GROUP, Integer.toString(port));
        List<String> args = new ArrayList<>(List.of(GROUP, Integer.toString(port), word));
        args.addAll(List.of(ttl));
        String scenario = senderBuild + " sender " + args + " to " + receiverBuild + " receiver";
        Play play = Datagrams.play(receiver, ns, senderBuild, SENDER, args.toArray(String[]::new));
        assertEquals(new Result(0, "Received: " + word + "\n", ""), play.receiver(), scenario);
        // killed by its pid while it still sent: SIGKILL's status, nothing printed
        assertEquals(new Result(128 + 9, "", ""), play.sender(), scenario + ": the sender");
    }

    @Test
    void everySenderToEveryReceiverWithATtl() throws Exception {
        for (Build senderBuild : Build.values()) {
            for (Build receiverBuild : Build.values()) {
                play(senderBuild, receiverBuild, "from-" + senderBuild, "3");
            }
        }
    }

    @Test
    void withoutATtlTheDefaultOne() throws Exception {
        play(Build.C, Build.JAVA, "default-ttl");
        play(Build.JAVA, Build.C, "default-ttl");
    }

    @Test
    void aTtlOf256IsItsLow8Bits() throws Exception {
        // unsigned char multicastTTL = atoi("256") is 0: a TTL of 0 stays on this host, where the
        // loopback of multicast still delivers it. A 256 passed on as such would fail setsockopt().
        play(Build.C, Build.JAVA, "ttl-256", "256");
        play(Build.JAVA, Build.C, "ttl-256", "256");
    }

    @Test
    void anEmptyStringIsADatagramOf0Bytes() throws Exception {
        play(Build.C, Build.JAVA, "", "1");
        play(Build.JAVA, Build.C, "", "1");
    }

    @Test
    void aMalformedGroupForTheSender() throws Exception {
        // inet_addr() makes 999.1.1.1 INADDR_NONE, 255.255.255.255, a broadcast address: without
        // SO_BROADCAST the kernel refuses the first sendto(), so nothing is sent
        Result r = both("sender to 999.1.1.1", List.of(), SENDER, "999.1.1.1", Integer.toString(Twins.freePort()), "hello");
        assertEquals(1, r.status());
        assertEquals("", r.stdout());
        assertTrue(r.stderr().startsWith("sendto() sent a different number of bytes than expected: "), r.stderr());
    }

    @Test
    void aMalformedGroupForTheReceiver() throws Exception {
        // 255.255.255.255 is no multicast group: IP_ADD_MEMBERSHIP fails, and nothing is joined
        Result r = both("receiver of 999.1.1.1", List.of(), RECEIVER, "999.1.1.1", Integer.toString(Twins.freePort()));
        assertEquals(new Result(1, "", "setsockopt() failed: Invalid argument\n"), r);
    }

    @Test
    void aReceiverPortInUse() throws Exception {
        List<String> ns = inNamespace();
        int port = Twins.freePort();
        // a C receiver holds the port, waiting; the two receivers after it cannot bind it
        try (Running holder = Datagrams.startReceiver(ns, Build.C, RECEIVER, port, GROUP, Integer.toString(port))) {
            Result r = both("port " + port + " in use", ns, RECEIVER, GROUP, Integer.toString(port));
            assertEquals(new Result(1, "", "bind() failed: Address already in use\n"), r);
            assertTrue(holder.alive(), "the holder still waits for its datagram");
        }
    }
}
