/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.echo;

import io.github.panamasockets.echo.Twins.Result;
import io.github.panamasockets.testkit.Build;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.github.panamasockets.echo.Twins.assertSameResult;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The client and the servers as shipped, after mvn package: the launchers run target/twins.jar
 * with the CDS archives that package made from training runs on it (echo/bin/lib/aot-train, the
 * client's; echo/bin/lib/aot-train-servers, the servers' one), and the programs are still C's twins. Runs in the integration-test phase, when the jar and the archive exist.
 */
@Timeout(120)
class LauncherArchiveIT {

    private static final Path JAR = Twins.ROOT.resolve("echo/target/twins.jar");
    private static final Path ARCHIVE = Twins.ROOT.resolve("echo/target/aot/TCPEchoClient.jsa");
    private static final Path SERVERS_ARCHIVE = Twins.ROOT.resolve("echo/target/aot/servers.jsa");

    @RegisterExtension
    static final CEchoServer C_SERVER = CEchoServer.tcp();

    @TempDir
    static Path work;

    @Test
    void packageMadeAnArchiveFromTheJar() throws Exception {
        assertTrue(Files.isRegularFile(JAR), JAR + " missing");
        assertTrue(Files.size(ARCHIVE) > 0, ARCHIVE + " empty");
        assertTrue(Files.getLastModifiedTime(ARCHIVE).compareTo(Files.getLastModifiedTime(JAR)) > 0,
                "the archive is older than the jar: made from another jar");
    }

    @Test
    void theClientStartsFromTheArchiveAndStaysCsTwin() throws Exception {
        // the JVM's class-loading log (to a file: stdout and stderr are compared with C's) names
        // where each class came from; "shared objects file" is the archive
        Path log = work.resolve("class-load.log");
        assertTrue(!log.toString().contains(" "), "TWIN_JAVA_OPTIONS is split on blanks");
        Result java = Twins.shell(Build.JAVA, "TWIN_JAVA_OPTIONS='-Xlog:class+load:file=" + log
                + "' exec ./TCPEchoClient 127.0.0.1 hello " + C_SERVER.port());
        Result c = Twins.client(Build.C, "127.0.0.1", "hello", C_SERVER.port());
        assertSameResult("client from its archive", c, java);
        assertEquals("Received: hello\n", java.stdout());
        List<String> loaded = Files.readAllLines(log);
        assertTrue(loaded.stream().anyMatch(l -> l.endsWith("io.github.panamasockets.echo.TCPEchoClient source: shared objects file")),
                "TCPEchoClient was not loaded from the archive: "
                        + loaded.stream().filter(l -> l.contains("panamasockets")).limit(5).toList());
        assertTrue(loaded.stream().anyMatch(l -> l.endsWith("io.github.panamasockets.Errno source: shared objects file")),
                "the bindings were not loaded from the archive");
        // what the archive is for: the direct method-handle forms the client resolves were
        // generated into it at dump time, so none is spun at run time (the AOT cache spins ~70)
        List<String> spun = loaded.stream().filter(l -> l.contains("java.lang.invoke.LambdaForm$DMH/")).toList();
        assertEquals(List.of(), spun, "LambdaForm$DMH classes spun at run time: the archive's holders lack them");
    }

    @ParameterizedTest
    @ValueSource(strings = {"TCPEchoServer", "TCPEchoServer-Fork", "TCPEchoServer-Fork-SIGCHLD", "TCPEchoServer-ForkN",
            "TCPEchoServer-Thread", "TCPEchoServer-Select", "EpollEchoServer", "UDPEchoServer", "UDPEchoServer-SIGIO",
            "ed2/TCPEchoServer", "ed2/TCPEchoServer4", "ed2/TCPEchoServer6", "ed2/UDPEchoServer"})
    void eachServerStartsFromTheServersArchiveAndStaysCsTwin(String server) throws Exception {
        assertTrue(Files.getLastModifiedTime(SERVERS_ARCHIVE).compareTo(Files.getLastModifiedTime(JAR)) > 0,
                "the servers' archive is older than the jar: made from another jar");
        // with no argument: the usage line and exit status 1, compared with C's, after main's
        // class and the bindings were loaded
        Path log = work.resolve(server.replace('/', '_') + "-class-load.log");
        Result java = Twins.run(List.of("env", "TWIN_JAVA_OPTIONS=-Xlog:class+load:file=" + log, "./" + server),
                Twins.dir(Build.JAVA), Twins.RUN_LIMIT);
        Result c = Twins.program(Build.C, server);
        assertSameResult(server + " from the servers' archive", c, java);
        List<String> ours = Files.readAllLines(log).stream().filter(l -> l.contains(" io.github.panamasockets.")).toList();
        assertTrue(ours.stream().anyMatch(l -> l.endsWith("io.github.panamasockets.Sockets source: shared objects file")),
                server + ": the bindings were not loaded from the servers' archive: " + ours.stream().limit(5).toList());
        // every class of the jar from the archive (hidden classes, "Name/0x...", are spun at run time: no archive has them)
        assertEquals(List.of(), ours.stream().filter(l -> !l.endsWith("source: shared objects file") && !l.contains("/0x")).toList(),
                server + ": classes of the twins or the bindings not loaded from the servers' archive");
    }
}
