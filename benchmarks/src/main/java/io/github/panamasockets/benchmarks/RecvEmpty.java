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

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * Lesson 3: a recv that finds nothing, where errno is the answer.
 *
 * <p>{@code recv(fd, buf, 32, MSG_DONTWAIT)} on a socket with nothing queued returns -1 and sets
 * errno to EAGAIN. This is where errno capture earns its keep: a lane that cannot tell EAGAIN
 * from ECONNRESET is not a usable non-blocking socket. The capturing lanes check errno; the
 * generated call and jnr-ffi's @IgnoreError lane can only see -1. NIO's non-blocking
 * {@code SocketChannel.read} is the JDK's own answer (it returns 0; inside, a JNI read(2)).
 * The C reference is {@code native/jni/CallBench time empty}.
 */
public class RecvEmpty extends RecvLesson {

    static final int FLAGS = sockets_h.MSG_DONTWAIT();
    static final int EAGAIN = sockets_h.EAGAIN();
    static final long N = BYTES;

    int fd;
    ServerSocketChannel nioListener;
    SocketChannel nioClient;
    SocketChannel nioServer;
    ByteBuffer nioBuf;

    @Setup(Level.Trial)
    public void setup() throws Exception {
        openPair();
        fd = pair.client; // nothing is ever sent to the client end
        nioListener = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        nioClient = SocketChannel.open(nioListener.getLocalAddress());
        nioServer = nioListener.accept();
        nioClient.configureBlocking(false);
        nioBuf = ByteBuffer.allocateDirect((int) N);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        closePair();
        nioClient.close();
        nioServer.close();
        nioListener.close();
    }

    static long fail(String lane, long r, int errno) {
        throw new IllegalStateException(lane + ": recv on an empty socket returned " + r + ", errno " + errno);
    }

    /** The generated binding: -1, and no way to know why. */
    @Benchmark
    public long ffm() {
        long r = sockets_h.recv(fd, buf, N, FLAGS);
        return r == -1 ? r : fail("ffm", r, 0);
    }

    /** Errno.recv, then Errno.errno(): the capture and the read of it. */
    @Benchmark
    public int ffmErrno() {
        long r = Sockets.recv(fd, buf, N, FLAGS);
        int errno = Errno.errno();
        return r == -1 && errno == EAGAIN ? errno : (int) fail("ffmErrno", r, errno);
    }

    /** errno captured into a segment this state holds: Errno's call without its thread-local lookup. */
    @Benchmark
    public int ffmErrnoSegment() {
        long r = Ffm.recvCapture(captured, fd, buf, N, FLAGS);
        int errno = Ffm.errno(captured);
        return r == -1 && errno == EAGAIN ? errno : (int) fail("ffmErrnoSegment", r, errno);
    }

    /** A C shim that returns -errno, reached by a plain downcall: no capture. */
    @Benchmark
    public long ffmShim() {
        long r = Ffm.recvShim(fd, buf, N, FLAGS);
        return r == -EAGAIN ? r : fail("ffmShim", r, 0);
    }

    /** critical(false), no errno. */
    @Benchmark
    public long ffmCritical() {
        long r = Ffm.recvCritical(fd, buf, N, FLAGS);
        return r == -1 ? r : fail("ffmCritical", r, 0);
    }

    /** critical(false) with errno capture. */
    @Benchmark
    public int ffmCriticalErrno() {
        long r = Ffm.recvCriticalCapture(fd, buf, N, FLAGS);
        int errno = Ffm.errno();
        return r == -1 && errno == EAGAIN ? errno : (int) fail("ffmCriticalErrno", r, errno);
    }

    /** JNI: -EAGAIN comes back as the result. */
    @Benchmark
    public long jni() {
        long r = Jni.recv(fd, bufAddress, N, FLAGS);
        return r == -EAGAIN ? r : fail("jni", r, 0);
    }

    /** jnr-ffi: errno saved by the library, read back through its runtime. */
    @Benchmark
    public int jnrFfi() {
        long r = Jnr.LIBC.recv(fd, jnrBuf, N, FLAGS);
        int errno = Jnr.errno();
        return r == -1 && errno == EAGAIN ? errno : (int) fail("jnrFfi", r, errno);
    }

    /** jnr-ffi with @IgnoreError: -1 only. */
    @Benchmark
    public long jnrFfiNoErrno() {
        long r = Jnr.LIBC_NO_ERRNO.recv(fd, jnrBuf, N, FLAGS);
        return r == -1 ? r : fail("jnrFfiNoErrno", r, 0);
    }

    /** NIO: a non-blocking SocketChannel.read, which answers 0 when nothing is there. */
    @Benchmark
    public int nio() throws Exception {
        nioBuf.clear();
        int r = nioClient.read(nioBuf);
        return r == 0 ? r : (int) fail("nio", r, 0);
    }
}
