package com.servicehub.realtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;

import com.servicehub.system.Timestamps;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;

/**
 * The broker of a cluster: nodes share events over Redis Pub/Sub (CONTRACT §4) and keep each
 * room's history and offsets in Redis, so a client can recover on any node.
 *
 * <p>Publishing: one script assigns the room offsets and appends to the histories atomically;
 * the node then delivers to its own connections and publishes the contract payload (with the
 * offsets) on the seed channel. Receiving: one subscription set per node, drained at once onto a
 * single thread that delivers in offset order; a jump in a room's offsets is filled from the
 * history before the next event is delivered, and a late or own message is skipped. Events from
 * other services (no offsets) are delivered live.
 *
 * <p>Without Redis a node keeps serving its own connections: events are delivered locally under
 * a local epoch, and once Redis is back the epochs of the rooms concerned are renewed, so no
 * client is ever told it recovered a range that the shared history does not hold.
 */
class RedisBroker implements Broker, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(RedisBroker.class);

    private static final String KEY_PREFIX = "realtime:room:";

    /** KEYS: offset, epoch, history per room. ARGV: epoch seed, now, size, ttl, key expiry, payload. */
    static final String APPEND = """
            local result = {}
            local now = tonumber(ARGV[2])
            local size = tonumber(ARGV[3])
            local oldest = now - tonumber(ARGV[4])
            for i = 1, #KEYS / 3 do
              local offsetKey, epochKey, historyKey = KEYS[3 * i - 2], KEYS[3 * i - 1], KEYS[3 * i]
              local epoch = redis.call('GET', epochKey)
              if not epoch then
                epoch = ARGV[1] .. '-' .. i
                redis.call('SET', epochKey, epoch)
                redis.call('DEL', offsetKey, historyKey)
              end
              local offset = redis.call('INCR', offsetKey)
              redis.call('RPUSH', historyKey, offset .. ':' .. now .. ':' .. ARGV[6])
              redis.call('LTRIM', historyKey, -size, -1)
              while true do
                local first = redis.call('LINDEX', historyKey, 0)
                if not first or tonumber(string.match(first, '^%d+:(%d+):')) >= oldest then break end
                redis.call('LPOP', historyKey)
              end
              redis.call('PEXPIRE', offsetKey, ARGV[5])
              redis.call('PEXPIRE', epochKey, ARGV[5])
              redis.call('PEXPIRE', historyKey, ARGV[5])
              result[2 * i - 1] = tostring(offset)
              result[2 * i] = epoch
            end
            return result
            """;

    /**
     * KEYS: offset, epoch, history of one room. ARGV: epoch seed, key expiry. Returns epoch, offset,
     * then the entries. A room without a history gets one (offset 0), so that the epoch a client
     * is given on joining is the one its later events carry.
     */
    private static final String READ = """
            local epoch = redis.call('GET', KEYS[2])
            if not epoch then
              epoch = ARGV[1]
              redis.call('SET', KEYS[2], epoch, 'PX', ARGV[2])
              redis.call('SET', KEYS[1], 0, 'PX', ARGV[2])
              redis.call('DEL', KEYS[3])
            end
            local result = {epoch, tostring(redis.call('GET', KEYS[1]) or '0')}
            local entries = redis.call('LRANGE', KEYS[3], 0, -1)
            for i = 1, #entries do result[#result + 1] = entries[i] end
            return result
            """;

    /** KEYS: offset, epoch, history of rooms whose shared history missed events. ARGV: new epoch seed. */
    private static final String RENEW = """
            for i = 1, #KEYS / 3 do
              redis.call('DEL', KEYS[3 * i - 2], KEYS[3 * i])
              redis.call('SET', KEYS[3 * i - 1], ARGV[1] .. '-' .. i, 'PX', ARGV[2])
            end
            return #KEYS / 3
            """;

    private static final String[] CHANNELS = { RedisPayloads.BOOKING_STATUS, RedisPayloads.SUPPORT_MESSAGE,
            RedisPayloads.TECHNICIAN_LOCATION, RedisPayloads.TYPING, RedisPayloads.REVOKE };

    private final Hub hub;
    private final FrameEncoder encoder;
    private final RedisPayloads payloads;
    private final RealtimeMetrics metrics;
    private final HistoryProperties retention;
    private final String nodeId;
    private final Duration idleExpiry;
    private final ClientResources resources;
    private final RedisClient client;
    private final ExecutorService inbound;
    private final ScheduledExecutorService maintenance;
    private final Map<String, Cursor> cursors = new ConcurrentHashMap<>();
    private final Set<String> degradedRooms = ConcurrentHashMap.newKeySet();
    private final AtomicLong degradedGenerations = new AtomicLong();
    private volatile StatefulRedisConnection<String, String> commands;
    private volatile StatefulRedisPubSubConnection<String, String> subscriber;
    private volatile boolean closed;
    private boolean unreachableReported;
    /** Touched on the inbound thread only: logs an outage once, not once per event. */
    private boolean publishFailing;

    /** What this node last delivered of a room, to put Pub/Sub messages back in offset order. */
    private static final class Cursor {
        String epoch;
        long delivered;
    }

    RedisBroker(String redisUrl, Hub hub, FrameEncoder encoder, RealtimeMetrics metrics, HistoryProperties retention,
            NodeId nodeId, Duration commandTimeout, Duration idleExpiry) {
        this.hub = hub;
        this.encoder = encoder;
        this.payloads = new RedisPayloads(encoder.json());
        this.metrics = metrics;
        this.retention = retention;
        this.nodeId = nodeId.value();
        this.idleExpiry = idleExpiry;
        // Reconnect quickly (at most 2 s apart) so cross-node delivery resumes within seconds.
        this.resources = DefaultClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(2), 2, TimeUnit.MILLISECONDS))
                .build();
        this.client = RedisClient.create(resources, RedisURI.create(redisUrl));
        this.client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                // RESP3 push messages are copied into heap buffers before decoding; RESP2
                // Pub/Sub messages are decoded straight from the read buffer.
                .protocolVersion(ProtocolVersion.RESP2)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(2)).keepAlive(true).build())
                .timeoutOptions(TimeoutOptions.enabled(commandTimeout))
                .build());
        this.inbound = Executors.newSingleThreadExecutor(named("redis-inbound"));
        this.maintenance = Executors.newSingleThreadScheduledExecutor(named("redis-maintenance"));
        this.maintenance.scheduleWithFixedDelay(this::maintain, 0, 1, TimeUnit.SECONDS);
        metrics.bindRedis(this);
    }

    // publishing

    @Override
    public void publish(RoomEvent event) {
        long publishedAt = System.nanoTime();
        List<String> rooms = event.rooms();
        StatefulRedisConnection<String, String> connection = commands;
        if (connection == null) {
            inbound.execute(() -> deliverDegraded(event, rooms, publishedAt));
            return;
        }
        String entry = payloads.encode(event, nodeId, null, null);
        connection.async()
                .<List<String>>eval(APPEND, ScriptOutputType.MULTI, keys(rooms), appendArguments(entry))
                .whenCompleteAsync((result, error) -> {
                    if (error != null) {
                        if (!publishFailing) {
                            publishFailing = true;
                            log.warn("Redis unavailable for publishing ({}); delivering to this node's connections only",
                                    error.toString());
                        }
                        deliverDegraded(event, rooms, publishedAt);
                        return;
                    }
                    if (publishFailing) {
                        publishFailing = false;
                        log.info("Publishing through Redis again");
                    }
                    Map<String, Long> offsets = new HashMap<>();
                    Map<String, String> epochs = new HashMap<>();
                    for (int i = 0; i < rooms.size(); i++) {
                        offsets.put(rooms.get(i), Long.parseLong(result.get(2 * i)));
                        epochs.put(rooms.get(i), result.get(2 * i + 1));
                    }
                    for (String room : rooms) {
                        offer(room, event, offsets.get(room), epochs.get(room), publishedAt);
                    }
                    String channel = RedisPayloads.channelOf(event);
                    connection.async().publish(channel, payloads.encode(event, nodeId, offsets, epochs))
                            .thenRun(() -> metrics.redisPublished(channel));
                }, inbound);
    }

    @Override
    public void publishTyping(ServerFrame.Typing typing, Connection sender) {
        hub.deliver(typing.room(), encoder.encodeBytes(typing), typing, sender, 0);
        publishQuietly(RedisPayloads.TYPING, payloads.encodeTyping(typing, nodeId));
    }

    @Override
    public void publishRevocation(String room, UUID userId) {
        hub.revoke(room, userId);
        publishQuietly(RedisPayloads.REVOKE, payloads.encodeRevocation(room, userId, nodeId));
    }

    private void publishQuietly(String channel, String payload) {
        StatefulRedisConnection<String, String> connection = commands;
        if (connection != null) {
            connection.async().publish(channel, payload).whenComplete((receivers, error) -> {
                if (error == null) {
                    metrics.redisPublished(channel);
                }
            });
        }
    }

    /** Redis is away: this node's clients still get the event, under an epoch no shared history has. */
    private void deliverDegraded(RoomEvent event, List<String> rooms, long publishedAt) {
        for (String room : rooms) {
            degradedRooms.add(room);
            Cursor cursor = cursors.computeIfAbsent(room, name -> new Cursor());
            synchronized (cursor) {
                if (cursor.epoch == null || !cursor.epoch.startsWith("local-")) {
                    cursor.epoch = "local-" + nodeId + "-" + degradedGenerations.incrementAndGet();
                    cursor.delivered = 0;
                }
                cursor.delivered++;
                deliver(room, event, cursor.delivered, cursor.epoch, publishedAt);
            }
        }
    }

    // receiving

    private void received(String channel, String message) {
        metrics.redisReceived(channel);
        try {
            switch (channel) {
                case RedisPayloads.TYPING -> receivedTyping(message);
                case RedisPayloads.REVOKE -> receivedRevocation(message);
                default -> payloads.decode(channel, message).ifPresentOrElse(received -> {
                    if (nodeId.equals(received.origin())) {
                        return;
                    }
                    long now = System.nanoTime();
                    for (String room : received.event().rooms()) {
                        offer(room, received.event(), received.offsets().get(room), received.epochs().get(room), now);
                    }
                }, () -> log.warn("Ignored a malformed message on {}", channel));
            }
        }
        catch (RuntimeException ex) {
            log.warn("Could not handle a message on {}: {}", channel, ex.toString());
        }
    }

    private void receivedTyping(String message) {
        var node = payloads.tree(message);
        if (nodeId.equals(node.path("origin").asString(null))) {
            return;
        }
        ServerFrame.Typing typing = new ServerFrame.Typing(node.get("room").asString(),
                UUID.fromString(node.get("userId").asString()), node.get("isTyping").asBoolean(),
                Timestamps.parse(node.get("timestamp").asString()));
        hub.deliver(typing.room(), encoder.encodeBytes(typing), typing, null, 0);
    }

    private void receivedRevocation(String message) {
        var node = payloads.tree(message);
        if (!nodeId.equals(node.path("origin").asString(null))) {
            hub.revoke(node.get("room").asString(), UUID.fromString(node.get("userId").asString()));
        }
    }

    /**
     * Delivers a room's event in offset order: skips what was delivered already, fills a jump
     * from the history first. Runs on the inbound thread only.
     */
    private void offer(String room, RoomEvent event, Long offset, String epoch, long publishedAt) {
        if (!hub.hasRoom(room)) {
            return;
        }
        if (offset == null || epoch == null) {
            deliver(room, event, null, null, publishedAt);
            return;
        }
        Cursor cursor = cursors.computeIfAbsent(room, name -> new Cursor());
        synchronized (cursor) {
            if (epoch.equals(cursor.epoch)) {
                if (offset <= cursor.delivered) {
                    return;
                }
                if (offset > cursor.delivered + 1 && !fillGap(room, cursor, offset)) {
                    lost(room);
                }
            }
            deliver(room, event, offset, epoch, publishedAt);
            cursor.epoch = epoch;
            cursor.delivered = offset;
        }
    }

    /** Delivers what the history holds between the cursor and {@code offset}; false if it holds not all. */
    private boolean fillGap(String room, Cursor cursor, long offset) {
        Optional<Snapshot> snapshot = read(room);
        if (snapshot.isEmpty() || !cursor.epoch.equals(snapshot.get().epoch())) {
            return false;
        }
        long expected = cursor.delivered + 1;
        for (Snapshot.Entry entry : snapshot.get().entries()) {
            if (entry.offset() < expected || entry.offset() >= offset) {
                continue;
            }
            if (entry.offset() != expected) {
                return false;
            }
            Optional<RedisPayloads.Received> missed = payloads.decodeStored(entry.payload());
            if (missed.isEmpty()) {
                return false;
            }
            deliver(room, missed.get().event(), entry.offset(), cursor.epoch, System.nanoTime());
            cursor.delivered = entry.offset();
            expected++;
        }
        return expected == offset;
    }

    /** Members of a room that missed events for good are closed, so they reconnect and recover. */
    private void lost(String room) {
        log.warn("Events of {} were lost between nodes; closing its connections here so they recover", room);
        hub.closeRoom(room, CloseCodes.TRY_AGAIN_LATER, "missed events; reconnect and recover");
    }

    private void deliver(String room, RoomEvent event, Long offset, String epoch, long publishedAt) {
        ServerFrame frame = event.toFrame(room, offset, epoch);
        hub.deliver(room, encoder.encodeBytes(frame), frame, null, publishedAt);
    }

    // joining

    @Override
    public void subscribe(Connection connection, String room, ClientFrame.Since since) {
        Cursor cursor = cursors.computeIfAbsent(room, name -> new Cursor());
        synchronized (cursor) {
            boolean othersHere = hub.hasRoom(room);
            // Join before reading: an event appended meanwhile then waits for this lock and is
            // either in the snapshot (skipped live) or after it (delivered live).
            hub.join(connection, room);
            Optional<Snapshot> snapshot = read(room);
            if (snapshot.isEmpty()) {
                // Redis is away: the client learns nothing it could mistake for a recovery.
                String epoch = cursor.epoch != null ? cursor.epoch : "unavailable";
                hub.sendDirect(connection, new ServerFrame.JoinedRoom(room, since == null ? null : false,
                        cursor.delivered, epoch, Timestamps.now()));
                return;
            }
            Snapshot current = snapshot.get();
            // With others here, events newer than the cursor are on their way over Pub/Sub and will
            // reach this connection live; without, the node starts following the room from now.
            if (!othersHere || !current.epoch().equals(cursor.epoch)) {
                cursor.epoch = current.epoch();
                cursor.delivered = current.offset();
            }
            long upTo = Math.min(cursor.delivered, current.offset());
            if (since == null) {
                hub.sendDirect(connection, new ServerFrame.JoinedRoom(room, null, upTo, cursor.epoch, Timestamps.now()));
                return;
            }
            List<Snapshot.Entry> missed = current.after(since.offset(), since.epoch(), upTo,
                    System.currentTimeMillis() - retention.ttl().toMillis());
            boolean recovered = missed != null;
            hub.sendDirect(connection, new ServerFrame.JoinedRoom(room, recovered, upTo, cursor.epoch, Timestamps.now()));
            if (recovered) {
                for (Snapshot.Entry entry : missed) {
                    payloads.decodeStored(entry.payload()).ifPresent(received -> {
                        ServerFrame frame = received.event().toFrame(room, entry.offset(), current.epoch());
                        connection.sendBytes(encoder.encodeBytes(frame));
                    });
                }
            }
        }
    }

    /** A room's shared history as Redis holds it now. */
    private record Snapshot(String epoch, long offset, List<Entry> entries) {

        record Entry(long offset, long atMillis, String payload) {
        }

        /**
         * The entries after {@code since} up to {@code upTo}, or null when the history cannot
         * prove it holds them all.
         */
        List<Entry> after(long since, String sinceEpoch, long upTo, long oldestMillis) {
            if (!epoch.equals(sinceEpoch) || since > offset) {
                return null;
            }
            if (since >= upTo) {
                return List.of();
            }
            List<Entry> missed = entries.stream()
                    .filter(entry -> entry.offset() > since && entry.offset() <= upTo && entry.atMillis() >= oldestMillis)
                    .toList();
            return !missed.isEmpty() && missed.get(0).offset() == since + 1
                    && missed.get(missed.size() - 1).offset() == upTo ? missed : null;
        }
    }

    private Optional<Snapshot> read(String room) {
        StatefulRedisConnection<String, String> connection = commands;
        if (connection == null) {
            return Optional.empty();
        }
        try {
            List<String> result = connection.sync().eval(READ, ScriptOutputType.MULTI, keys(List.of(room)),
                    "j" + UUID.randomUUID().toString().substring(0, 8), Long.toString(keyExpiryMillis()));
            List<Snapshot.Entry> entries = new ArrayList<>();
            for (String raw : result.subList(2, result.size())) {
                int first = raw.indexOf(':');
                int second = raw.indexOf(':', first + 1);
                entries.add(new Snapshot.Entry(Long.parseLong(raw.substring(0, first)),
                        Long.parseLong(raw.substring(first + 1, second)), raw.substring(second + 1)));
            }
            return Optional.of(new Snapshot(result.get(0), Long.parseLong(result.get(1)), entries));
        }
        catch (RuntimeException ex) {
            log.debug("Redis unavailable for reading the history of {}: {}", room, ex.toString());
            return Optional.empty();
        }
    }

    // connection management

    /**
     * Connects when not connected, and once connected renews the epochs of rooms that got
     * events while Redis was away. Lettuce reconnects (and resubscribes) by itself after that.
     */
    private void maintain() {
        if (closed) {
            return;
        }
        try {
            if (commands == null) {
                commands = client.connect();
                StatefulRedisPubSubConnection<String, String> pubSub = client.connectPubSub();
                pubSub.addListener(new RedisPubSubAdapter<>() {
                    @Override
                    public void message(String channel, String message) {
                        inbound.execute(() -> received(channel, message));
                    }
                });
                pubSub.sync().subscribe(CHANNELS);
                subscriber = pubSub;
                unreachableReported = false;
                log.info("Connected to Redis; node {} shares events with the cluster", nodeId);
            }
            if (!degradedRooms.isEmpty() && commands.isOpen()) {
                renewEpochs();
            }
        }
        catch (RuntimeException ex) {
            if (!unreachableReported) {
                unreachableReported = true;
                log.warn("Redis not reachable ({}); serving this node's connections alone and retrying", ex.toString());
            }
        }
    }

    private void renewEpochs() {
        List<String> rooms = new ArrayList<>(degradedRooms);
        commands.sync().eval(RENEW, ScriptOutputType.INTEGER, keys(rooms),
                "r" + UUID.randomUUID().toString().substring(0, 8), Long.toString(idleExpiry.toMillis()));
        rooms.forEach(degradedRooms::remove);
        log.info("Renewed the history epoch of {} rooms that had events while Redis was away", rooms.size());
    }

    boolean connected() {
        StatefulRedisConnection<String, String> connection = commands;
        StatefulRedisPubSubConnection<String, String> pubSub = subscriber;
        return connection != null && connection.isOpen() && pubSub != null && pubSub.isOpen();
    }

    @Override
    public void destroy() {
        closed = true;
        maintenance.shutdownNow();
        inbound.shutdown();
        try {
            inbound.awaitTermination(2, TimeUnit.SECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown();
    }

    // keys and arguments

    static String[] keys(List<String> rooms) {
        String[] keys = new String[rooms.size() * 3];
        for (int i = 0; i < rooms.size(); i++) {
            String base = KEY_PREFIX + rooms.get(i);
            keys[3 * i] = base + ":offset";
            keys[3 * i + 1] = base + ":epoch";
            keys[3 * i + 2] = base + ":history";
        }
        return keys;
    }

    private String[] appendArguments(String payload) {
        return new String[] { "e" + UUID.randomUUID().toString().substring(0, 8), Long.toString(System.currentTimeMillis()),
                Integer.toString(retention.size()), Long.toString(retention.ttl().toMillis()),
                Long.toString(keyExpiryMillis()), payload };
    }

    private long keyExpiryMillis() {
        return Math.max(idleExpiry.toMillis(), retention.ttl().toMillis());
    }

    private static java.util.concurrent.ThreadFactory named(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
