/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.benchmarks;

/**
 * The JNI binding of the same calls (native/jni/psbench_jni.c): what a JDK-style or Netty-style
 * binding costs, for comparison with FFM. Buffers and addresses are native addresses; a failing
 * call returns {@code -errno}, read in C right after the call.
 */
public final class Jni {

    static {
        System.load(NativeLibs.file("libpsbench.so").toString());
    }

    private Jni() {
    }

    /** Forces the library to load (and fails here, loudly, if it cannot). */
    public static void load() {
    }

    public static native int getpid();

    public static native long recv(int fd, long buf, long n, int flags);

    public static native long send(int fd, long buf, long n, int flags);

    public static native int socket(int domain, int type, int protocol);

    public static native int connect(int fd, long addr, int len);

    public static native int setsockopt(int fd, int level, int name, long val, int len);

    public static native int close(int fd);

    /** callgrind: zero the counters (a no-op outside valgrind). */
    public static native void callgrindZero();

    /** callgrind: dump the counters under a label (a no-op outside valgrind). */
    public static native void callgrindDump(String label);

    public static native boolean onValgrind();
}
