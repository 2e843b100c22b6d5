/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.echo;

import io.github.panamasockets.echo.Twins.Build;
import io.github.panamasockets.echo.Twins.Result;
import io.github.panamasockets.echo.Twins.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.github.panamasockets.echo.Twins.assertSameResult;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The client as shipped, after mvn package: the launcher runs target/twins.jar with the AOT
 * cache that package trained on it (echo/bin/lib/aot-train), and the program is still C's twin.
 * Runs in the integration-test phase, when the jar and the cache exist.
 */
@Timeout(120)
class LauncherAotIT {

    private static final Path JAR = Twins.ROOT.resolve("echo/target/twins.jar");
    private static final Path CACHE = Twins.ROOT.resolve("echo/target/aot/TCPEchoClient.aot");

    static Server server;
    static String port;

    @TempDir
    static Path work;

    @BeforeAll
    static void startServer() throws Exception {
        Twins.prepare();
        server = Server.start(Build.C, Twins.SERVER, true);
        port = Integer.toString(server.port);
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.kill();
            server.assertNothingLeft();
        }
    }

    @Test
    void packageTrainedACacheOnTheJar() throws Exception {
        assertTrue(Files.isRegularFile(JAR), JAR + " missing");
        assertTrue(Files.size(CACHE) > 0, CACHE + " empty");
        assertTrue(Files.getLastModifiedTime(CACHE).compareTo(Files.getLastModifiedTime(JAR)) > 0,
                "the cache is older than the jar: trained on another jar");
    }

    @Test
    void theClientStartsFromTheCacheAndStaysCsTwin() throws Exception {
        // the JVM's class-loading log (to a file: stdout and stderr are compared with C's) names
        // where each class came from; "shared objects file" is the AOT cache
        Path log = work.resolve("class-load.log");
        assertTrue(!log.toString().contains(" "), "TWIN_JAVA_OPTIONS is split on blanks");
        Result java = Twins.shell(Build.JAVA, "TWIN_JAVA_OPTIONS='-Xlog:class+load:file=" + log
                + "' exec ./TCPEchoClient 127.0.0.1 hello " + port);
        Result c = Twins.client(Build.C, "127.0.0.1", "hello", port);
        assertSameResult("client from the AOT cache", c, java);
        assertEquals("Received: hello\n", java.stdout());
        String loaded = Files.readString(log);
        assertTrue(loaded.contains("io.github.panamasockets.echo.TCPEchoClient source: shared objects file"),
                "TCPEchoClient was not loaded from the AOT cache:\n"
                        + loaded.lines().filter(l -> l.contains("panamasockets")).limit(5).toList());
        assertTrue(loaded.contains("io.github.panamasockets.Errno source: shared objects file"),
                "the bindings were not loaded from the AOT cache");
    }
}
