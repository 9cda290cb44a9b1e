package com.servicehub.realtime;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;

/**
 * This node's two Redis connections: one for commands, one subscribed to the cluster's channels.
 * Both come from the Lettuce client that Spring Boot configures from {@code spring.data.redis.*}
 * ({@code REDIS_URL}), with its client resources, so they share Boot's timeouts, reconnect delay
 * and command metrics. Each is made, and made again after a failure to make it, until it exists;
 * once made, Lettuce reconnects it (and resubscribes) by itself.
 *
 * <p>The same code serves one Redis, Redis behind Sentinel (Lettuce asks the sentinels for the
 * master, and again after a failover) and Redis Cluster (commands go to the node of their keys'
 * slot; a room's keys share one slot through their hash tag, and a publication reaches every
 * node's subscribers).
 */
class RedisConnections implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(RedisConnections.class);

    private final AbstractRedisClient client;
    private final ScheduledExecutorService maintenance;
    private volatile StatefulConnection<String, String> commands;
    private volatile RedisClusterAsyncCommands<String, String> async;
    private volatile StatefulRedisPubSubConnection<String, String> subscriber;
    private volatile boolean closed;
    private final RealtimeMetrics metrics;
    /** Why Redis refused the last publication, while it keeps refusing them; null while it takes them. */
    private final AtomicReference<String> publishFailure = new AtomicReference<>();
    /** Subscription confirmations seen, to tell a resubscription (after a reconnect) from the first. */
    private final AtomicInteger confirmations = new AtomicInteger();
    /**
     * Redis confirmed the subscription to every channel since the subscriber last (re)connected:
     * an open connection whose SUBSCRIBE is still on its way receives nothing yet.
     */
    private volatile boolean subscribed;
    /** The key that {@link #probeWrites()} writes (and lets expire). */
    static final String PROBE_KEY = "realtime:probe";

    private final AtomicBoolean probing = new AtomicBoolean();
    /** Touched on the maintenance thread only. */
    private boolean unreachableReported;

    RedisConnections(LettuceConnectionFactory factory, RealtimeMetrics metrics) {
        this.client = factory.getRequiredNativeClient();
        this.metrics = metrics;
        this.maintenance = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "redis-maintenance");
            thread.setDaemon(true);
            return thread;
        });
        client.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
                if (connection == subscriber) {
                    subscribed = false;
                    log.info("Lost the Redis subscription; events of other nodes wait until it is back");
                }
            }
        });
    }

    /**
     * Connects both, hands every message on {@code channels} to {@code listener} (on Lettuce's I/O
     * thread), runs {@code maintain} once a second while both are open, and {@code resubscribed}
     * whenever the subscription is back after Lettuce reconnected it: messages published while it
     * was away never arrive.
     */
    void start(String[] channels, BiConsumer<String, String> listener, Runnable maintain, Runnable resubscribed) {
        maintenance.scheduleWithFixedDelay(
                () -> maintain(channels, listener, maintain, resubscribed), 0, 1, TimeUnit.SECONDS);
    }

    /** Up while Redis takes publications: a connection can be open while Redis refuses writes. */
    boolean publishing() {
        return publishFailure.get() == null;
    }

    /** Why publications fail, or null. */
    String publishFailure() {
        return publishFailure.get();
    }

    /** Counts a refused publication; true when publications were going through until now. */
    boolean publishFailed(Throwable error) {
        String reason = reasonOf(error);
        metrics.redisPublishFailed(reason);
        return publishFailure.getAndSet(reason) == null;
    }

    void publishSucceeded() {
        if (publishFailure.getAndSet(null) != null) {
            log.info("Redis takes publications again");
        }
    }

    /** A small, fixed set of reasons (they are metric labels): Redis's error kind, a timeout, or a lost link. */
    static String reasonOf(Throwable error) {
        if (error instanceof io.lettuce.core.RedisCommandTimeoutException) {
            return "timeout";
        }
        if (error instanceof io.lettuce.core.RedisConnectionException
                || !(error instanceof io.lettuce.core.RedisException)
                || String.valueOf(error.getMessage()).contains("Connection is closed")) {
            return error instanceof io.lettuce.core.RedisException ? "disconnected" : "other";
        }
        String message = String.valueOf(error.getMessage());
        for (String kind : new String[] {
            "OOM",
            "READONLY",
            "CROSSSLOT",
            "NOSCRIPT",
            "LOADING",
            "BUSY",
            "MOVED",
            "ASK",
            "CLUSTERDOWN",
            "TRYAGAIN",
            "NOAUTH",
            "WRONGPASS",
            "NOPERM",
            "MISCONF"
        }) {
            if (message.startsWith(kind)) {
                return kind;
            }
        }
        return "other";
    }

    /** The command connection's API, or null while there is none. */
    RedisClusterAsyncCommands<String, String> commands() {
        return async;
    }

    /** Up while both connections are open and Redis confirmed the subscription. */
    boolean connected() {
        StatefulConnection<String, String> connection = commands;
        StatefulRedisPubSubConnection<String, String> pubSub = subscriber;
        return connection != null && connection.isOpen() && pubSub != null && pubSub.isOpen() && subscribed;
    }

    private void maintain(
            String[] channels, BiConsumer<String, String> listener, Runnable maintain, Runnable resubscribed) {
        if (closed) {
            return;
        }
        try {
            if (commands == null) {
                connectCommands();
            }
            if (subscriber == null) {
                StatefulRedisPubSubConnection<String, String> pubSub = client instanceof RedisClusterClient cluster
                        ? cluster.connectPubSub()
                        : ((RedisClient) client).connectPubSub();
                try {
                    pubSub.addListener(new RedisPubSubAdapter<>() {
                        @Override
                        public void message(String channel, String message) {
                            listener.accept(channel, message);
                        }

                        @Override
                        public void subscribed(String channel, long count) {
                            if (count == channels.length) {
                                subscribed = true;
                                if (confirmations.incrementAndGet() > 1) {
                                    log.info("Redis confirmed the subscription again; catching followed rooms up");
                                    resubscribed.run();
                                }
                            }
                        }
                    });
                    pubSub.sync().subscribe(channels);
                } catch (RuntimeException ex) {
                    pubSub.closeAsync();
                    throw ex;
                }
                subscriber = pubSub;
                unreachableReported = false;
                log.info("Connected to Redis; this node shares events with the cluster");
            }
            if (connected()) {
                if (publishFailure.get() != null) {
                    probeWrites();
                }
                maintain.run();
            }
        } catch (RuntimeException ex) {
            if (!unreachableReported) {
                unreachableReported = true;
                log.warn("Redis not reachable ({}); serving this node's connections alone and retrying", ex.toString());
            }
        }
    }

    /**
     * While publications fail, a write once a second tells when Redis takes them again, so what
     * waits (the outbox's unshared rows, which are published only while Redis takes writes) does
     * not wait for the next live publication, which may never come.
     */
    private void probeWrites() {
        RedisClusterAsyncCommands<String, String> api = async;
        if (api == null || !probing.compareAndSet(false, true)) {
            return;
        }
        api.set(PROBE_KEY, "1", SetArgs.Builder.px(10_000)).whenComplete((ok, error) -> {
            probing.set(false);
            if (error == null) {
                publishSucceeded();
            }
        });
    }

    private void connectCommands() {
        if (client instanceof RedisClusterClient cluster) {
            StatefulRedisClusterConnection<String, String> connection = cluster.connect();
            async = connection.async();
            commands = connection;
        } else {
            StatefulRedisConnection<String, String> connection = ((RedisClient) client).connect();
            async = connection.async();
            commands = connection;
        }
    }

    @Override
    public void destroy() {
        closed = true;
        maintenance.shutdownNow();
        StatefulRedisPubSubConnection<String, String> pubSub = subscriber;
        if (pubSub != null) {
            pubSub.closeAsync();
        }
        StatefulConnection<String, String> connection = commands;
        if (connection != null) {
            connection.closeAsync();
        }
    }
}
