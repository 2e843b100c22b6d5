/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.benchmarks;

import io.github.panamasockets.generated.sockets_h;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;


/**
 * Lesson 1: the price of crossing into C at all.
 *
 * <p>getpid() is the cheapest syscall there is: no arguments, no memory, cannot fail. What a
 * lane adds to it is the binding's own cost: the thread-state transition (FFM, JNI), errno
 * capture, libffi marshalling (JNR). The C reference ({@code native/jni/CallBench time getpid})
 * is the floor. On a virtual machine the syscall itself dominates; the differences between
 * lanes are the part that is Java's.
 *
 * <p>Every lane returns the pid, which JMH sinks into a Blackhole: no call is optimised away.
 */
public class Getpid extends Lesson {

    @Setup(Level.Trial)
    public void setup() {
        Jni.load();
        int pid = sockets_h.getpid();
        // every lane must make the same call: all of them must answer the same pid
        int[] answers = {Ffm.getpidCapture(), Ffm.getpidCritical(), Jni.getpid(), Jnr.POSIX.getpid(),
                Jnr.LIBC.getpid(), Jnr.LIBC_NO_ERRNO.getpid()};
        for (int a : answers) {
            if (a != pid) {
                throw new IllegalStateException("lanes disagree on getpid(): " + a + " != " + pid);
            }
        }
    }

    /** The generated binding: one downcall handle, no options. */
    @Benchmark
    public int ffm() {
        return sockets_h.getpid();
    }

    /** The same call linked with captureCallState("errno") and a per-thread capture segment. */
    @Benchmark
    public int ffmErrno() {
        return Ffm.getpidCapture();
    }

    /** Linker.Option.critical(false): no transition to the native thread state. */
    @Benchmark
    public int ffmCritical() {
        return Ffm.getpidCritical();
    }

    /** A JNI native method: JNIEnv and jclass arguments, the JNI transition. */
    @Benchmark
    public int jni() {
        return Jni.getpid();
    }

    /** jnr-posix's getpid, as JRuby calls it. */
    @Benchmark
    public int jnrPosix() {
        return Jnr.POSIX.getpid();
    }

    /** jnr-ffi, errno saved after the call (its default). */
    @Benchmark
    public int jnrFfi() {
        return Jnr.LIBC.getpid();
    }

    /** jnr-ffi with @IgnoreError: errno not saved. */
    @Benchmark
    public int jnrFfiNoErrno() {
        return Jnr.LIBC_NO_ERRNO.getpid();
    }
}
