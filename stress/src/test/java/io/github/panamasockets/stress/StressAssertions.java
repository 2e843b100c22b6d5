/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.stress;

import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Preconditions the stress tests share. */
final class StressAssertions {

    /**
     * GCs a second while the clients ran, at least: a quiet parent runs none; under GcPressureAgent
     * (the default --gc-rate) the thread server's JVM ran 12.3 a second, the fork servers'
     * parents 25, and ForkN's parent 41 over its logged life (2026-12-04). A rate, not a count: a count
     * also bounds how fast the run went.
     */
    static final double GC_PRESSURE_PER_SECOND = 2;

    private StressAssertions() {
    }

    /**
     * The Java server was under GC pressure: GCs at a rate while the clients ran; ForkN's parent, which
     * forks its children and exits before the clients start (the agent's thread is not forked), at
     * that rate over its life, before and between its forks.
     */
    static void underGcPressure(Stress.Row row) {
        String measured = String.format(Locale.ROOT, "%d GCs in %.2f s of load (%.1f/s; %d in the JVM's logged %.2f s, %.1f/s)",
                row.gcsDuringLoad(), row.result().seconds(), row.gcsPerLoadSecond(), row.gcs(), row.gcLogSeconds(),
                row.gcsPerLoggedSecond());
        System.out.println(Stress.label(row) + ": " + measured);
        if (row.result().program().longLived()) {
            assertTrue(row.gcs() >= 2 && row.gcsPerLoggedSecond() >= GC_PRESSURE_PER_SECOND, Stress.label(row)
                    + ": the parent was to fork under GC pressure (at least " + GC_PRESSURE_PER_SECOND
                    + " GCs a second), but ran " + measured);
            return;
        }
        assertTrue(row.gcsDuringLoad() >= 2 && row.gcsPerLoadSecond() >= GC_PRESSURE_PER_SECOND,
                Stress.label(row) + ": the parent was to be under GC pressure (at least " + GC_PRESSURE_PER_SECOND
                        + " GCs a second while the clients ran), but ran " + measured);
    }
}
