/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.benchmarks;

import jnr.ffi.Pointer;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The state the recv lessons (RecvPeek, RecvEmpty, RecvRefill) share: a loopback TCP pair and a
 * 32-byte receive buffer, seen by each lane as it takes it (a segment, an address, a jnr-ffi
 * pointer), and a capture segment of this state's own. Each lesson's setup calls
 * {@link #openPair} first and its tear-down {@link #closePair} (explicitly: the order of
 * JMH's helper methods across a class hierarchy is JMH's to choose).
 */
public abstract class RecvLesson extends Lesson {

    /** The bytes a recv asks for. */
    static final int BYTES = 32;

    LoopbackPair pair;
    Arena arena;
    MemorySegment buf;
    long bufAddress;
    Pointer jnrBuf;
    MemorySegment captured;

    void openPair() {
        Jni.load();
        pair = new LoopbackPair();
        arena = Arena.ofConfined(); // as the echo twins allocate: JMH runs a Scope.Thread state's setup on its own thread
        buf = arena.allocate(BYTES);
        bufAddress = buf.address();
        jnrBuf = Jnr.wrap(bufAddress, BYTES);
        captured = Ffm.newCaptureSegment(arena);
    }

    void closePair() {
        pair.close();
        arena.close();
    }
}
