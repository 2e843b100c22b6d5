/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets;

import io.github.panamasockets.generated.sigset_t;
import io.github.panamasockets.generated.sockets_h;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** ProgramSignals' own sigaddset and sigismember against libc's, for every signal. */
class ProgramSignalsTest {

    @Test
    void addSetsTheBitsLibcSets() {
        try (Arena arena = Arena.ofConfined()) {
            for (int sig = 1; sig <= 64; sig++) {
                if (internal(sig) || internal(64 - sig + 1)) {
                    continue;
                }
                MemorySegment ours = arena.allocate(sigset_t.layout());
                MemorySegment libc = arena.allocate(sigset_t.layout());
                ProgramSignals.add(ours, sig);
                ProgramSignals.add(ours, 64 - sig + 1); // two bits, so a set that keeps only the last fails
                assertEquals(0, sockets_h.sigemptyset(libc));
                assertEquals(0, sockets_h.sigaddset(libc, sig));
                assertEquals(0, sockets_h.sigaddset(libc, 64 - sig + 1));
                assertArrayEquals(libc.toArray(JAVA_BYTE), ours.toArray(JAVA_BYTE), "signal " + sig);
            }
        }
    }

    @Test
    void blockedReadsTheBitsLibcReads() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment set = arena.allocate(sigset_t.layout());
            sockets_h.sigemptyset(set);
            for (int sig = 1; sig <= 64; sig += 3) {
                sockets_h.sigaddset(set, sig);
            }
            for (int sig = 1; sig <= 64; sig++) {
                if (internal(sig)) {
                    continue;
                }
                assertEquals(sockets_h.sigismember(set, sig) == 1, ProgramSignals.blocked(set, sig), "signal " + sig);
            }
        }
    }

    @Test
    void aNumberThatIsNoSignalIsRefused() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment set = arena.allocate(sigset_t.layout());
            assertThrows(IllegalArgumentException.class, () -> ProgramSignals.add(set, 0));
            assertThrows(IllegalArgumentException.class, () -> ProgramSignals.add(set, 65));
            for (int sig = 32; sig <= 33; sig++) { // glibc's own: its sigaddset refuses them too
                int s = sig;
                assertEquals(-1, sockets_h.sigaddset(set, s));
                assertThrows(IllegalArgumentException.class, () -> ProgramSignals.add(set, s));
            }
        }
    }

    /** SIGCANCEL and SIGSETXID, which glibc keeps for itself. */
    private static boolean internal(int sig) {
        return sig == 32 || sig == 33;
    }
}
