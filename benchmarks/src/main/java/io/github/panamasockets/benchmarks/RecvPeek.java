/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.benchmarks;

import io.github.panamasockets.Sockets;

import io.github.panamasockets.Errno;
import io.github.panamasockets.generated.sockets_h;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

import java.lang.foreign.MemorySegment;

/**
 * Lesson 2: a recv that finds data.
 *
 * <p>32 bytes wait on a loopback TCP socket; every operation is one
 * {@code recv(fd, buf, 32, MSG_PEEK | MSG_DONTWAIT)}: the same syscall, copying the same 32
 * bytes, each time, because peeking leaves them queued. (Consuming them would need a send per
 * recv: that is lesson 4.) The C reference is {@code native/jni/CallBench time peek}.
 *
 * <p>Every lane checks its result, as the C loop does: a lane that stopped finding its 32 bytes
 * fails the run instead of measuring something else. NIO and java.net have no peek: they are in
 * lessons 3 and 4.
 */
public class RecvPeek extends RecvLesson {

    static final int FLAGS = LoopbackPair.MSG_PEEK | sockets_h.MSG_DONTWAIT();
    static final long N = BYTES;

    int fd;

    @Setup(Level.Trial)
    public void setup() {
        openPair();
        MemorySegment msg = arena.allocate(N);
        msg.fill((byte) 'x');
        pair.queueOnServer(msg, buf);
        fd = pair.server;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        closePair();
    }

    static long check(long r) {
        if (r != N) {
            throw new IllegalStateException("recv(MSG_PEEK) returned " + r + ", not " + N);
        }
        return r;
    }

    /** The generated binding. */
    @Benchmark
    public long ffm() {
        return check(sockets_h.recv(fd, buf, N, FLAGS));
    }

    /** Errno.recv: captureCallState("errno") into the per-thread segment. */
    @Benchmark
    public long ffmErrno() {
        return check(Sockets.recv(fd, buf, N, FLAGS));
    }

    /** errno captured into a segment this state holds: Errno's call without its thread-local lookup. */
    @Benchmark
    public long ffmErrnoSegment() {
        return check(Ffm.recvCapture(captured, fd, buf, N, FLAGS));
    }

    /** A C shim that returns -errno, reached by a plain downcall: no capture. */
    @Benchmark
    public long ffmShim() {
        return check(Ffm.recvShim(fd, buf, N, FLAGS));
    }

    /** critical(false): no thread-state transition (safe here: the call never blocks). */
    @Benchmark
    public long ffmCritical() {
        return check(Ffm.recvCritical(fd, buf, N, FLAGS));
    }

    /** critical(false) and errno capture together. */
    @Benchmark
    public long ffmCriticalErrno() {
        return check(Ffm.recvCriticalCapture(fd, buf, N, FLAGS));
    }

    /** JNI: errno read in C, returned as -errno. */
    @Benchmark
    public long jni() {
        return check(Jni.recv(fd, bufAddress, N, FLAGS));
    }

    /** jnr-ffi, errno saved after the call. */
    @Benchmark
    public long jnrFfi() {
        return check(Jnr.LIBC.recv(fd, jnrBuf, N, FLAGS));
    }

    /** jnr-ffi with @IgnoreError. */
    @Benchmark
    public long jnrFfiNoErrno() {
        return check(Jnr.LIBC_NO_ERRNO.recv(fd, jnrBuf, N, FLAGS));
    }
}
