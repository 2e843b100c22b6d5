/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.stress;

import io.github.panamasockets.testkit.Build;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The short version of bin/stress's multitasking rows (issue 13), in every build: the thread
 * server, the SIGCHLD fork server and ForkN (4 long-lived children), each C then Java in the same
 * run, {@value #CONNECTIONS} connections from 16 clients at once, the Java server's JVM under GC
 * pressure. Every row: no hung child (ForkN: every child alive and back in accept()), no lost
 * echo, no client error, descriptors as at the start, no thread more, no zombie beyond C's (the
 * SIGCHLD server is left none: its handler reaps as each child ends), and for Java, real GCs.
 * The long rows (10,000 connections, quiet and GC-pressured) are bin/stress --long.
 */
@Timeout(900)
class MultitaskingStressTest {

    static final int CONNECTIONS = 500;

    private static Path root;
    private static Stress.Options options;

    @BeforeAll
    static void prepare() throws Exception {
        root = Root.find();
        Root.buildNative(root);
        options = Stress.Options.defaults(root.resolve("stress/target/stress-work-multitasking"));
    }

    @ParameterizedTest
    @EnumSource(value = Program.class, names = {"THREAD", "FORK_SIGCHLD", "FORKN"})
    void sixteenClientsAtOnceJavaUnderGcPressureBesideC(Program program) throws Exception {
        Stress.Row c = Stress.runRow(root, options, program, Build.C, "gc", 16, CONNECTIONS);
        Stress.Row java = Stress.runRow(root, options, program, Build.JAVA, "gc", 16, CONNECTIONS);
        System.out.println(Stress.table(List.of(c, java)));
        assertClean(c, c);
        assertClean(java, c);
        StressAssertions.underGcPressure(java);
    }

    private static void assertClean(Stress.Row row, Stress.Row cRow) {
        StressRun.Result r = row.result();
        StressRun.Result cr = cRow.result();
        String label = Stress.label(row);
        assertAll(label,
                () -> assertEquals(0, r.hung(), label + ": hung " + r.hungDetails()),
                () -> assertEquals(0, r.lost(), label + ": lost echoes " + r.errorDetails()),
                () -> assertEquals(0, r.errors(), label + ": client errors " + r.errorDetails()),
                () -> assertEquals(CONNECTIONS, r.connections(), label + ": connections"),
                () -> assertEquals(r.fdsBefore(), r.fdsAfter(), label + ": the server's open descriptors"),
                () -> assertTrue(r.threadsAfter() >= 0 && r.threadsAfter() <= r.threadsBefore(),
                        label + ": threads " + r.threadsBefore() + " -> " + r.threadsAfter()),
                () -> assertTrue(r.zombiesAtEnd() <= cr.zombiesAtEnd(), label + ": zombies at the end "
                        + r.zombiesAtEnd() + ", C's " + cr.zombiesAtEnd()),
                () -> assertTrue(r.zombiesAfterNextAccept() <= cr.zombiesAfterNextAccept(), label
                        + ": zombies after one more client " + r.zombiesAfterNextAccept() + ", C's " + cr.zombiesAfterNextAccept()),
                () -> assertTrue(r.program() != Program.FORK_SIGCHLD || r.zombiesAtEnd() + r.zombiesAfterNextAccept() == 0,
                        label + ": the SIGCHLD handler leaves no zombie, but " + r.zombiesAtEnd() + " at the end, "
                                + r.zombiesAfterNextAccept() + " after one more client"),
                () -> assertEquals("", row.stderr(), label + ": the server's stderr"));
    }

}
