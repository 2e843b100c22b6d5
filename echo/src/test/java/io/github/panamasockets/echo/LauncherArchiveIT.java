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

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.github.panamasockets.echo.Twins.assertSameResult;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The client as shipped, after mvn package: the launcher runs target/twins.jar with the CDS
 * archive that package made from a training run on it (echo/bin/lib/aot-train), and the program
 * is still C's twin. Runs in the integration-test phase, when the jar and the archive exist.
 */
@Timeout(120)
class LauncherArchiveIT {

    private static final Path JAR = Twins.ROOT.resolve("echo/target/twins.jar");
    private static final Path ARCHIVE = Twins.ROOT.resolve("echo/target/aot/TCPEchoClient.jsa");

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
}
