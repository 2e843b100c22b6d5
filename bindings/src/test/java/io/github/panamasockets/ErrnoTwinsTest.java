/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.github.panamasockets.Sockets.*;
import static java.lang.foreign.MemorySegment.NULL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * The errno twins against C: for each function of ErrnoCases (and errno_cases.c), the same failing
 * call leaves the same errno in Java as in C; the JVM's own work after the call does not change
 * it, and calls that succeed after it leave it as it was, as in C.
 */
class ErrnoTwinsTest {

    @TempDir
    static Path work;
    static Path cCases;
    /** C's errno after each case's call, by function name, in the C program's order (-1: the call did not fail). */
    static Map<String, Long> cErrno;

    @BeforeAll
    static void runTheCTwin() throws Exception {
        cCases = NativeProbe.compile("errno_cases", work);
        NativeProbe.Result c = NativeProbe.run(List.of(cCases.toString()));
        assertEquals(0, c.status(), c.stderr());
        cErrno = NativeProbe.keyValues(c.stdout());
    }

    @Test
    void bothSidesMakeTheSameCasesOfTheErrnoList() throws Exception {
        List<String> java = ErrnoCases.CASES.stream().map(ErrnoCases.Case::name).toList();
        assertEquals(List.copyOf(cErrno.keySet()), java);
        assertTrue(java.size() >= 20, "only " + java.size() + " cases");
        Set<String> listed;
        try (Stream<String> lines = Files.lines(NativeProbe.MODULE.resolve("errno.list"))) {
            listed = lines.filter(l -> !l.isBlank() && !l.startsWith("#"))
                    .map(l -> l.trim().split("\\s+")[0]).collect(Collectors.toSet());
        }
        assertTrue(listed.containsAll(java), "not in errno.list: "
                + java.stream().filter(n -> !listed.contains(n)).toList());
    }

    @Test
    void theJvmsWorkDoesOverwriteTheRealErrno() throws Exception {
        // without this the checks below would prove nothing: the noise must reach libc's errno
        JvmNoise.realErrno(0);
        JvmNoise.make();
        assertNotEquals(0, JvmNoise.realErrno());
    }

    @TestFactory
    Stream<DynamicTest> eachTwinLeavesCsErrno() {
        return ErrnoCases.CASES.stream().map(c -> dynamicTest(c.name(), () -> sameAsC(c)));
    }

    private static void sameAsC(ErrnoCases.Case c) throws Exception {
        long expected = cErrno.get(c.name());
        assertNotEquals(-1L, expected, c.name() + " did not fail in C");
        JvmNoise.leaveEnoent();                  // a twin must not take the JVM's errno for its own
        boolean failed = ErrnoCases.run(c);
        int kept = errno();
        JvmNoise.make();
        int afterNoise = errno();
        succeed();
        int afterSuccess = errno();

        assertTrue(failed, c.name() + " did not fail in Java");
        assertEquals(expected, kept, c.name() + ": errno() after the twin, against C's errno after the call");
        assertEquals(kept, afterNoise, c.name() + ": the JVM's own work changed errno()");
        assertEquals(kept, afterSuccess, c.name() + ": calls that succeeded changed errno()");
    }

    /** Twins that succeed, of each condition kind of errno.list: none may change errno(). */
    private static void succeed() {
        int fd = socket(AF_INET(), SOCK_DGRAM(), 0);                 // negative
        assertTrue(fd >= 0);
        assertTrue(fcntl(fd, F_GETFL()) >= 0);                        // negative, variadic
        // right before strtol: linking it the first time makes the JVM work (safepoints) just as
        // strtol is called, which once changed errno between a Java write of it and the call
        try (Arena arena = Arena.ofConfined()) {
            assertEquals(2, snprintf.makeInvoker(C_INT).apply(arena.allocate(8), 8, C("%d"), 42)); // negative, variadic
        }
        assertEquals(42, strtol(C("42"), NULL, 10));                  // always
        MemorySegment p = malloc(16);                                 // null
        assertNotEquals(0, p.address());
        free(p);
        assertEquals(0, close(fd));
    }

    @Test
    void theFirstCallOfAnAlwaysTwinLeavesErrnoAsItWas() throws Exception {
        // a JVM of its own: only there is each call surely the first, whose linking loads classes
        NativeProbe.Result java = NativeProbe.java(ErrnoCases.class, List.of(), "first-always");
        assertEquals(0, java.status(), java.stderr());
        Map<String, Long> seen = NativeProbe.keyValues(java.stdout());
        assertEquals(List.of("strtol", "fwrite", "fread", "fgets"), List.copyOf(seen.keySet()), java.stdout());
        seen.forEach((name, errno) -> assertEquals((long) EBADF(), errno,
                "errno() after the first, successful " + name + "(), following close(-1)"));
    }

    @TestFactory
    Stream<DynamicTest> perrorPrintsCsMessage() {
        return Stream.of("connect", "inet_ntop", "sigaction", "printf").map(name -> dynamicTest(name, () -> {
            NativeProbe.Result c = NativeProbe.run(List.of(cCases.toString(), "perror", name));
            NativeProbe.Result java = NativeProbe.java(ErrnoCases.class, List.of(), "perror", name);
            assertTrue(c.stderr().startsWith(name + ": ") && !c.stderr().contains("Success"), c.stderr());
            assertEquals(c.stderr(), java.stderr());
            assertEquals(c.stdout(), java.stdout());
            assertEquals(c.status(), java.status());
        }));
    }
}
