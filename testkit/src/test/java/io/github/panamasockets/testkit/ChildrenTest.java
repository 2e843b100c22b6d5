/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.testkit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Children lists what a process forked (zombies too); Sigkill kills a child of the parent it is
 * given and nothing else. Every process here is started by the test (a bash, and what that bash
 * starts) and ended by pid when the test ends.
 */
@Timeout(60)
class ChildrenTest {

    private static final Duration LIMIT = Duration.ofSeconds(10);

    /** The one child {@code parent} has once it runs {@code program}; fails if it does not come within the limit. */
    private static long awaitOnlyChild(long parent, String program) throws InterruptedException {
        long[] child = {0};
        boolean found = Polling.await(LIMIT, () -> {
            List<Long> now = Children.of(parent);
            child[0] = now.size() == 1 ? now.getFirst() : 0;
            return child[0] != 0 && program.equals(comm(child[0]));
        });
        assertTrue(found, parent + " has no single child running " + program + ": " + Children.of(parent));
        return child[0];
    }

    private static String comm(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "comm")).strip();
        } catch (IOException gone) {
            return null;
        }
    }

    @Test
    void theSleepABashStartedIsItsChildAndOnlyItsParentCanKillIt() throws Exception {
        try (Started bash = Started.of("bash", "-c", "sleep 30 & wait $!")) {
            long sleep = awaitOnlyChild(bash.pid(), "sleep");
            assertEquals(bash.pid(), ProcStat.of(sleep).ppid());
            assertEquals(List.of(), Children.of(sleep), "sleep has no children");

            // this JVM is the sleep's grandparent, not its parent: no signal
            assertFalse(Sigkill.ifChildOf(sleep, ProcessHandle.current().pid()));
            assertFalse(Sigkill.ifChildOf(sleep, sleep));
            assertTrue(bash.process.isAlive() && !ProcStat.of(sleep).zombie(), "the sleep was killed all the same");

            assertTrue(Sigkill.ifChildOf(sleep, bash.pid()));
            // bash's wait $! returns when its sleep dies of SIGKILL, with status 128 + 9
            assertTrue(bash.process.waitFor(LIMIT.toMillis(), TimeUnit.MILLISECONDS), "bash's sleep still runs");
            assertEquals(137, bash.process.exitValue());
        }
    }

    @Test
    void aZombieIsListedWithItsExitCodeAndNotKilled() throws Exception {
        // the subshell ends with status 3 a second after bash has become sleep, which never reaps it
        try (Started parent = Started.of("bash", "-c", "(sleep 1; exit 3) & exec sleep 30")) {
            long child = awaitOnlyChild(parent.pid(), "bash");
            assertTrue(Polling.await(LIMIT, () -> ProcStat.of(child) != null && ProcStat.of(child).zombie()),
                    "the subshell " + child + " did not become a zombie: " + ProcStat.of(child));
            assertEquals(List.of(child), Children.of(parent.pid()), "a zombie is still a child");
            ProcStat st = ProcStat.of(child);
            assertEquals(parent.pid(), st.ppid());
            assertEquals(3 << 8, st.exitCode(), "the status waitpid would give: exit 3");
            assertFalse(Sigkill.ifChildOf(child, parent.pid()), "SIGKILL sent to a zombie");
        }
    }

    @Test
    void nothingForAProcessThatIsGone() throws Exception {
        Process p = new ProcessBuilder("true").start();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS), "true did not end");
        assertEquals(List.of(), Children.of(p.pid()));
        assertFalse(Sigkill.ifChildOf(p.pid(), ProcessHandle.current().pid()));
    }
}
