/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.stress;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Stress.pausesBetween: the GC pauses of a -Xlog:gc log decorated with timemillis, inside a window. */
class GcLogWindowTest {

    @Test
    void countsOnlyThePausesInsideTheWindow(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("gc.log");
        Files.writeString(log, """
                [1764825600000ms] Using Serial
                [1764825600100ms] GC(0) Pause Young (Allocation Failure) 3M->1M(16M) 1.200ms
                [1764825601000ms] GC(1) Pause Young (Allocation Failure) 4M->1M(16M) 1.100ms
                [1764825601500ms] GC(2) Pause Full (System.gc()) 4M->1M(16M) 5.000ms
                [1764825602000ms] GC(3) Pause Young (Allocation Failure) 4M->1M(16M) 0.900ms
                [1764825602001ms] GC(4) Pause Young (Allocation Failure) 4M->1M(16M) 0.900ms
                """);
        assertEquals(3, Stress.pausesBetween(log, 1764825601000L, 1764825602000L), "both ends are inside");
        assertEquals(0, Stress.pausesBetween(log, 1764825600101L, 1764825600999L));
        assertEquals(5, Stress.pausesBetween(log, 0, Long.MAX_VALUE), "the first line is no pause");
        assertEquals(0, Stress.pausesBetween(dir.resolve("none.log"), 0, Long.MAX_VALUE), "no log: a C server");
        assertEquals(2.001, Stress.logSpanSeconds(log), 1e-9, "first line to last");
        assertEquals(0, Stress.logSpanSeconds(dir.resolve("none.log")));
    }
}
