/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.testkit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ProcStat reads the right fields, for this JVM, for a process it starts, and from a line with an awkward comm. */
@Timeout(60)
class ProcStatTest {

    @Test
    void thisJvmsParentAndStartTime() {
        ProcStat st = ProcStat.of(ProcessHandle.current().pid());
        assertNotNull(st);
        assertEquals(ProcessHandle.current().parent().orElseThrow().pid(), st.ppid());
        assertFalse(st.zombie(), "state " + st.state());
        assertTrue(st.startTime() > 0, "start time " + st.startTime());
        assertEquals(st.startTime(), ProcStat.of(ProcessHandle.current().pid()).startTime(), "the start time changed");
        assertEquals(0, st.exitCode(), "a running process has no exit code yet");
    }

    @Test
    void aProcessThisJvmStartedIsItsChild() throws Exception {
        try (Started sleep = Started.of("sleep", "30")) {
            ProcStat st = ProcStat.of(sleep.pid());
            assertNotNull(st);
            assertEquals(ProcessHandle.current().pid(), st.ppid());
            assertFalse(st.zombie());
        }
    }

    @Test
    void nullOnceAProcessIsReaped() throws Exception {
        Process p = new ProcessBuilder("true").start();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS), "true did not end");  // waitFor reaps it
        assertNull(ProcStat.of(p.pid()));
    }

    @Test
    void fieldsAfterTheLastParenthesisOfComm() {
        StringBuilder line = new StringBuilder("4242 (a) b (c) S 77");   // fields 1-4: pid, comm, state, ppid
        for (int field = 5; field <= 52; field++) {
            line.append(' ').append(field == 22 ? "123456" : field == 52 ? "768" : Integer.toString(field));
        }
        ProcStat st = ProcStat.parse(line + "\n");
        assertEquals(new ProcStat(77, 'S', 123456, 768), st);
    }

    @Test
    void noExitCodeFieldOnAnOldKernel() {
        StringBuilder line = new StringBuilder("4242 (x) Z 77");
        for (int field = 5; field <= 44; field++) {
            line.append(' ').append(field);
        }
        ProcStat st = ProcStat.parse(line.toString());
        assertEquals(-1, st.exitCode());
        assertTrue(st.zombie());
        assertEquals(22, st.startTime());
    }
}
