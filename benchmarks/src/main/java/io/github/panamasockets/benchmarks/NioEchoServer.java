/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.benchmarks;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Iterator;

/**
 * The JDK's answer in the epoll lane (benchmarks/run, section 5): an NIO Selector echo server
 * (on Linux the selector is epoll, level-triggered), one thread, as EpollEchoServer: a read is
 * written back at once; what the socket does not take is kept in the connection's buffer and
 * finished on OP_WRITE before the next read. Listen backlog 1024, as EpollEchoServer's.
 * Usage: NioEchoServer <port>. Runs until killed.
 */
public final class NioEchoServer {

    private NioEchoServer() {
    }

    static final int BUFSIZE = 4096; // EpollEchoServer's recv() size

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("Usage: NioEchoServer <port>");
            System.exit(1);
        }
        Selector selector = Selector.open();
        ServerSocketChannel server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress(Integer.parseInt(args[0])), 1024);
        server.configureBlocking(false);
        server.register(selector, SelectionKey.OP_ACCEPT);
        for (;;) {
            selector.select();
            for (Iterator<SelectionKey> it = selector.selectedKeys().iterator(); it.hasNext(); ) {
                SelectionKey key = it.next();
                it.remove();
                try {
                    if (key.isAcceptable()) {
                        SocketChannel client = server.accept();
                        if (client != null) {
                            client.configureBlocking(false);
                            client.register(selector, SelectionKey.OP_READ, ByteBuffer.allocateDirect(BUFSIZE));
                        }
                    } else if (key.isWritable()) {
                        SocketChannel client = (SocketChannel) key.channel();
                        ByteBuffer buf = (ByteBuffer) key.attachment();
                        client.write(buf);
                        if (!buf.hasRemaining()) { // all out: read again
                            key.interestOps(SelectionKey.OP_READ);
                        }
                    } else if (key.isReadable()) {
                        SocketChannel client = (SocketChannel) key.channel();
                        ByteBuffer buf = (ByteBuffer) key.attachment();
                        buf.clear();
                        int n = client.read(buf);
                        if (n < 0) {
                            key.cancel();
                            client.close();
                            continue;
                        }
                        buf.flip();
                        client.write(buf);
                        if (buf.hasRemaining()) { // keep the rest, read nothing more until it has gone out
                            key.interestOps(SelectionKey.OP_WRITE);
                        }
                    }
                } catch (IOException peerGone) { // a reset peer ends its own connection only
                    key.cancel();
                    key.channel().close();
                }
            }
        }
    }
}
