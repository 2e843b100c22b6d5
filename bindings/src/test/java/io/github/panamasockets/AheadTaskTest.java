/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Start-up tasks run when awaited, one after another, and a task never waits for one made after it. */
class AheadTaskTest {

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aTaskStartsOnlyOnceTheOneBeforeItHasEnded() throws InterruptedException {
        List<String> log = new CopyOnWriteArrayList<>();
        CountDownLatch release = new CountDownLatch(1);
        AheadTask first = new AheadTask("ahead-test-1", () -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            log.add("first");
        });
        AheadTask second = new AheadTask("ahead-test-2", () -> log.add("second"));
        first.release();
        second.release();
        Thread.sleep(100); // time enough for the second to run, were it not waiting
        assertEquals(List.of(), log);
        release.countDown();
        assertNull(second.await());
        assertNull(first.await());
        assertEquals(List.of("first", "second"), log);
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void anEarlierTaskNeverWaitsForALaterOneWhichWaitsForIt() {
        AtomicReference<AheadTask> later = new AtomicReference<>();
        CountDownLatch made = new CountDownLatch(1);
        AtomicReference<Boolean> earlierSeesLaterAsHere = new AtomicReference<>();
        AheadTask earlier = new AheadTask("ahead-test-earlier", () -> {
            try {
                made.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            // what JvmFork.fork() on the rehearsal's thread does with the recorder's task
            earlierSeesLaterAsHere.set(later.get().runsHere());
        });
        later.set(new AheadTask("ahead-test-later", () -> { }));
        assertFalse(later.get().runsHere(), "the starting thread waits for it");
        earlier.release(); // not left to later's await: that is the last test's, bounded there
        made.countDown();
        assertNull(later.get().await());
        assertNull(earlier.await());
        assertSame(Boolean.TRUE, earlierSeesLaterAsHere.get(), "the earlier task's thread must not wait for the later one");
        assertFalse(earlier.runsHere());
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aFailureIsHandedToItsOwnAwaiterOnly() {
        AheadTask failing = new AheadTask("ahead-test-failing", () -> {
            throw new IllegalStateException("on purpose");
        });
        AheadTask next = new AheadTask("ahead-test-next", () -> { });
        failing.release(); // not left to next's await: that is the last test's, bounded there
        assertNull(next.await());
        Throwable failure = failing.await();
        assertTrue(failure instanceof IllegalStateException && failure.getMessage().equals("on purpose"), String.valueOf(failure));
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aTaskRunsOnlyOnceAwaited() throws InterruptedException {
        List<String> log = new CopyOnWriteArrayList<>();
        AheadTask held = new AheadTask("ahead-test-held", () -> log.add("held"));
        Thread.sleep(100); // time enough for it to run, were it not held
        assertEquals(List.of(), log);
        assertNull(held.await());
        assertEquals(List.of("held"), log);
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void awaitingALaterTaskReleasesAnEarlierOne() throws InterruptedException {
        // TCPEchoServer-Fork-SIGCHLD: the rehearsal, then the recorder, and a sigaction (which
        // awaits the recorder) could come before the rehearsal is awaited: no deadlock
        List<String> log = new CopyOnWriteArrayList<>();
        AheadTask held = new AheadTask("ahead-test-held-earlier", () -> log.add("held"));
        AheadTask later = new AheadTask("ahead-test-after-held", () -> log.add("later"));
        // awaited on a thread of its own: should it wait for ever, the test fails and releases
        // the held task itself, so that the tasks of later tests are not stuck behind it
        Thread awaiter = Thread.ofPlatform().daemon(true).start(later::await);
        awaiter.join(10_000);
        boolean ended = !awaiter.isAlive();
        held.release();
        assertNull(held.await());
        assertNull(later.await());
        assertTrue(ended, "awaiting the later task did not release the held one before it");
        assertEquals(List.of("held", "later"), log);
    }
}
