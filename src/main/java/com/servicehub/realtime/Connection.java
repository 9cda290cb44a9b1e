package com.servicehub.realtime;

import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

import com.servicehub.auth.CurrentUser;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;

/**
 * One app's WebSocket on this node. Kept small on purpose (tens of thousands per node): the
 * user, token expiry, liveness, the rooms joined and the rate-limit bucket. Writes go straight to
 * the Netty channel; the channel's write-buffer water mark bounds what may queue for it.
 */
final class Connection {

    private static final AtomicIntegerFieldUpdater<Connection> CLOSING =
            AtomicIntegerFieldUpdater.newUpdater(Connection.class, "closing");
    private static final String[] NO_ROOMS = new String[0];

    final Channel channel;
    final long id;
    final long openedAtNanos;
    volatile CurrentUser user;
    volatile long expiresAtMillis;
    volatile long lastSeenNanos;
    volatile long lastPingNanos;
    /** Set when the server closes the connection. */
    volatile int closeCode;
    /** Set when the client's close frame arrives. */
    volatile int clientCloseCode;
    private volatile int closing;
    /** Rooms joined; replaced, never mutated, under this object's lock. */
    private volatile String[] rooms = NO_ROOMS;
    final RateLimiter limiter;
    /** Set on the event loop when written to since the last flush. */
    boolean dirty;

    Connection(long id, Channel channel, CurrentUser user, long expiresAtMillis, RateLimiter limiter, long now) {
        this.id = id;
        this.channel = channel;
        this.user = user;
        this.expiresAtMillis = expiresAtMillis;
        this.limiter = limiter;
        this.openedAtNanos = now;
        this.lastSeenNanos = now;
        this.lastPingNanos = now;
    }

    UUID userId() {
        return user.id();
    }

    boolean isClosing() {
        return closing != 0;
    }

    // rooms

    String[] rooms() {
        return rooms;
    }

    boolean inRoom(String room) {
        for (String joined : rooms) {
            if (joined.equals(room)) {
                return true;
            }
        }
        return false;
    }

    int roomCount() {
        return rooms.length;
    }

    synchronized boolean addRoom(String room) {
        if (inRoom(room)) {
            return false;
        }
        String[] next = Arrays.copyOf(rooms, rooms.length + 1);
        next[rooms.length] = room;
        rooms = next;
        return true;
    }

    synchronized boolean removeRoom(String room) {
        String[] current = rooms;
        for (int i = 0; i < current.length; i++) {
            if (current[i].equals(room)) {
                String[] next = new String[current.length - 1];
                System.arraycopy(current, 0, next, 0, i);
                System.arraycopy(current, i + 1, next, i, current.length - i - 1);
                rooms = next;
                return true;
            }
        }
        return false;
    }

    // writing

    void sendBytes(byte[] json) {
        if (isClosing()) {
            return;
        }
        channel.writeAndFlush(new TextWebSocketFrame(io.netty.buffer.Unpooled.wrappedBuffer(json)), channel.voidPromise());
    }

    void sendText(String text) {
        if (isClosing()) {
            return;
        }
        channel.writeAndFlush(new TextWebSocketFrame(text), channel.voidPromise());
    }

    void ping() {
        if (!isClosing()) {
            channel.writeAndFlush(new PingWebSocketFrame(), channel.voidPromise());
        }
    }

    /**
     * Sends a close frame, then cuts the TCP connection once it is written, or after {@code grace}
     * for a client that does not read (a slow reader's close frame waits behind its backlog).
     */
    boolean close(int code, String reason, Duration grace) {
        if (!CLOSING.compareAndSet(this, 0, 1)) {
            return false;
        }
        closeCode = code;
        if (!channel.isActive()) {
            return true;
        }
        channel.writeAndFlush(new CloseWebSocketFrame(code, reason)).addListener(ChannelFutureListener.CLOSE);
        channel.eventLoop().schedule(() -> {
            channel.close();
        }, grace.toMillis(), TimeUnit.MILLISECONDS);
        return true;
    }
}
