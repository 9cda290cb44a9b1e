package com.servicehub.bench;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;

/**
 * The generator's connections: opens them in ramps (at most {@code concurrency} handshakes in
 * flight, so the measured rate is the server's, not a SYN backlog's), tracks each one's state,
 * counts members per room, and passes pushed frames to the current {@link Deliveries}.
 * Callbacks arrive on the event loops; state changes are compare-and-set, so each connection is
 * counted once whatever order its failure signals come in.
 */
final class Fleet implements AutoCloseable {

    private static final int PENDING = 0;
    private static final int UPGRADED = 1;
    private static final int JOINED = 2;
    private static final int JOIN_REFUSED = 3;
    private static final int FAILED = 4;

    private final WsClient client;
    private final List<URI> wsUris;
    private final List<InetSocketAddress> remotes = new ArrayList<>();
    private final Audience audience;
    private final TokenMinter minter;
    private final SourceAddresses sources;
    private final Errors errors;
    private final Semaphore handshakeSlots;
    private final int concurrency;

    private final AtomicIntegerArray states;
    private final AtomicIntegerArray membersPerRoom;
    private final long[] connectStartNanos;
    private final Channel[] channels;
    private final AtomicInteger upgraded = new AtomicInteger();
    private final AtomicInteger joined = new AtomicInteger();
    private final AtomicInteger joinRefused = new AtomicInteger();
    private final AtomicInteger failedBeforeUpgrade = new AtomicInteger();
    private final AtomicInteger droppedAfterUpgrade = new AtomicInteger();
    private final AtomicLong lastUpgradeNanos = new AtomicLong();
    private final LongAdder earlyPushes = new LongAdder();
    private final LongAdder otherRoomPushes = new LongAdder();
    private volatile Histogram handshakeMicros = new ConcurrentHistogram(1, 120_000_000L, 3);
    private volatile Deliveries deliveries;
    private volatile LatencyProbe probe;
    private volatile boolean closing;
    private int opened;

    Fleet(
            WsClient client,
            List<URI> wsUris,
            Audience audience,
            TokenMinter minter,
            SourceAddresses sources,
            Errors errors,
            int concurrency) {
        this.client = client;
        this.wsUris = wsUris;
        this.audience = audience;
        this.minter = minter;
        this.sources = sources;
        this.errors = errors;
        this.concurrency = concurrency;
        this.handshakeSlots = new Semaphore(concurrency);
        int n = audience.connections();
        this.states = new AtomicIntegerArray(n);
        this.membersPerRoom = new AtomicIntegerArray(Math.max(1, audience.rooms()));
        this.connectStartNanos = new long[n];
        this.channels = new Channel[n];
        for (URI uri : wsUris) {
            int port = uri.getPort() > 0 ? uri.getPort() : ("wss".equals(uri.getScheme()) ? 443 : 80);
            remotes.add(new InetSocketAddress(uri.getHost(), port));
        }
    }

    Audience audience() {
        return audience;
    }

    int opened() {
        return opened;
    }

    /** Connections currently joined (or connected, for an audience without rooms). */
    int joinedNow() {
        return joined.get();
    }

    /** Connections currently in this room: the deliveries one event to it should cause. */
    int members(int room) {
        return membersPerRoom.get(room);
    }

    long earlyPushes() {
        return earlyPushes.sum();
    }

    /** Pushed frames that came through a room the connection did not join (not counted as deliveries). */
    long otherRoomPushes() {
        return otherRoomPushes.sum();
    }

    void otherRoom() {
        otherRoomPushes.increment();
    }

    /** From now on, pushed frames are measured into these tallies. */
    void measureInto(Deliveries tallies, LatencyProbe latencyProbe) {
        this.probe = latencyProbe;
        this.deliveries = tallies;
    }

    /**
     * Opens the next {@code count} connections of the audience and waits until each one joined,
     * was refused or failed (or until {@code timeout}).
     */
    RampResult open(int count, Duration timeout) throws InterruptedException {
        int from = opened;
        int to = Math.min(audience.connections(), from + count);
        handshakeMicros = new ConcurrentHistogram(1, 120_000_000L, 3);
        int upgradedBefore = upgraded.get();
        int joinedBefore = joined.get();
        int refusedBefore = joinRefused.get();
        int failedBefore = failedBeforeUpgrade.get();
        long deadline = System.nanoTime() + timeout.toNanos();
        long start = System.nanoTime();
        lastUpgradeNanos.set(start);
        for (int i = from; i < to; i++) {
            if (!handshakeSlots.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                errors.record("ramp timed out");
                break;
            }
            connectOne(i);
            opened = i + 1;
        }
        int target = opened - from;
        while (System.nanoTime() < deadline) {
            int settled = (upgraded.get() - upgradedBefore) + (failedBeforeUpgrade.get() - failedBefore);
            if (settled >= target && handshakeSlots.availablePermits() == concurrency && joinsSettled()) {
                break;
            }
            Thread.sleep(10);
        }
        return new RampResult(
                target,
                upgraded.get() - upgradedBefore,
                joined.get() - joinedBefore,
                joinRefused.get() - refusedBefore,
                failedBeforeUpgrade.get() - failedBefore,
                lastUpgradeNanos.get() - start,
                handshakeMicros.copy());
    }

    private boolean joinsSettled() {
        for (int i = 0; i < opened; i++) {
            if (states.get(i) == UPGRADED) {
                return false;
            }
        }
        return true;
    }

    private void connectOne(int i) {
        int room = audience.roomOf(i);
        String token = minter.mint(audience.userOf(i), audience.roleOf(i));
        int node = audience.nodeOf(i, wsUris.size());
        URI base = wsUris.get(node);
        URI upgradeUri = URI.create(base + (base.getRawQuery() == null ? "?" : "&") + "token=" + token);
        FrameHandler handler = new FrameHandler(this, i, node, room < 0 ? null : audience.roomName(room));
        connectStartNanos[i] = System.nanoTime();
        ChannelFuture future = client.connect(remotes.get(node), sources.forConnection(i), upgradeUri, handler);
        channels[i] = future.channel();
        future.addListener(f -> {
            if (!f.isSuccess()) {
                failed(i, "connect: " + describe(f.cause()));
            }
        });
    }

    // ---- callbacks from the event loops -------------------------------------------------

    boolean stillPending(int i) {
        return states.get(i) == PENDING;
    }

    void connected(int i, long nowNanos) {
        if (states.compareAndSet(i, PENDING, UPGRADED)) {
            handshakeMicros.recordValue(Math.min(120_000_000L, Math.max(0, (nowNanos - connectStartNanos[i]) / 1000)));
            lastUpgradeNanos.accumulateAndGet(nowNanos, Math::max);
            upgraded.incrementAndGet();
            handshakeSlots.release();
        }
    }

    void joined(int i) {
        if (states.compareAndSet(i, UPGRADED, JOINED)) {
            int room = audience.roomOf(i);
            if (room >= 0) {
                membersPerRoom.incrementAndGet(room);
            }
            joined.incrementAndGet();
        }
    }

    void errorFrame(int i, String code) {
        if (audience.roomOf(i) >= 0 && states.compareAndSet(i, UPGRADED, JOIN_REFUSED)) {
            joinRefused.incrementAndGet();
            errors.record("join refused " + code);
        } else {
            errors.record("error frame " + code);
        }
    }

    void left(int i, String reason) {
        // Out of its room for good (e.g. access revoked): settled, like a refused join.
        if (states.compareAndSet(i, JOINED, JOIN_REFUSED)) {
            leaveRoom(i);
        }
        errors.record("left_room " + reason);
    }

    void closedByServer(int i, int code, String reason) {
        if (!closing) {
            failed(i, "close " + code + (reason == null || reason.isEmpty() ? "" : " " + reason));
        }
    }

    void inactive(int i) {
        if (!closing) {
            failed(i, "disconnected");
        }
    }

    /** Counts a failure once per connection (the first signal wins) and frees its ramp slot. */
    void failed(int i, String reason) {
        while (true) {
            int state = states.get(i);
            if (state == FAILED) {
                return;
            }
            if (states.compareAndSet(i, state, FAILED)) {
                errors.record(reason);
                if (state == PENDING) {
                    failedBeforeUpgrade.incrementAndGet();
                    handshakeSlots.release();
                } else {
                    droppedAfterUpgrade.incrementAndGet();
                    if (state == JOINED) {
                        leaveRoom(i);
                    }
                }
                return;
            }
        }
    }

    private void leaveRoom(int i) {
        int room = audience.roomOf(i);
        if (room >= 0) {
            membersPerRoom.decrementAndGet(room);
        }
        joined.decrementAndGet();
    }

    /** How many WebSocket URLs (nodes) the connections are spread over. */
    int nodes() {
        return wsUris.size();
    }

    /** The receive hot path, for a connection to node {@code node}: one probe read, histogram records, one counter. */
    void pushed(int node, ByteBuf frame, FrameType type, long nowNanos) {
        Deliveries tallies = deliveries;
        if (tallies == null) {
            earlyPushes.increment();
            return;
        }
        long publishedAt = probe.publishedAt(frame, type);
        if (publishedAt < 0) {
            tallies.unmatched();
        } else {
            tallies.delivered(publishedAt, nowNanos, node);
        }
    }

    int droppedAfterUpgrade() {
        return droppedAfterUpgrade.get();
    }

    /** Closes every connection with a close frame and waits briefly for them to go. */
    @Override
    public void close() {
        closing = true;
        List<ChannelFuture> closes = new ArrayList<>();
        for (int i = 0; i < opened; i++) {
            Channel ch = channels[i];
            if (ch != null && ch.isOpen()) {
                closes.add(ch.close());
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (ChannelFuture f : closes) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !f.awaitUninterruptibly(left, TimeUnit.NANOSECONDS)) {
                break;
            }
        }
    }

    static String describe(Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : ": " + root.getMessage();
        if (message.length() > 100) {
            message = message.substring(0, 100) + "...";
        }
        return root.getClass().getSimpleName() + message;
    }
}
