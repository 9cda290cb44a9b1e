package com.servicehub.bench;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/**
 * The Netty side of the generator: one event loop per core (epoll when available) shared by all
 * connections, so that twenty thousand sockets cost twenty thousand channels and no threads.
 */
final class WsClient implements AutoCloseable {

    private final EventLoopGroup group;
    private final Bootstrap template;
    private final String transport;

    WsClient(int threads) {
        boolean epoll = Epoll.isAvailable();
        group = new MultiThreadIoEventLoopGroup(
                threads, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        Class<? extends SocketChannel> channelType = epoll ? EpollSocketChannel.class : NioSocketChannel.class;
        transport = (epoll ? "epoll" : "nio") + ", " + threads + " event loop" + (threads == 1 ? "" : "s");
        template = new Bootstrap()
                .group(group)
                .channel(channelType)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 15_000);
        if (epoll) {
            // Binding to a source address normally picks the port at bind(), scanning for one that
            // no socket on that address uses: quadratic over a ramp of thousands. With this option the
            // kernel picks it at connect(), by 4-tuple, which stays fast.
            template.option(EpollChannelOption.IP_BIND_ADDRESS_NO_PORT, true);
        }
    }

    String transport() {
        return transport;
    }

    /** Connects to a resolved remote address, bound to {@code local} unless it is null. */
    ChannelFuture connect(InetSocketAddress remote, InetSocketAddress local, URI upgradeUri, FrameHandler handler) {
        Bootstrap bootstrap = template.clone().handler(new WsPipeline(upgradeUri, handler));
        return local == null ? bootstrap.connect(remote) : bootstrap.connect(remote, local);
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
