package com.servicehub.bench;

import java.net.URI;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;

/**
 * Wires one client connection: HTTP upgrade, then WebSocket frames. Netty's protocol handler
 * answers the server's pings with pongs; close frames are passed on so that their codes (1008,
 * 1013, ...) can be counted. No compression extension is offered, and incoming text is not
 * UTF-8 validated: both would cost CPU that the server under test needs more.
 */
final class WsPipeline extends ChannelInitializer<SocketChannel> {

    static final int MAX_FRAME = 64 * 1024;

    private final URI upgradeUri;
    private final FrameHandler handler;

    WsPipeline(URI upgradeUri, FrameHandler handler) {
        this.upgradeUri = upgradeUri;
        this.handler = handler;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(upgradeUri)
                .version(WebSocketVersion.V13)
                .allowExtensions(false)
                .maxFramePayloadLength(MAX_FRAME)
                .handleCloseFrames(false)
                .dropPongFrames(true)
                .generateOriginHeader(false)
                .withUTF8Validator(false)
                .handshakeTimeoutMillis(15_000)
                .forceCloseTimeoutMillis(2_000)
                .build();
        ch.pipeline()
                .addLast(
                        new HttpClientCodec(),
                        new HttpObjectAggregator(8192),
                        new WebSocketClientProtocolHandler(config),
                        new WebSocketFrameAggregator(MAX_FRAME),
                        handler);
    }
}
