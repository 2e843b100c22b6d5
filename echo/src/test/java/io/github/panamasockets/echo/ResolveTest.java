/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.echo;

import io.github.panamasockets.echo.Twins.Result;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static io.github.panamasockets.echo.Twins.assertSameResult;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The 1st edition's ResolveName() and ResolveService(), functions and not programs: each is
 * called by a driver (echo/src/test/c/ResolveDriver.c linked with native/ResolveName.c and
 * native/ResolveService.c; its twin ResolveDriver.java calling the Java functions, in a JVM of
 * its own, since both functions may exit()), and the two drivers must print the same bytes and
 * end with the same status.
 */
@Timeout(120)
class ResolveTest {

    private static Path cDriver;

    @BeforeAll
    static void build() throws Exception {
        Twins.prepare();  // make -C native: builds native/build/obj/Resolve{Name,Service}.o
        Path dir = Twins.ROOT.resolve("echo/target/resolve");
        Files.createDirectories(dir);
        cDriver = dir.resolve("ResolveDriver");
        Path obj = Twins.ROOT.resolve("native/build/obj");
        Result gcc = Twins.run(List.of("gcc", "-Wall", "-Wextra", "-Werror", "-o", cDriver.toString(),
                Twins.ROOT.resolve("echo/src/test/c/ResolveDriver.c").toString(),
                obj.resolve("ResolveName.o").toString(), obj.resolve("ResolveService.o").toString()),
                dir, Twins.RUN_LIMIT);
        assertEquals(0, gcc.status(), "gcc: " + gcc.stderr());
    }

    private static Result c(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("./ResolveDriver"));
        command.addAll(List.of(args));
        return Twins.run(command, cDriver.getParent(), Twins.RUN_LIMIT);
    }

    /** ResolveDriver.java with the launchers' JVM flags (echo/bin/lib/twin.sh), so the JVM prints nothing of its own. */
    private static Result java(String... args) throws Exception {
        Path root = Twins.ROOT;
        String classPath = String.join(":", root.resolve("echo/target/test-classes").toString(),
                root.resolve("echo/target/classes").toString(), root.resolve("bindings/target/classes").toString());
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC", "-XX:-UsePerfData", "-Xrs",
                "-XX:+DisplayVMOutputToStderr", "-XX:+DisableAttachMechanism", "-XX:TieredStopAtLevel=1",
                "-cp", classPath, ResolveDriver.class.getName(), "./ResolveDriver"));
        command.addAll(List.of(args));
        return Twins.run(command, cDriver.getParent(), Twins.RUN_LIMIT);
    }

    private static Result both(String scenario, String... args) throws Exception {
        Result c = c(args);
        Result java = java(args);
        assertSameResult(scenario, c, java);
        return java;
    }

    /** "VALUE READABLE\n" from a driver that succeeded: the readable field. */
    private static String readable(Result r) {
        assertEquals(0, r.status(), r.stderr());
        assertEquals("", r.stderr());
        assertTrue(Pattern.matches("\\d+ \\S+\n", r.stdout()), r.stdout());
        return r.stdout().substring(r.stdout().indexOf(' ') + 1, r.stdout().length() - 1);
    }

    @Test
    void aDottedQuadIsItsOwnAddress() throws Exception {
        assertEquals("127.0.0.1", readable(both("name 127.0.0.1", "name", "127.0.0.1")));
    }

    @Test
    void localhostResolvesToALoopbackAddress() throws Exception {
        assertTrue(readable(both("name localhost", "name", "localhost")).startsWith("127."));
    }

    @Test
    void anUnknownNameExits1() throws Exception {
        // longer than DNS allows: fails without a name server query
        Result r = both("name " + OnlyLoopback.UNKNOWN_HOST, "name", OnlyLoopback.UNKNOWN_HOST);
        assertEquals(new Result(1, "", "gethostbyname() failed\n"), r);
    }

    @Test
    void aNumericPortIsTakenAsItIs() throws Exception {
        Result r = both("service 7 tcp", "service", "7", "tcp");
        assertEquals("7", readable(r));
    }

    @Test
    void aServiceNameIsLookedUp() throws Exception {
        String services = Files.readString(Path.of("/etc/services"));
        assumeTrue(Pattern.compile("(?m)^echo\\s+7/udp\\b").matcher(services).find(),
                "assumes /etc/services names echo 7/udp");
        Result byName = both("service echo udp", "service", "echo", "udp");
        assertEquals("7", readable(byName));
        // the name and the number give the same network-order value
        assertEquals(both("service 7 udp", "service", "7", "udp").stdout(), byName.stdout());
    }

    @Test
    void anUnknownServiceExits1() throws Exception {
        Result r = both("service no-such-service tcp", "service", "no-such-service", "tcp");
        assertEquals(new Result(1, "", "getservbyname() failed\n"), r);
    }
}
