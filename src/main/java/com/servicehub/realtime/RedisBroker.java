package com.servicehub.realtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

/**
 * The broker of a cluster: each room's stream lives in Redis ({@link RedisScripts}), so a client
 * can recover on any node, and nodes share publications over Redis Pub/Sub on the contract's
 * channels (CONTRACT §4).
 *
 * <p>Publishing appends the event to each of its rooms' streams, hands it to this node with the
 * positions it got, then publishes the contract's payload with those positions. Receiving hands
 * the events of rooms this node follows to the node, on Lettuce's I/O thread; the node puts them
 * in order. Events from other services (no positions) are delivered live.
 *
 * <p>Without Redis a node keeps serving its own connections: a room's events get positions of a
 * local stream, under an epoch no shared history has, and once Redis is back the shared epochs
 * of the rooms concerned are renewed, so no client is ever told it recovered a range that the
 * shared history does not hold.
 */
class RedisBroker implements Broker {

    private static final Logger log = LoggerFactory.getLogger(RedisBroker.class);

    private static final String[] CHANNELS = {
        RedisPayloads.BOOKING_STATUS,
        RedisPayloads.SUPPORT_MESSAGE,
        RedisPayloads.TECHNICIAN_LOCATION,
        RedisPayloads.TICKET_STATUS,
        RedisPayloads.TYPING,
        RedisPayloads.REVOKE
    };

    private final RedisConnections redis;
    private final RedisPayloads payloads;
    private final RealtimeMetrics metrics;
    private final HistoryProperties retention;
    private final String nodeId;
    private final Duration idleExpiry;
    private final Set<String> subscribed = ConcurrentHashMap.newKeySet();
    /**
     * Publications (room and id) this node delivered to its own members while Redis could not
     * take them. When the outbox publishes one through Redis later (this node's sweeper or
     * another's), its members here have it already: they are not sent it a second time.
     */
    private final Cache<String, Boolean> deliveredAlone = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofHours(1))
            .maximumSize(100_000)
            .build();
    /** Streams of rooms whose events could not reach Redis, kept on this node alone. */
    private final Map<String, LocalStream> localStreams = new ConcurrentHashMap<>();
    /**
     * Rooms whose shared stream missed events published without an id (not from the outbox, so
     * never published again): their epoch is renewed once Redis is back. Publications with an id
     * are published again until Redis has them.
     */
    private final Set<String> degradedRooms = ConcurrentHashMap.newKeySet();

    private final AtomicLong localGenerations = new AtomicLong();
    /** The last position this node's own appends got, per room (the most recently published rooms). */
    private final Map<String, StreamPosition> ownAppends = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, StreamPosition> eldest) {
            return size() > 10_000;
        }
    };

    private volatile Handler handler;

    /** A room's stream on this node alone, while Redis cannot take its events. */
    /** What this node published in a room while Redis could not take it. */
    private static final class LocalStream {
        /** The publications it holds, by id, so one published again is not delivered twice. */
        final Map<UUID, StreamPosition> held = new java.util.LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<UUID, StreamPosition> eldest) {
                return size() > 1_000;
            }
        };
    }

    RedisBroker(
            RedisConnections redis,
            RedisPayloads payloads,
            RealtimeMetrics metrics,
            HistoryProperties retention,
            NodeId nodeId,
            Duration idleExpiry) {
        this.redis = redis;
        this.payloads = payloads;
        this.metrics = metrics;
        this.retention = retention;
        this.nodeId = nodeId.value();
        this.idleExpiry = idleExpiry;
    }

    @Override
    public void run(Handler handler) {
        this.handler = handler;
        redis.start(CHANNELS, this::received, this::renewDegradedEpochs, handler::handleResubscribed);
    }

    // publishing

    @Override
    public CompletableFuture<Published> publish(Publication publication) {
        long publishedAt = System.nanoTime();
        RoomEvent event = publication.event();
        List<String> rooms = event.rooms();
        RedisClusterAsyncCommands<String, String> commands = redis.commands();
        if (commands == null) {
            Map<String, StreamPosition> positions = new LinkedHashMap<>();
            rooms.forEach(room -> positions.put(room, publishLocally(room, publication, publishedAt)));
            return CompletableFuture.completedFuture(new Published(positions, false));
        }
        String stored = payloads.encodeStored(event);
        String[] arguments = {
            "e" + UUID.randomUUID().toString().substring(0, 8),
            Long.toString(System.currentTimeMillis()),
            Integer.toString(retention.size()),
            Long.toString(retention.ttl().toMillis()),
            Long.toString(keyExpiryMillis()),
            stored,
            publication.id() == null ? "" : publication.id().toString(),
            publication.orderKey() == null ? "" : publication.orderKey(),
            Long.toString(publication.version())
        };
        List<CompletableFuture<List<String>>> appends = new ArrayList<>(rooms.size());
        for (String room : rooms) {
            appends.add(RedisScripts.call(
                    commands, RedisScripts.APPEND, ScriptOutputType.MULTI, RedisScripts.keys(room), arguments));
        }
        // Completes on Lettuce's I/O thread in the order Redis answered, which is the order of the
        // appends: the node receives a room's events in offset order.
        return CompletableFuture.allOf(appends.toArray(CompletableFuture[]::new))
                .handle((done, failure) -> {
                    Map<String, StreamPosition> positions = new LinkedHashMap<>();
                    Map<String, Long> offsets = new LinkedHashMap<>();
                    Map<String, String> epochs = new LinkedHashMap<>();
                    List<String> rollbacks = new ArrayList<>(0);
                    boolean shared = true;
                    for (int i = 0; i < rooms.size(); i++) {
                        String room = rooms.get(i);
                        CompletableFuture<List<String>> append = appends.get(i);
                        if (append.isCompletedExceptionally()) {
                            publishFailed(append);
                            shared = false;
                            if (publication.id() == null || !timedOut(append)) {
                                positions.put(room, publishLocally(room, publication, publishedAt));
                            }
                            // else: Redis may hold it yet; its outbox row stays and is published
                            // again through Redis, so no client gets it twice under two positions.
                            continue;
                        }
                        List<String> result = append.join();
                        if ("stale".equals(result.get(2))) {
                            continue; // a newer version is in the room already
                        }
                        StreamPosition position =
                                new StreamPosition(Long.parseLong(result.get(0)), epoch(result.get(1), result.get(3)));
                        localStreams.remove(room);
                        if ("appended".equals(result.get(2)) && wentBack(room, position)) {
                            rollbacks.add(room);
                            shared = false; // published again once the room has a new epoch
                            continue;
                        }
                        if (deliveredAloneBefore(room, publication.id())) {
                            handler.handleDeliveredAlready(room, event, position);
                        } else {
                            handler.handlePublication(room, event, position, publishedAt);
                        }
                        positions.put(room, position);
                        offsets.put(room, position.offset());
                        epochs.put(room, position.epoch());
                    }
                    if (shared) {
                        redis.publishSucceeded();
                    }
                    if (!rollbacks.isEmpty()) {
                        renewAfterRollback(rollbacks);
                    }
                    if (!offsets.isEmpty()) {
                        String channel = RedisPayloads.channelOf(event);
                        commands.publish(channel, payloads.encode(event, nodeId, offsets, epochs, publication.id()))
                                .thenRun(() -> metrics.redisPublished(channel));
                    }
                    return new Published(positions, shared);
                });
    }

    private static boolean isTimeout(Throwable error) {
        Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause()
                : error;
        return cause instanceof io.lettuce.core.RedisCommandTimeoutException;
    }

    private static boolean timedOut(CompletableFuture<?> append) {
        try {
            append.join();
            return false;
        } catch (java.util.concurrent.CompletionException ex) {
            return isTimeout(ex);
        }
    }

    /**
     * The epoch clients see: the stream's, and the Redis process that holds it. A Redis that comes
     * back with older data (a snapshot, a promoted replica) is another process, so every epoch
     * changes with it.
     */
    static String epoch(String stored, String runId) {
        return stored + "." + runId;
    }

    /**
     * Whether this node's append got an offset at or below one it got before under the same
     * epoch: appends only ever count up, so the stream went back (its Redis lost writes without
     * restarting, which would have changed the epoch).
     */
    private boolean wentBack(String room, StreamPosition position) {
        synchronized (ownAppends) {
            StreamPosition before = ownAppends.put(room, position);
            return before != null && before.epoch().equals(position.epoch()) && position.offset() <= before.offset();
        }
    }

    /**
     * A room whose stream went back gets a new epoch, so no client takes its re-issued offsets for
     * the old ones; the publication stays unconfirmed and is published again under the new epoch.
     */
    private void renewAfterRollback(List<String> rooms) {
        RedisClusterAsyncCommands<String, String> commands = redis.commands();
        for (String room : rooms) {
            log.warn("The stream of {} went back under the same epoch; renewing its epoch", room);
            synchronized (ownAppends) {
                ownAppends.remove(room);
            }
            if (commands != null) {
                RedisScripts.call(
                        commands,
                        RedisScripts.RENEW,
                        ScriptOutputType.INTEGER,
                        RedisScripts.keys(room),
                        "r" + UUID.randomUUID().toString().substring(0, 8),
                        Long.toString(keyExpiryMillis()));
            }
        }
    }

    private void publishFailed(CompletableFuture<?> append) {
        Throwable error;
        try {
            append.join();
            return;
        } catch (RuntimeException ex) {
            error = ex.getCause() != null ? ex.getCause() : ex;
        }
        if (redis.publishFailed(error)) {
            log.warn("Redis refuses publications ({}); delivering to this node's connections only", error.toString());
        }
    }

    @Override
    public boolean shares() {
        return redis.connected() && redis.publishing();
    }

    /**
     * Redis cannot take the event: this node's members still get it, each such event under an
     * epoch of its own. Other nodes' changes of the room cannot reach this node meanwhile, so no
     * two local events may look continuous: every one tells its clients "you may have missed
     * something" (a new epoch), and apps reload the room over REST, where the other nodes'
     * changes are. A publication it had already is not delivered again.
     */
    private StreamPosition publishLocally(String room, Publication publication, long publishedAt) {
        if (publication.id() == null) {
            degradedRooms.add(room);
        }
        LocalStream stream = localStreams.computeIfAbsent(room, name -> new LocalStream());
        synchronized (stream) {
            StreamPosition held = publication.id() == null ? null : stream.held.get(publication.id());
            if (held != null) {
                return held;
            }
            StreamPosition position =
                    new StreamPosition(1, "local-" + nodeId + "-" + localGenerations.incrementAndGet());
            if (publication.id() != null) {
                stream.held.put(publication.id(), position);
                deliveredAlone.put(aloneKey(room, publication.id()), Boolean.TRUE);
            }
            handler.handlePublication(room, publication.event(), position, publishedAt);
            return position;
        }
    }

    /** True (once) when this node delivered the publication to the room's members here already. */
    private boolean deliveredAloneBefore(String room, UUID publication) {
        return publication != null && deliveredAlone.asMap().remove(aloneKey(room, publication)) != null;
    }

    private static String aloneKey(String room, UUID publication) {
        return room + ' ' + publication;
    }

    @Override
    public CompletableFuture<History> history(String room, long sinceOffset, String epoch, int limit) {
        RedisClusterAsyncCommands<String, String> commands = redis.commands();
        if (commands == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("not connected to Redis"));
        }
        return RedisScripts.<List<String>>call(
                        commands,
                        RedisScripts.READ,
                        ScriptOutputType.MULTI,
                        RedisScripts.keys(room),
                        "j" + UUID.randomUUID().toString().substring(0, 8),
                        Long.toString(keyExpiryMillis()),
                        Long.toString(sinceOffset),
                        Integer.toString(limit),
                        Long.toString(
                                System.currentTimeMillis() - retention.ttl().toMillis()),
                        epoch == null ? "" : epoch)
                .thenApply(this::history);
    }

    private History history(List<String> result) {
        List<History.Entry> entries = new ArrayList<>(result.size() - 3);
        for (String raw : result.subList(3, result.size())) {
            int first = raw.indexOf(':');
            int second = raw.indexOf(':', first + 1);
            int third = raw.indexOf(':', second + 1);
            long offset = Long.parseLong(raw.substring(0, first));
            // An entry that cannot be read is left out: the recovery then sees a gap, never a lie.
            payloads.decodeStored(raw.substring(third + 1))
                    .ifPresent(event -> entries.add(new History.Entry(offset, event)));
        }
        return new History(
                new StreamPosition(Long.parseLong(result.get(1)), epoch(result.get(0), result.get(2))), entries);
    }

    @Override
    public void subscribe(String room) {
        subscribed.add(room);
    }

    @Override
    public void unsubscribe(String room) {
        subscribed.remove(room);
    }

    @Override
    public void publishTyping(ServerFrame.Typing typing, long senderConnection) {
        handler.handleTyping(typing, senderConnection);
        publishQuietly(RedisPayloads.TYPING, payloads.encodeTyping(typing, nodeId));
    }

    @Override
    public void publishRevocation(String room, UUID userId) {
        handler.handleRevocation(room, userId);
        publishQuietly(RedisPayloads.REVOKE, payloads.encodeRevocation(room, userId, nodeId));
    }

    private void publishQuietly(String channel, String payload) {
        RedisClusterAsyncCommands<String, String> commands = redis.commands();
        if (commands != null) {
            commands.publish(channel, payload).whenComplete((receivers, error) -> {
                if (error == null) {
                    metrics.redisPublished(channel);
                }
            });
        }
    }

    // receiving: on Lettuce's I/O thread, so only decoding and handing over

    private void received(String channel, String message) {
        metrics.redisReceived(channel);
        switch (channel) {
            case RedisPayloads.TYPING ->
                payloads.decodeTyping(message)
                        .ifPresentOrElse(
                                received -> {
                                    if (!nodeId.equals(received.origin())
                                            && subscribed.contains(
                                                    received.typing().room())) {
                                        handler.handleTyping(received.typing(), 0);
                                    }
                                },
                                () -> malformed(channel));
            case RedisPayloads.REVOKE ->
                payloads.decodeRevocation(message)
                        .ifPresentOrElse(
                                received -> {
                                    if (!nodeId.equals(received.origin()) && subscribed.contains(received.room())) {
                                        handler.handleRevocation(received.room(), received.userId());
                                    }
                                },
                                () -> malformed(channel));
            default ->
                payloads.decode(channel, message)
                        .ifPresentOrElse(
                                received -> {
                                    if (nodeId.equals(received.origin())) {
                                        return;
                                    }
                                    long now = System.nanoTime();
                                    for (String room : received.event().rooms()) {
                                        if (subscribed.contains(room)) {
                                            Long offset = received.offsets().get(room);
                                            String epoch = received.epochs().get(room);
                                            if (offset != null
                                                    && epoch != null
                                                    && deliveredAloneBefore(room, received.publication())) {
                                                handler.handleDeliveredAlready(
                                                        room, received.event(), new StreamPosition(offset, epoch));
                                                continue;
                                            }
                                            handler.handlePublication(
                                                    room,
                                                    received.event(),
                                                    offset == null || epoch == null
                                                            ? null
                                                            : new StreamPosition(offset, epoch),
                                                    now);
                                        }
                                    }
                                },
                                () -> malformed(channel));
        }
    }

    private static void malformed(String channel) {
        log.warn("Ignored a malformed message on {}", channel);
    }

    // after Redis was away

    /** Runs once a second while Redis is connected: renews the epochs of rooms that had events without it. */
    private void renewDegradedEpochs() {
        if (degradedRooms.isEmpty()) {
            return;
        }
        RedisClusterAsyncCommands<String, String> commands = redis.commands();
        List<String> rooms = new ArrayList<>(degradedRooms);
        int renewed = 0;
        for (String room : rooms) {
            try {
                RedisScripts.call(
                                commands,
                                RedisScripts.RENEW,
                                ScriptOutputType.INTEGER,
                                RedisScripts.keys(room),
                                "r" + UUID.randomUUID().toString().substring(0, 8),
                                Long.toString(keyExpiryMillis()))
                        .get(5, TimeUnit.SECONDS);
                degradedRooms.remove(room);
                renewed++;
            } catch (Exception ex) {
                if (ex instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                log.debug("Could not renew the epoch of {} yet: {}", room, ex.toString());
                break;
            }
        }
        if (renewed > 0) {
            log.info("Renewed the history epoch of {} rooms that had events while Redis was away", renewed);
        }
    }

    private long keyExpiryMillis() {
        return Math.max(idleExpiry.toMillis(), retention.ttl().toMillis());
    }
}
