/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.testkit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** await() returns as soon as the condition holds, false once its limit has passed, and lets an interrupt through. */
@Timeout(30)
class PollingTest {

    @Test
    void falseAfterTheLimitWhenTheConditionNeverHolds() throws InterruptedException {
        AtomicInteger looks = new AtomicInteger();
        long start = System.nanoTime();
        boolean held = Polling.await(Duration.ofMillis(200), Duration.ofMillis(10), () -> {
            looks.incrementAndGet();
            return false;
        });
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertFalse(held);
        assertTrue(elapsedMs >= 200, "gave up after " + elapsedMs + " ms, before its limit");
        assertTrue(elapsedMs < 5_000, "went on " + elapsedMs + " ms past a limit of 200 ms");
        assertTrue(looks.get() >= 2 && looks.get() <= 21, "looked " + looks.get() + " times in 200 ms, every 10 ms");
    }

    @Test
    void trueAtOnceWhenTheConditionHolds() throws InterruptedException {
        AtomicInteger looks = new AtomicInteger();
        assertTrue(Polling.await(Duration.ofSeconds(10), () -> looks.incrementAndGet() > 0));
        assertEquals(1, looks.get());
    }

    @Test
    void trueAsSoonAsTheConditionComesToHold() throws InterruptedException {
        AtomicInteger looks = new AtomicInteger();
        long start = System.nanoTime();
        assertTrue(Polling.await(Duration.ofSeconds(10), Duration.ofMillis(5), () -> looks.incrementAndGet() >= 3));
        assertEquals(3, looks.get());
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos(), "waited far longer than 3 looks");
    }

    @Test
    void aZeroLimitStillLooksOnce() throws InterruptedException {
        AtomicInteger looks = new AtomicInteger();
        assertTrue(Polling.await(Duration.ZERO, () -> looks.incrementAndGet() == 1));
        assertFalse(Polling.await(Duration.ZERO, () -> false));
    }

    @Test
    void anInterruptEndsTheWaitWithTheException() {
        Thread.currentThread().interrupt();
        try {
            assertThrows(InterruptedException.class, () -> Polling.await(Duration.ofSeconds(10), () -> false));
        } finally {
            Thread.interrupted();  // leave no interrupt behind for the next test
        }
    }

    @Test
    void aPollIntervalMustBePositive() {
        assertThrows(IllegalArgumentException.class,
                () -> Polling.await(Duration.ofSeconds(1), Duration.ZERO, () -> true));
    }
}
