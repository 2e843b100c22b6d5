/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.testkit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The table of this machine says what gcc's sys/syscall.h says; a sleeping child is seen in its call. */
@Timeout(120)
class SyscallsTest {

    @Test
    void theTableIsGccs() throws Exception {
        for (Map.Entry<String, Integer> e : Syscalls.TABLE.entrySet()) {
            assertEquals(String.valueOf(e.getValue()), gcc("SYS_" + e.getKey()), e.getKey());
        }
        // and what the table leaves out, this machine has not (aarch64: pause and select)
        for (String name : new String[] {"pause", "select"}) {
            if (!Syscalls.TABLE.containsKey(name)) {
                assertEquals("SYS_" + name, gcc("SYS_" + name), name + " is missing from the table");
            }
        }
    }

    @Test
    void aSleepingChildIsInNanosleep() throws Exception {
        try (Started sleep = Started.of("sleep", "30")) {
            var sleeping = Syscalls.numbers("nanosleep", "clock_nanosleep");
            assertTrue(Polling.await(java.time.Duration.ofSeconds(20),
                    () -> sleeping.contains(Syscalls.blockedIn(sleep.pid(), sleep.pid()))),
                    "sleep is in " + Syscalls.describe(sleep.pid()));
            assertEquals(java.util.List.of(sleep.pid()), Syscalls.threads(sleep.pid()));
            assertTrue(Syscalls.describe(sleep.pid()).matches("\\d+"));
            assertEquals('S', ProcStat.of(sleep.pid(), sleep.pid()).state());
        }
    }

    @Test
    void aGoneProcessIsInNoCall() {
        long gone = Long.MAX_VALUE;
        assertEquals(-1, Syscalls.blockedIn(gone, gone));
        assertEquals("gone", Syscalls.describe(gone));
        assertTrue(Syscalls.threads(gone).isEmpty());
        assertFalse(Syscalls.numbers("accept", "accept4").isEmpty());
    }

    /** What gcc's preprocessor makes of {@code macro} with sys/syscall.h included. */
    private static String gcc(String macro) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("gcc", "-E", "-P", "-include", "sys/syscall.h", "-").redirectErrorStream(true).start();
        p.getOutputStream().write((macro + "\n").getBytes(StandardCharsets.US_ASCII));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("gcc -E did not end");
        }
        return out.substring(out.lastIndexOf('\n') + 1).strip();
    }
}
