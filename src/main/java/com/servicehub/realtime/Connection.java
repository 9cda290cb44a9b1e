package com.servicehub.realtime;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

import com.servicehub.auth.CurrentUser;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.VoidChannelPromise;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.util.concurrent.FastThreadLocal;

/**
 * One app's WebSocket on this node. Kept small on purpose (tens of thousands per node): the
 * user, token expiry, liveness, the rooms joined and the rate-limit bucket. Writes go straight to
 * the Netty channel while it is under its write-buffer mark; past it they wait in a backlog
 * that exists only while the reader lags, and past the backlog's bound the reader is too slow.
 */
final class Connection {

    private static final AtomicIntegerFieldUpdater<Connection> CLOSING =
            AtomicIntegerFieldUpdater.newUpdater(Connection.class, "closing");
    private static final String[] NO_ROOMS = new String[0];
    private static final long DRAIN_EVERY_MILLIS = 5;

    final Channel channel;
    /**
     * Completes writes without a promise each, and without firing {@code exceptionCaught} when one
     * fails: a client that went away (broken pipe, reset) is an ordinary close, which Netty makes
     * of the failed write by itself, not an error for the log ({@code channel.voidPromise()} would
     * hand every such failure to Reactor Netty, which logs it at ERROR with a stack trace).
     */
    private final VoidChannelPromise quietly;

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
    /** How much may wait beyond the channel's write-buffer mark before the reader counts as slow. */
    int maxBacklogBytes = Integer.MAX_VALUE;
    /** Frames waiting for the socket, on the event loop; null when none wait (almost always). */
    private ArrayDeque<ByteBuf> backlog;

    private int backlogBytes;

    Connection(long id, Channel channel, CurrentUser user, long expiresAtMillis, RateLimiter limiter, long now) {
        this.id = id;
        this.channel = channel;
        this.quietly = new VoidChannelPromise(channel, false);
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

    // writing (on the event loop)

    /** What {@link #offer} did with a frame. */
    enum Offer {
        /** Written to the channel: flush it. */
        WRITTEN,
        /** Kept in the backlog until the socket takes more. */
        QUEUED,
        /** Dropped: the backlog is full, the reader is too slow. */
        OVERFLOW,
        /** Dropped: the connection is closing. */
        CLOSING
    }

    /**
     * Hands a whole WebSocket frame (see {@link FrameEncoder#toWireFrame}) to the channel, taking
     * ownership of it. While the channel is over its write-buffer mark, frames wait in this
     * connection's backlog instead, up to {@link #maxBacklogBytes}; unlike what the channel
     * holds, the backlog has never been offered to the socket, so a close can drop it whole and
     * the close frame follows right after what is already on its way.
     */
    Offer offer(ByteBuf frame) {
        if (isClosing()) {
            frame.release();
            return Offer.CLOSING;
        }
        if (backlog == null) {
            if (!channel.isWritable()) {
                // Flushes are coalesced per loop turn, so the mark may only be full of what this
                // turn wrote and never offered to the socket: offer it, then judge the reader.
                channel.flush();
            }
            if (channel.isWritable()) {
                channel.write(frame, quietly);
                return Offer.WRITTEN;
            }
        }
        int size = frame.readableBytes();
        if (backlogBytes + size > maxBacklogBytes) {
            frame.release();
            return Offer.OVERFLOW;
        }
        if (backlog == null) {
            backlog = new ArrayDeque<>();
            scheduleDrain();
        }
        backlog.addLast(frame);
        backlogBytes += size;
        return Offer.QUEUED;
    }

    /** Bytes waiting in the backlog, on the event loop. */
    int backlogBytes() {
        return backlogBytes;
    }

    /**
     * Puts this connection among its event loop's lagging readers, whose backlogs are looked at
     * every few milliseconds; nobody else's are.
     */
    private void scheduleDrain() {
        LAGGING.get().add(this);
    }

    /** Offers what the socket takes now; returns true when the backlog is empty (or gone). */
    private boolean drain() {
        if (backlog == null) {
            return true;
        }
        boolean wrote = false;
        while (!backlog.isEmpty() && channel.isWritable()) {
            ByteBuf frame = backlog.pollFirst();
            backlogBytes -= frame.readableBytes();
            channel.write(frame, quietly);
            wrote = true;
        }
        if (wrote) {
            channel.flush();
        }
        if (backlog.isEmpty()) {
            backlog = null;
            return true;
        }
        return false;
    }

    private static final FastThreadLocal<Lagging> LAGGING = new FastThreadLocal<>() {
        @Override
        protected Lagging initialValue() {
            return new Lagging();
        }
    };

    /**
     * One event loop's connections with a backlog, drained by one timer for all of them: under
     * load (a big room, a slow network) thousands of readers lag at once, and a timer each made
     * a scheduled task per reader every few milliseconds, a quarter of the loops' Java time in a
     * big-room profile.
     */
    private static final class Lagging implements Runnable {

        private final ArrayList<Connection> connections = new ArrayList<>();
        private boolean scheduled;

        void add(Connection connection) {
            connections.add(connection);
            if (!scheduled) {
                scheduled = true;
                connection.channel.eventLoop().schedule(this, DRAIN_EVERY_MILLIS, TimeUnit.MILLISECONDS);
            }
        }

        @Override
        public void run() {
            EventLoop loop = null;
            int kept = 0;
            for (int i = 0; i < connections.size(); i++) {
                Connection connection = connections.get(i);
                loop = connection.channel.eventLoop();
                if (!connection.drain()) {
                    connections.set(kept++, connection);
                }
            }
            connections.subList(kept, connections.size()).clear();
            if (connections.isEmpty() || loop == null) {
                scheduled = false;
            } else {
                loop.schedule(this, DRAIN_EVERY_MILLIS, TimeUnit.MILLISECONDS);
            }
        }
    }

    private void dropBacklog() {
        if (backlog != null) {
            backlog.forEach(ByteBuf::release);
            backlog = null;
            backlogBytes = 0;
        }
    }

    void ping() {
        if (!isClosing()) {
            channel.writeAndFlush(new PingWebSocketFrame(), quietly);
        }
    }

    /**
     * Sends a close frame right behind what the socket already has (the backlog is dropped: the
     * client recovers it with {@code since}), then cuts the TCP connection once the frame is
     * written, or after {@code grace} for a client that does not read. The socket's own send
     * buffer is bounded (see {@link RealtimeProperties#socketSendBufferBytes}), so a reader that
     * pauses and then reads again within the grace gets the close frame and its code.
     */
    boolean close(int code, String reason, Duration grace) {
        if (!CLOSING.compareAndSet(this, 0, 1)) {
            return false;
        }
        closeCode = code;
        if (!channel.isActive()) {
            return true;
        }
        if (channel.eventLoop().inEventLoop()) {
            sendClose(code, reason, grace);
        } else {
            channel.eventLoop().execute(() -> sendClose(code, reason, grace));
        }
        return true;
    }

    private void sendClose(int code, String reason, Duration grace) {
        dropBacklog();
        channel.writeAndFlush(new CloseWebSocketFrame(code, reason)).addListener(written -> {
            // Half-close: a FIN behind the close frame. Closing the socket outright while the client
            // is still sending (a flood, pings) would answer its data with a reset, and a reset can
            // make the client drop the close frame it had not read yet: it would see 1006, not the
            // code. What it sends meanwhile is read and discarded until it closes, or the grace ends.
            if (written.isSuccess() && channel instanceof DuplexChannel duplex && !duplex.isOutputShutdown()) {
                duplex.shutdownOutput();
            } else {
                channel.close();
            }
        });
        channel.eventLoop()
                .schedule(
                        () -> {
                            channel.close();
                        },
                        grace.toMillis(),
                        TimeUnit.MILLISECONDS);
    }
}
