/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.benchmarks;

import io.github.panamasockets.Sockets;

import io.github.panamasockets.Errno;
import io.github.panamasockets.generated.sockets_h;
import jnr.ffi.Pointer;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * Lesson 4: send, then a recv that consumes, where every binding of the JDK can take part.
 *
 * <p>Each operation sends 32 bytes on one end of a loopback TCP connection and receives them on
 * the other with {@code MSG_DONTWAIT} (on loopback the bytes are queued before send returns;
 * should they not be, the lane retries, bounded). Two syscalls per operation, the same two in
 * every lane, and the data consumed, so java.net's {@code Socket} streams and NIO's blocking
 * {@code SocketChannel} can be measured beside the FFM, JNI and JNR bindings. The kernel's
 * loopback path dominates; the C reference is {@code native/jni/CallBench time refill}.
 */
public class RecvRefill extends RecvLesson {

    static final int FLAGS = sockets_h.MSG_DONTWAIT();
    static final int N = BYTES;
    static final int MAX_RETRIES = 1_000_000;

    MemorySegment msg;
    long msgAddress;
    Pointer jnrMsg;
    ServerSocketChannel nioListener;
    SocketChannel nioClient;
    SocketChannel nioServer;
    ByteBuffer nioMsg;
    ByteBuffer nioBuf;
    ServerSocket jnetListener;
    Socket jnetClient;
    Socket jnetServer;
    OutputStream jnetOut;
    InputStream jnetIn;
    byte[] jnetMsg;
    byte[] jnetBuf;

    @Setup(Level.Trial)
    public void setup() throws Exception {
        openPair();
        msg = arena.allocate(N);
        msg.fill((byte) 'x');
        msgAddress = msg.address();
        jnrMsg = Jnr.wrap(msgAddress, N);

        InetAddress loopback = InetAddress.getLoopbackAddress();
        nioListener = ServerSocketChannel.open().bind(new InetSocketAddress(loopback, 0));
        nioClient = SocketChannel.open(nioListener.getLocalAddress());
        nioServer = nioListener.accept();
        nioClient.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
        nioServer.configureBlocking(false);
        nioMsg = ByteBuffer.allocateDirect(N);
        nioBuf = ByteBuffer.allocateDirect(N);

        jnetListener = new ServerSocket(0, 1, loopback);
        jnetClient = new Socket(loopback, jnetListener.getLocalPort());
        jnetServer = jnetListener.accept();
        jnetClient.setTcpNoDelay(true);
        jnetOut = jnetClient.getOutputStream();
        jnetIn = jnetServer.getInputStream();
        jnetMsg = new byte[N];
        jnetBuf = new byte[N];
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        closePair();
        nioClient.close();
        nioServer.close();
        nioListener.close();
        jnetClient.close();
        jnetServer.close();
        jnetListener.close();
    }

    static long fail(String lane, long r) {
        throw new IllegalStateException(lane + ": send/recv of " + N + " bytes returned " + r);
    }

    /** The generated binding for both calls. */
    @Benchmark
    public long ffm() {
        if (sockets_h.send(pair.client, msg, N, 0) != N) {
            return fail("ffm send", -1);
        }
        for (int i = 0; i < MAX_RETRIES; i++) {
            long r = sockets_h.recv(pair.server, buf, N, FLAGS);
            if (r == N) {
                return r;
            }
            if (r != -1) {
                return fail("ffm", r);
            }
        }
        return fail("ffm (never arrived)", -1);
    }

    /** Errno.send and Errno.recv, errno read when recv finds nothing yet. */
    @Benchmark
    public long ffmErrno() {
        if (Sockets.send(pair.client, msg, N, 0) != N) {
            return fail("ffmErrno send", Errno.errno());
        }
        for (int i = 0; i < MAX_RETRIES; i++) {
            long r = Sockets.recv(pair.server, buf, N, FLAGS);
            if (r == N) {
                return r;
            }
            if (r != -1 || Errno.errno() != sockets_h.EAGAIN()) {
                return fail("ffmErrno", r);
            }
        }
        return fail("ffmErrno (never arrived)", -1);
    }

    /** critical(false) for both calls. */
    @Benchmark
    public long ffmCritical() {
        if (Ffm.sendCritical(pair.client, msg, N, 0) != N) {
            return fail("ffmCritical send", -1);
        }
        for (int i = 0; i < MAX_RETRIES; i++) {
            long r = Ffm.recvCritical(pair.server, buf, N, FLAGS);
            if (r == N) {
                return r;
            }
            if (r != -1) {
                return fail("ffmCritical", r);
            }
        }
        return fail("ffmCritical (never arrived)", -1);
    }

    /** JNI for both calls. */
    @Benchmark
    public long jni() {
        if (Jni.send(pair.client, msgAddress, N, 0) != N) {
            return fail("jni send", -1);
        }
        for (int i = 0; i < MAX_RETRIES; i++) {
            long r = Jni.recv(pair.server, bufAddress, N, FLAGS);
            if (r == N) {
                return r;
            }
            if (r != -sockets_h.EAGAIN()) {
                return fail("jni", r);
            }
        }
        return fail("jni (never arrived)", -1);
    }

    /** jnr-ffi for both calls (send with @IgnoreError, recv saving errno). */
    @Benchmark
    public long jnrFfi() {
        if (Jnr.LIBC.send(pair.client, jnrMsg, N, 0) != N) {
            return fail("jnrFfi send", -1);
        }
        for (int i = 0; i < MAX_RETRIES; i++) {
            long r = Jnr.LIBC.recv(pair.server, jnrBuf, N, FLAGS);
            if (r == N) {
                return r;
            }
            if (r != -1) {
                return fail("jnrFfi", r);
            }
        }
        return fail("jnrFfi (never arrived)", -1);
    }

    /** NIO: blocking SocketChannel.write, non-blocking SocketChannel.read (direct buffers). */
    @Benchmark
    public int nio() throws Exception {
        nioMsg.clear();
        if (nioClient.write(nioMsg) != N) {
            return (int) fail("nio write", -1);
        }
        nioBuf.clear();
        for (int i = 0; i < MAX_RETRIES && nioBuf.hasRemaining(); i++) {
            nioServer.read(nioBuf);
        }
        return nioBuf.hasRemaining() ? (int) fail("nio (never arrived)", nioBuf.position()) : N;
    }

    /** java.net: Socket's OutputStream.write and InputStream.read (data is there: read does not wait). */
    @Benchmark
    public int jnet() throws Exception {
        jnetOut.write(jnetMsg, 0, N);
        int got = 0;
        while (got < N) {
            int r = jnetIn.read(jnetBuf, got, N - got);
            if (r <= 0) {
                return (int) fail("jnet", r);
            }
            got += r;
        }
        return got;
    }
}
