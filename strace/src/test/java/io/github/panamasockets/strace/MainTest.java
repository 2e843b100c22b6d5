/* MainTest.java: the command line's usage errors and exit statuses, and the environment check's messages.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.strace;

import io.github.panamasockets.testkit.Build;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MainTest {

    private record Run(int status, String out, String err) {
    }

    private static Run main(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void noArgumentsIsAUsageError() {
        Run r = main();
        assertEquals(2, r.status());
        assertTrue(r.err().startsWith("usage: bin/strace-compare"), r.err());
    }

    @Test
    void anUnknownScenarioIsAUsageError() {
        Run r = main("no-such-scenario");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("no scenario 'no-such-scenario'"), r.err());
    }

    @Test
    void allAndAScenarioTogetherIsAUsageError() {
        assertEquals(2, main("--all", "client").status());
        assertEquals(2, main("--width").status());
    }

    @Test
    void listNamesEveryScenario() {
        Run r = main("--list");
        assertEquals(0, r.status());
        for (Scenario s : Scenario.values()) {
            assertTrue(r.out().contains(s.id + " "), s.id);
        }
    }

    @Test
    void withoutStraceTheMessageSaysHowToInstallIt() {
        EnvironmentException e = assertThrows(EnvironmentException.class,
                () -> StraceEnvironment.check("/nonexistent/strace"));
        assertEquals("strace not found: install it with 'apt-get install strace'", e.getMessage());
    }

    @Test
    void whenTracingFailsTheMessageSaysPtraceIsNotPermitted() {
        // a "strace" that fails the way strace fails without ptrace: exit status 1
        EnvironmentException e = assertThrows(EnvironmentException.class, () -> StraceEnvironment.check("/bin/false"));
        assertTrue(e.getMessage().startsWith("strace cannot trace here ("), e.getMessage());
        assertTrue(e.getMessage().contains("ptrace is not permitted") && e.getMessage().contains("apt-get install strace"),
                e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void aScenarioWhoseProgramIsNotBuiltIsSkippedWithThoseWordsNotFailed() throws Exception {
        Workspace ws = Workspace.find(java.nio.file.Path.of(System.getProperty("basedir", ".")));
        Scenario s = new Scenario("not-yet", "NoSuchEchoProgram", Scenario.Play.UDP_CLIENT, "UDPNoSuchServer",
                java.util.List.of(Scenario.PORT), java.util.List.of("127.0.0.1", Scenario.WORD, Scenario.PORT),
                java.util.List.of("hello"), "a scenario for programs that do not exist");
        assertEquals(java.util.List.of("native/build/NoSuchEchoProgram", "native/build/UDPNoSuchServer",
                "echo/bin/NoSuchEchoProgram"), s.missing(ws.root));
        ScenarioResult r = new ScenarioRunner(ws, 64).run(s); // skipped before anything is traced
        assertEquals("not built", r.word());
        assertTrue(r.passed());
        assertTrue(r.report().startsWith("== not-yet: not built (native/build/NoSuchEchoProgram, "), r.report());
        assertTrue(r.report().contains("skipped"), r.report());
        String table = Main.table(java.util.List.of(r), ws);
        assertTrue(table.contains("not built"), table);
        assertTrue(table.contains("0 of 0 identical (1 not built, skipped)"), table);
    }

    @Test
    void aScenarioThatCannotBePlayedHereIsSkippedSayingWhyNotFailed() throws Exception {
        Workspace ws = Workspace.find(java.nio.file.Path.of(System.getProperty("basedir", ".")));
        ScenarioResult r = ScenarioResult.skipped(Scenario.MULTICAST_SENDER, "needs a network namespace (unshare -n: denied)");
        assertEquals("skipped", r.word());
        assertTrue(r.passed());
        assertEquals("== multicast-sender: skipped: needs a network namespace (unshare -n: denied)\n", r.report());
        String table = Main.table(java.util.List.of(r), ws);
        assertTrue(table.contains("0 of 0 identical (1 not playable here, skipped)"), table);
    }

    @Test
    void everyNewProgramPairHasAScenarioInAll() {
        java.util.Set<String> traced = new java.util.HashSet<>();
        Scenario.values().forEach(s -> traced.add(s.program));
        for (String p : java.util.List.of("UDPEchoClient", "UDPEchoServer", "BroadcastSender", "BroadcastReceiver",
                "MulticastSender", "MulticastReceiver", "ed2/TCPEchoClient4", "ed2/TCPEchoServer4", "ed2/TCPEchoServer6",
                "ed2/TCPEchoClient", "ed2/TCPEchoServer", "ed2/GetAddrInfo", "ed2/UDPEchoClient", "ed2/UDPEchoServer",
                "ed2/VoteClientTCP", "ed2/VoteServerTCP", "ed2/VoteClientTCP-bin", "ed2/VoteServerTCP-bin")) {
            assertTrue(traced.contains(p), p + " is traced by no scenario");
        }
        assertTrue(Scenario.MULTICAST_SENDER.namespace && Scenario.MULTICAST_RECEIVER.namespace);
    }

    @Test
    void theThreadAndSelectServersHaveScenariosInAll() {
        java.util.Set<String> ids = new java.util.HashSet<>(Scenario.ids());
        for (String id : java.util.List.of("thread-server", "select-server", "select-server-timeout", "usage-thread-server",
                "usage-select-server")) {
            assertTrue(ids.contains(id), id + " is not in --all");
        }
        // the select server's second port: {port2}, filled by its driver, shown as PORT2
        assertEquals(java.util.List.of("60", "4242", Scenario.PORT2), Scenario.fill(Scenario.SELECT_SERVER.args, 4242, "x"));
    }

    @Test
    void theScenariosAreDataWithCommandsDerivedFromTheProgramName() {
        assertEquals("native/build/ed2/UDPEchoClient", Build.C.program(Scenario.ED2_UDP_CLIENT.program));
        assertEquals("echo/bin/ed2/UDPEchoClient", Build.JAVA.program(Scenario.ED2_UDP_CLIENT.program));
        assertEquals("UDPEchoClient", Scenario.fileName(Scenario.ED2_UDP_CLIENT.program));
        assertEquals("ed2", Scenario.subdir(Scenario.ED2_UDP_CLIENT.program));
        assertEquals(java.util.List.of("127.0.0.1", "hello", "4242"),
                Scenario.fill(Scenario.CLIENT.args, 4242, "hello"));
        // {word...}: the word's parts, each an argument (the vote server's second client asks, with "I")
        assertEquals(java.util.List.of("127.0.0.1", "4242", "7", "I"),
                Scenario.fill(Scenario.ED2_VOTE_SERVER.partnerArgs, 4242, "7 I"));
        assertEquals(java.util.List.of("127.0.0.1", "4242", "7"),
                Scenario.fill(Scenario.ED2_VOTE_SERVER.partnerArgs, 4242, "7"));
        assertEquals(java.util.List.of("7 I"), Scenario.fill(java.util.List.of(Scenario.WORD), 4242, "7 I"));
        assertEquals(Scenario.ids().size(), new java.util.HashSet<>(Scenario.ids()).size(), "ids are unique");
    }
}
