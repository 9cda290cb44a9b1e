package com.servicehub.bench;

import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;

/**
 * One connection's behaviour: wait for {@code connected}, send the join (the only client frame,
 * well inside the 20 frames/s limit), then hand every pushed event to the {@link Fleet}. Reading
 * never stops, so the server has no reason to close the connection as a slow reader (1013).
 */
final class FrameHandler extends SimpleChannelInboundHandler<WebSocketFrame> {

    private static final byte[] CODE = FrameScan.key("code");
    private static final byte[] ROOM = FrameScan.key("room");
    private static final byte[] REASON = FrameScan.key("reason");
    private static final long CONNECTED_TIMEOUT_SECONDS = 20;

    private final Fleet fleet;
    private final int index;
    /** Which of the WebSocket URLs this connection uses, for per-node latency. */
    private final int node;

    private final String joinFrame;
    /** The joined room as a quoted JSON string, to check the {@code room} of pushed frames. */
    private final byte[] quotedRoom;

    FrameHandler(Fleet fleet, int index, int node, String room) {
        this.fleet = fleet;
        this.index = index;
        this.node = node;
        this.joinFrame = room == null ? null : "{\"type\":\"join\",\"room\":\"" + room + "\"}";
        this.quotedRoom = room == null ? null : ("\"" + room + "\"").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        ctx.executor()
                .schedule(
                        () -> {
                            if (fleet.stillPending(index)) {
                                fleet.failed(index, "no connected frame within " + CONNECTED_TIMEOUT_SECONDS + " s");
                                ctx.close();
                            }
                        },
                        CONNECTED_TIMEOUT_SECONDS,
                        TimeUnit.SECONDS);
        super.channelActive(ctx);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        long now = System.nanoTime();
        if (frame instanceof TextWebSocketFrame) {
            ByteBuf content = frame.content();
            FrameType type = FrameType.of(content);
            if (type.isEvent()) {
                if (fromOtherRoom(content)) {
                    fleet.otherRoom();
                } else {
                    fleet.pushed(node, content, type, now);
                }
                return;
            }
            switch (type) {
                case CONNECTED -> {
                    fleet.connected(index, now);
                    if (joinFrame != null) {
                        ctx.writeAndFlush(new TextWebSocketFrame(joinFrame));
                    } else {
                        fleet.joined(index);
                    }
                }
                case JOINED_ROOM -> fleet.joined(index);
                case ERROR -> fleet.errorFrame(index, String.valueOf(FrameScan.string(content, CODE)));
                case LEFT_ROOM -> fleet.left(index, String.valueOf(FrameScan.string(content, REASON)));
                default -> {
                    // pong, authenticated, typing and unknown types: nothing to count
                }
            }
        } else if (frame instanceof CloseWebSocketFrame close) {
            fleet.closedByServer(index, close.statusCode(), close.reasonText());
            ctx.close();
        } else if (frame instanceof BinaryWebSocketFrame) {
            fleet.errorFrame(index, "binary frame");
        }
    }

    /**
     * True when the frame names a room other than the one this connection joined, e.g. a
     * {@code user:} room the server joined on its own: such copies are not the ones the scenario
     * expects, and counting them would hide losses. Frames without {@code room} are accepted.
     */
    private boolean fromOtherRoom(io.netty.buffer.ByteBuf content) {
        if (quotedRoom == null) {
            return false;
        }
        int at = FrameScan.valueIndex(content, ROOM);
        return at >= 0 && !FrameScan.startsWith(content, at, quotedRoom);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt == ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
            fleet.failed(index, "handshake timeout");
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        fleet.inactive(index);
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fleet.failed(index, Fleet.describe(cause));
        ctx.close();
    }
}
