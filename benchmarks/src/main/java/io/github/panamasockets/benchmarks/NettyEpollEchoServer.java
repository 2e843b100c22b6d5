/*
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.panamasockets.benchmarks;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.epoll.EpollServerSocketChannel;

/**
 * The epoll lane's rival (benchmarks/run, section 5): an echo server on Netty's native epoll
 * transport, written as Netty's own echo example is (write each read, flush when the read
 * batch is done), with Netty's defaults otherwise (its allocator, TCP_NODELAY on accepted
 * channels, edge-triggered epoll). One event-loop thread accepts and serves, as the one thread
 * of EpollEchoServer does; the listen backlog is EpollEchoServer's, 1024.
 * Usage: NettyEpollEchoServer <port>. Runs until killed.
 */
public final class NettyEpollEchoServer {

    private NettyEpollEchoServer() {
    }

    @ChannelHandler.Sharable
    static final class Echo extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.write(msg);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close(); // a peer that reset: its connection ends, the server goes on
        }
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 1) {
            System.err.println("Usage: NettyEpollEchoServer <port>");
            System.exit(1);
        }
        Epoll.ensureAvailability(); // the native transport or nothing: never a silent fallback
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        Echo echo = new Echo();
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .channel(EpollServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childHandler(echo);
        ChannelFuture bound = b.bind(Integer.parseInt(args[0])).sync();
        bound.channel().closeFuture().sync();
    }
}
