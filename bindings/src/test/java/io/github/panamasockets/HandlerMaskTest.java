/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static io.github.panamasockets.Sockets.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The twins' handler mask (docs/signals.md): after the book's sigfillset, handlerMask takes out
 * exactly the four signals HotSpot raises on purpose and leaves every other one in, as libc's own
 * sigismember reads the set.
 */
class HandlerMaskTest {

    @Test
    void takesOutTheJvmFaultsAndNothingElse() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment full = arena.allocate(sigset_t.layout());
            MemorySegment twins = arena.allocate(sigset_t.layout());
            assertEquals(0, sigfillset(full));
            assertEquals(0, sigfillset(twins));
            assertEquals(0, handlerMask(twins));
            int[] faults = {SIGSEGV(), SIGBUS(), SIGFPE(), SIGILL()};
            for (int sig = 1; sig < 65; sig++) {
                int expected = sigismember(full, sig);
                for (int f : faults) {
                    if (sig == f) {
                        assertEquals(1, expected, "sigfillset holds signal " + sig);
                        expected = 0;
                    }
                }
                assertEquals(expected, sigismember(twins, sig), "signal " + sig + " in the twins' mask");
            }
        }
    }
}
