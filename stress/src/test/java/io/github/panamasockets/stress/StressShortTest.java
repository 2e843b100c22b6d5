/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.stress;

import io.github.panamasockets.testkit.Build;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The short version of bin/stress, in every build: 550 connections to the Java fork server whose
 * JVM is under GC pressure (250 one after another, 300 from 16 clients at once), then the same
 * load on the C fork server. Every row must have no hung child, no lost echo, no client error,
 * as many descriptors in the parent at the end as at the start, zombies only as C leaves them
 * (those ended since the last accept, all reaped at the next one), and, for Java, GCs that
 * really happened. The long run (10,000 connections a row, quiet and GC-pressured) is
 * bin/stress --long.
 */
@Timeout(600)
class StressShortTest {

    private static Path root;
    private static Stress.Options options;

    @BeforeAll
    static void prepare() throws Exception {
        root = Root.find();
        Root.buildNative(root);
        options = Stress.Options.defaults(root.resolve("stress/target/stress-work-test"));
    }

    private static List<Stress.Row> rows(Build build, String mode) throws Exception {
        List<Stress.Row> rows = new ArrayList<>();
        rows.add(Stress.runRow(root, options, build, mode, 1, 250));
        rows.add(Stress.runRow(root, options, build, mode, 16, 300));
        System.out.println(Stress.table(rows));
        return rows;
    }

    private static void assertClean(Stress.Row row) {
        StressRun.Result r = row.result();
        String label = Stress.label(row);
        assertAll(label,
                () -> assertEquals(0, r.hung(), label + ": hung children " + r.hungDetails()),
                () -> assertEquals(0, r.lost(), label + ": lost echoes " + r.errorDetails()),
                () -> assertEquals(0, r.errors(), label + ": client errors " + r.errorDetails()),
                () -> assertEquals(r.fdsBefore(), r.fdsAfter(), label + ": the parent's open descriptors"),
                () -> assertTrue(r.zombiesAtEnd() <= r.concurrency() + 1, label + ": zombies at the end " + r.zombiesAtEnd()),
                () -> assertTrue(r.zombiesAfterNextAccept() <= 1, label + ": zombies after one more accept "
                        + r.zombiesAfterNextAccept() + " (the next accept reaps every child that has ended)"),
                () -> assertEquals("", row.stderr(), label + ": the server's stderr"));
    }

    @Test
    void javaForkServerUnderGcPressure() throws Exception {
        for (Stress.Row row : rows(Build.JAVA, "gc")) {
            assertClean(row);
            StressAssertions.underGcPressure(row);
        }
    }

    @Test
    void cForkServerUnderTheSameLoad() throws Exception {
        for (Stress.Row row : rows(Build.C, "gc")) {
            assertClean(row);
        }
    }
}
