/* psbench_jni.c: a JNI binding of the socket calls the benchmarks make, for comparison with the
 * FFM binding: io.github.panamasockets.benchmarks.Jni declares them. Each call is the libc call
 * and nothing more; a failing call returns -errno (as Netty's transport-native-unix does), so
 * errno is read in C right after the call, before the JVM can run code of its own.
 * Buffers and addresses are passed as native addresses (long), as the FFM lanes pass segments.
 * SPDX-License-Identifier: Apache-2.0 */
#include <jni.h>          /* JNIEnv, jint, jlong */
#include <errno.h>        /* errno */
#include <stdint.h>       /* intptr_t */
#include <sys/socket.h>   /* socket(), connect(), send(), recv(), setsockopt() */
#include <unistd.h>       /* getpid(), close() */
#include "Callgrind.h"    /* CALLGRIND_ZERO_STATS, CALLGRIND_DUMP_STATS_AT */

#define PTR(addr) ((void *) (intptr_t) (addr)) /* a Java long holding a native address */

JNIEXPORT jint JNICALL Java_io_github_panamasockets_benchmarks_Jni_getpid(JNIEnv *env, jclass cls)
{
    (void) env; (void) cls;
    return getpid(); /* the trivial syscall: no arguments, cannot fail */
}

JNIEXPORT jlong JNICALL Java_io_github_panamasockets_benchmarks_Jni_recv(JNIEnv *env, jclass cls,
        jint fd, jlong buf, jlong n, jint flags)
{
    (void) env; (void) cls;
    ssize_t r = recv(fd, PTR(buf), (size_t) n, flags);
    return r < 0 ? -errno : r; /* errno taken here, before any JVM code runs */
}

JNIEXPORT jlong JNICALL Java_io_github_panamasockets_benchmarks_Jni_send(JNIEnv *env, jclass cls,
        jint fd, jlong buf, jlong n, jint flags)
{
    (void) env; (void) cls;
    ssize_t r = send(fd, PTR(buf), (size_t) n, flags);
    return r < 0 ? -errno : r;
}

JNIEXPORT jint JNICALL Java_io_github_panamasockets_benchmarks_Jni_socket(JNIEnv *env, jclass cls,
        jint domain, jint type, jint protocol)
{
    (void) env; (void) cls;
    int r = socket(domain, type, protocol);
    return r < 0 ? -errno : r;
}

JNIEXPORT jint JNICALL Java_io_github_panamasockets_benchmarks_Jni_connect(JNIEnv *env, jclass cls,
        jint fd, jlong addr, jint len)
{
    (void) env; (void) cls;
    int r = connect(fd, PTR(addr), (socklen_t) len);
    return r < 0 ? -errno : r;
}

JNIEXPORT jint JNICALL Java_io_github_panamasockets_benchmarks_Jni_setsockopt(JNIEnv *env, jclass cls,
        jint fd, jint level, jint name, jlong val, jint len)
{
    (void) env; (void) cls;
    int r = setsockopt(fd, level, name, PTR(val), (socklen_t) len);
    return r < 0 ? -errno : r;
}

JNIEXPORT jint JNICALL Java_io_github_panamasockets_benchmarks_Jni_close(JNIEnv *env, jclass cls, jint fd)
{
    (void) env; (void) cls;
    int r = close(fd);
    return r < 0 ? -errno : r;
}

/* Not JNI: a C shim an FFM downcall reaches (lane ffm_shim), errno turned into the result as the
 * JNI recv above does, so the Java side needs no captureCallState: what such a shim would save */
long psbench_recv_errno(int fd, void *buf, size_t n, int flags)
{
    ssize_t r = recv(fd, buf, n, flags);
    return r < 0 ? -errno : r;
}

/* For the instruction-count driver: zero callgrind's counters, and dump them under a label. */
JNIEXPORT void JNICALL Java_io_github_panamasockets_benchmarks_Jni_callgrindZero(JNIEnv *env, jclass cls)
{
    (void) env; (void) cls;
    CALLGRIND_ZERO_STATS;
}

JNIEXPORT void JNICALL Java_io_github_panamasockets_benchmarks_Jni_callgrindDump(JNIEnv *env, jclass cls,
        jstring label)
{
    (void) cls;
    const char *s = (*env)->GetStringUTFChars(env, label, NULL);
    if (s == NULL)
        return; /* OutOfMemoryError is pending */
    CALLGRIND_DUMP_STATS_AT(s);
    (*env)->ReleaseStringUTFChars(env, label, s);
}

JNIEXPORT jboolean JNICALL Java_io_github_panamasockets_benchmarks_Jni_onValgrind(JNIEnv *env, jclass cls)
{
    (void) env; (void) cls;
    return RUNNING_ON_VALGRIND ? JNI_TRUE : JNI_FALSE;
}
