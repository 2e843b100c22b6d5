/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.testkit;

import java.time.Duration;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * A bounded wait for something that nothing signals: a state of another process that /proc
 * shows, a port in /proc/net/tcp, bytes a reader thread has captured. Polling, not a fixed
 * sleep: the wait ends as soon as the condition holds, so a fast machine does not wait for a
 * slow one's margin, and an order of events that a test depends on is waited for, not hoped
 * for. Bounded: a thing that never happens ends the wait with {@code false}, for the caller to
 * fail or report, instead of hanging the build.
 */
public final class Polling {

    /** How often the condition is looked at, unless the caller says otherwise. */
    public static final Duration EVERY = Duration.ofMillis(10);

    private Polling() {
    }

    /** {@link #await(Duration, Duration, BooleanSupplier)} looking every {@link #EVERY}. */
    public static boolean await(Duration limit, BooleanSupplier condition) throws InterruptedException {
        return await(limit, EVERY, condition);
    }

    /**
     * Looks at {@code condition} every {@code every} until it holds or {@code limit} has passed;
     * returns whether it held. The condition is looked at once at least, and once more after the
     * limit has passed only if a look started before it. An interrupt ends the wait with the
     * exception (the interrupt is not swallowed: the caller decides).
     *
     * @throws IllegalArgumentException if {@code every} is not positive
     */
    public static boolean await(Duration limit, Duration every, BooleanSupplier condition) throws InterruptedException {
        Objects.requireNonNull(limit, "limit");
        Objects.requireNonNull(condition, "condition");
        if (every.isNegative() || every.isZero()) {
            throw new IllegalArgumentException("poll interval must be positive: " + every);
        }
        long end = System.nanoTime() + limit.toNanos();
        while (true) {
            if (condition.getAsBoolean()) {
                return true;
            }
            if (System.nanoTime() - end > 0) {
                return false;
            }
            Thread.sleep(every);
        }
    }
}
