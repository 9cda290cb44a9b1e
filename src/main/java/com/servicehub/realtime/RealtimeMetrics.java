package com.servicehub.realtime;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.springframework.stereotype.Component;

import com.fasterxml.jackson.annotation.JsonTypeName;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Every metric of the gateway, under {@code servicehub.ws.*} and {@code servicehub.redis.*}
 * (Prometheus: {@code servicehub_ws_...}). Gauges read the hub's state, so they cannot drift.
 */
@Component
class RealtimeMetrics {

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    /** Per-frame counters looked up without building a key: they are on every delivery's path. */
    private final Map<Class<?>, Counter> sent = new ConcurrentHashMap<>();

    private final Map<String, Counter> received = new ConcurrentHashMap<>();
    private final Timer publishToWrite;

    RealtimeMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.publishToWrite = Timer.builder("servicehub.ws.publish.latency")
                .description("Time from publishing an event to writing it to a socket")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(10_000))
                .maximumExpectedValue(Duration.ofSeconds(5))
                .register(registry);
    }

    void bindHub(Hub hub) {
        Gauge.builder("servicehub.ws.connections", hub, Hub::connectionCount)
                .description("Open WebSocket connections on this node")
                .register(registry);
        Gauge.builder("servicehub.ws.rooms", hub, Hub::roomCount)
                .description("Rooms with at least one connection on this node")
                .register(registry);
        Gauge.builder("servicehub.ws.subscriptions", hub, Hub::subscriptionCount)
                .description("Room memberships of this node's connections")
                .register(registry);
    }

    void frameReceived(String type) {
        received.computeIfAbsent(type, name -> counter("servicehub.ws.frames.received", "type", name))
                .increment();
    }

    void frameSent(ServerFrame frame) {
        framesSent(frame, 1);
    }

    void framesSent(ServerFrame frame, int count) {
        if (count > 0) {
            sent.computeIfAbsent(frame.getClass(), type -> counter("servicehub.ws.frames.sent", "type", typeOf(frame)))
                    .increment(count);
        }
    }

    void connectionOpened() {
        counter("servicehub.ws.connections.opened").increment();
    }

    /** The codes a close is counted under; a client may send any code, so others count as {@code other}. */
    private static final java.util.Set<Integer> KNOWN_CLOSE_CODES =
            java.util.Set.of(1000, 1001, 1002, 1003, 1005, 1006, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014);

    void connectionClosed(int code, String initiator) {
        counter(
                        "servicehub.ws.connections.closed",
                        "code",
                        KNOWN_CLOSE_CODES.contains(code) ? Integer.toString(code) : "other",
                        "by",
                        initiator)
                .increment();
    }

    void connectionError(String kind) {
        counter("servicehub.ws.connection.errors", "kind", kind).increment();
    }

    void bindRedis(RedisConnections connections) {
        Gauge.builder("servicehub.redis.connected", connections, redis -> redis.connected() ? 1 : 0)
                .description("1 while this node is connected to Redis (commands and subscription), else 0")
                .register(registry);
        Gauge.builder("servicehub.redis.publishing", connections, redis -> redis.publishing() ? 1 : 0)
                .description("1 while Redis takes this node's publications, 0 while it refuses them")
                .register(registry);
    }

    void bindOutbox(OutboxSweeper sweeper) {
        Gauge.builder("servicehub.outbox.backlog", sweeper, OutboxSweeper::backlogSize)
                .description("Committed publications not yet confirmed by the broker")
                .register(registry);
        Gauge.builder("servicehub.outbox.oldest.age", sweeper, OutboxSweeper::oldestAgeSeconds)
                .baseUnit("seconds")
                .description("Age of the oldest publication waiting in the outbox")
                .register(registry);
    }

    void outboxRepublished(int count) {
        counter("servicehub.outbox.republished").increment(count);
    }

    void authenticationFailed(String reason) {
        counter("servicehub.ws.auth.failures", "reason", reason).increment();
    }

    void joinDenied(ErrorCode reason) {
        counter("servicehub.ws.joins.denied", "reason", reason.name()).increment();
    }

    void rateLimited() {
        counter("servicehub.ws.rate.limited").increment();
    }

    void slowConsumerClosed() {
        counter("servicehub.ws.slow.consumers").increment();
    }

    void publishToWrite(long nanos) {
        publishToWrite.record(nanos, TimeUnit.NANOSECONDS);
    }

    void redisPublished(String channel) {
        counter("servicehub.redis.messages.published", "channel", channel).increment();
    }

    void redisPublishFailed(String reason) {
        counter("servicehub.redis.publish.failures", "reason", reason).increment();
    }

    void redisReceived(String channel) {
        counter("servicehub.redis.messages.received", "channel", channel).increment();
    }

    private Counter counter(String name, String... tags) {
        String key = tags.length == 0 ? name : name + '|' + String.join("|", tags);
        return counters.computeIfAbsent(
                key, k -> Counter.builder(name).tags(tags).register(registry));
    }

    private static final Map<Class<?>, String> TYPE_NAMES = new ConcurrentHashMap<>();

    static String typeOf(ServerFrame frame) {
        return TYPE_NAMES.computeIfAbsent(frame.getClass(), type -> {
            JsonTypeName name = type.getAnnotation(JsonTypeName.class);
            return name == null ? type.getSimpleName() : name.value();
        });
    }
}
