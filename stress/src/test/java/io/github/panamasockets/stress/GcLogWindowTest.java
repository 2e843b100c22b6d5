/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.stress;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Stress.GcLog: the GC pauses of a -Xlog:gc log decorated with timemillis, inside a window. */
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
        Stress.GcLog gc = Stress.GcLog.read(log);
        assertEquals(3, gc.pausesBetween(1764825601000L, 1764825602000L), "both ends are inside");
        assertEquals(0, gc.pausesBetween(1764825600101L, 1764825600999L));
        assertEquals(5, gc.pauses().length, "the first line is no pause");
        assertEquals(2.001, gc.spanSeconds(), 1e-9, "first line to last");
        Stress.GcLog none = Stress.GcLog.read(dir.resolve("none.log"));
        assertEquals(0, none.pauses().length, "no log: a C server");
        assertEquals(0, none.spanSeconds());
    }
}
