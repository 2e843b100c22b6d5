/* GenericModeTest.java: strace-compare --c/--java on pairs the tool has no scenario for, and its usage errors.
 * SPDX-License-Identifier: Apache-2.0 */
package io.github.panamasockets.strace;

import io.github.panamasockets.testkit.Ports;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The generic mode on two pairs no scenario names: the TCP echo programs invoked by path (the
 * server, with a C client played against it), and bindings/example's UDP echo server against its
 * C twin (src/test/c/UdpEchoServer.c), with the example's UDP client played against it. Needs what
 * ScenariosTest needs, plus gcc and the JDK's compiler.
 */
class GenericModeTest {

    private static Workspace ws;

    private record Run(int status, String out, String err) {
    }

    @BeforeAll
    static void prepare() {
        try {
            ws = Workspace.find(Path.of(System.getProperty("basedir", ".")));
            new ScenarioRunner(ws, 70).prepare(); // native/build and the Java twins' classes (the bindings' too)
        } catch (EnvironmentException e) {
            fail("strace-compare cannot run here: " + e.getMessage());
        }
    }

    private static Run main(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static String path(String relative) {
        return ws.root.resolve(relative).toString();
    }

    /** A JVM run as the twins' launchers run it (twin.sh's flags), on {@code classpath}. */
    private static String java(String classpath) {
        return Path.of(System.getProperty("java.home"), "bin", "java") + " --enable-native-access=ALL-UNNAMED"
                + " -XX:+UseSerialGC -XX:-UsePerfData -Xrs -XX:+DisplayVMOutputToStderr -XX:+DisableAttachMechanism"
                + " -cp " + classpath;
    }

    @Test
    void theTcpServerInvokedByPathWithAClientPlayedAgainstIt() {
        int port = Ports.free();
        Run r = main("--c", path("native/build/TCPEchoServer") + " " + port,
                "--java", path("echo/bin/TCPEchoServer") + " " + port,
                "--then", path("native/build/TCPEchoClient") + " 127.0.0.1 hello " + port, "--width", "70");
        assertEquals(0, r.status(), r.out() + r.err());
        assertFalse(r.out().contains("problem:"), r.out());
        assertTrue(r.out().contains("recvfrom(A1, \"hello\", 32, 0, NULL, NULL) = 5"), r.out());
        assertTrue(r.out().contains("+++ killed by SIGTERM +++"), r.out());
        assertTrue(r.out().contains("verdict: identical"), r.out());
    }

    @Test
    void theUdpExampleServerAgainstItsCTwinThePortFromTheLastArgument() throws Exception {
        Path dir = ws.root.resolve("strace/target/generic-example");
        Path classes = compileExample(dir);
        Path server = compileC(dir, "UdpEchoServer");
        String cp = classes + ":" + path("bindings/target/classes");
        int port = Drivers.freePort(true);
        Run r = main("--c", server + " " + port,
                "--java", java(cp) + " example.UdpEchoServer " + port,
                "--then", java(cp) + " example.UdpEchoClient 127.0.0.1 hello " + port, "--width", "150");
        assertEquals(0, r.status(), r.out() + r.err());
        assertFalse(r.out().contains("problem:"), r.out());
        assertTrue(r.out().contains("socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP) = S1"), r.out());
        assertTrue(r.out().contains("recvfrom(S1, \"hello\", 255, 0, {sa_family=AF_INET, sin_port=htons(EPHEMERAL)"), r.out());
        assertTrue(r.out().contains("verdict: identical"), r.out());
    }

    @Test
    void aDifferentPairIsReportedWithStatusOne() {
        // the iterative server's usage line against the fork server's: the program name differs in the message
        Run r = main("--c", path("native/build/TCPEchoServer"), "--java", path("echo/bin/TCPEchoServer-Fork"));
        assertEquals(1, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("verdict: different, first at line 2"), r.out());
        assertTrue(r.out().contains(">> write(2, \"Usage: "), r.out());
    }

    @Test
    void aCommandStillRunningAtTheTimeoutIsKilledAndThatIsReported() {
        Run r = main("--c", "sleep 60", "--java", "true", "--timeout", "1");
        assertEquals(1, r.status(), r.out() + r.err());
        assertTrue(r.out().matches("(?s).*problem: C: did not end within 1 s; killed \\(SIGKILL to pid \\d+\\).*"), r.out());
        assertTrue(r.out().contains("+++ killed by SIGKILL +++"), r.out());
        assertTrue(r.out().contains("+++ exited with 0 +++"), r.out());
        assertEquals(List.of(), ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .map(h -> h.pid() + " " + h.info().commandLine().orElse("?")).toList());
    }

    @Test
    void usageErrorsHaveStatusTwo() {
        assertEquals(2, main("--c", "true").status());                                  // no --java
        assertEquals(2, main("--c", "true", "--java", "true", "--port", "x").status());
        assertEquals(2, main("--c", "true", "--java", "true", "--timeout", "0").status());
        assertEquals(2, main("--c", "true", "--java", "true", "client").status());      // a scenario too
        assertEquals(2, main("--c", "'true", "--java", "true").status());               // an unclosed quote
        Run missing = main("--c", "./no/such/program", "--java", "true");
        assertEquals(2, missing.status());
        assertTrue(missing.err().contains("./no/such/program is not an executable file"), missing.err());
        Run noPort = main("--c", "true", "--java", "true", "--then", "true");
        assertEquals(2, noPort.status());
        assertTrue(noPort.err().contains("--then needs the server's port"), noPort.err());
    }

    @Test
    void commandsAreSplitIntoWordsAndThePortIsTheLastNumber() {
        assertEquals(List.of("a", "b c", "d\"e", "f"), GenericRun.words(" a 'b c'  \"d\\\"e\" f "));
        assertEquals(List.of("x", ""), GenericRun.words("x ''"));
        assertThrows(IllegalArgumentException.class, () -> GenericRun.words("   "));
        assertEquals(7, GenericRun.lastPort(List.of("./TCPEchoServer", "7")));
        assertEquals(24567, GenericRun.lastPort(List.of("java", "-Xss1m", "-cp", "x", "Main", "24567", "hello")));
        assertNull(GenericRun.lastPort(List.of("./TCPEchoClient", "127.0.0.1", "hello")));
        assertNull(GenericRun.lastPort(List.of("42")));      // the program itself is not an argument
        assertNull(GenericRun.lastPort(List.of("x", "70000")));
    }

    private static Path compileExample(Path dir) throws IOException {
        Path out = dir.resolve("classes");
        Files.createDirectories(out);
        List<String> sources;
        try (Stream<Path> s = Files.list(ws.root.resolve("bindings/example/src/main/java/example"))) {
            sources = s.map(Path::toString).filter(n -> n.endsWith(".java")).toList();
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> args = new ArrayList<>(List.of("-d", out.toString(), "-cp", path("bindings/target/classes")));
        args.addAll(sources);
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int status = javac.run(null, diagnostics, diagnostics, args.toArray(String[]::new));
        assertEquals(0, status, diagnostics.toString(StandardCharsets.UTF_8));
        return out;
    }

    private static Path compileC(Path dir, String name) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path exe = dir.resolve(name);
        Process p = new ProcessBuilder("gcc", "-Wall", "-Wextra", "-O2", "-o", exe.toString(),
                ws.root.resolve("strace/src/test/c/" + name + ".c").toString()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "gcc did not finish");
        assertEquals(0, p.exitValue(), log);
        return exe;
    }
}
