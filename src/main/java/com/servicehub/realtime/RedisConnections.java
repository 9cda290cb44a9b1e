package com.servicehub.realtime;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;

/**
 * This node's two Redis connections: one for commands, one subscribed to the cluster's channels.
 * Both come from the Lettuce client that Spring Boot configures from {@code spring.data.redis.*}
 * ({@code REDIS_URL}), with its client resources, so they share Boot's timeouts, reconnect delay
 * and command metrics. Each is made, and made again after a failure to make it, until it exists;
 * once made, Lettuce reconnects it (and resubscribes) by itself.
 */
class RedisConnections implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(RedisConnections.class);

    private final RedisClient client;
    private final ScheduledExecutorService maintenance;
    private volatile StatefulRedisConnection<String, String> commands;
    private volatile StatefulRedisPubSubConnection<String, String> subscriber;
    private volatile boolean closed;
    /** Touched on the maintenance thread only. */
    private boolean unreachableReported;

    RedisConnections(LettuceConnectionFactory factory) {
        this.client = (RedisClient) factory.getRequiredNativeClient();
        this.maintenance = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "redis-maintenance");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Connects both, hands every message on {@code channels} to {@code listener} (on Lettuce's I/O
     * thread), and once a second runs {@code maintain} while both are open.
     */
    void start(String[] channels, BiConsumer<String, String> listener, Runnable maintain) {
        maintenance.scheduleWithFixedDelay(() -> maintain(channels, listener, maintain), 0, 1, TimeUnit.SECONDS);
    }

    /** The command connection's API, or null while there is none. */
    RedisAsyncCommands<String, String> commands() {
        StatefulRedisConnection<String, String> connection = commands;
        return connection == null ? null : connection.async();
    }

    /** Up while both connections are open. */
    boolean connected() {
        StatefulRedisConnection<String, String> connection = commands;
        StatefulRedisPubSubConnection<String, String> pubSub = subscriber;
        return connection != null && connection.isOpen() && pubSub != null && pubSub.isOpen();
    }

    private void maintain(String[] channels, BiConsumer<String, String> listener, Runnable maintain) {
        if (closed) {
            return;
        }
        try {
            if (commands == null) {
                commands = client.connect();
            }
            if (subscriber == null) {
                StatefulRedisPubSubConnection<String, String> pubSub = client.connectPubSub();
                try {
                    pubSub.addListener(new RedisPubSubAdapter<>() {
                        @Override
                        public void message(String channel, String message) {
                            listener.accept(channel, message);
                        }
                    });
                    pubSub.sync().subscribe(channels);
                }
                catch (RuntimeException ex) {
                    pubSub.closeAsync();
                    throw ex;
                }
                subscriber = pubSub;
                unreachableReported = false;
                log.info("Connected to Redis; this node shares events with the cluster");
            }
            if (connected()) {
                maintain.run();
            }
        }
        catch (RuntimeException ex) {
            if (!unreachableReported) {
                unreachableReported = true;
                log.warn("Redis not reachable ({}); serving this node's connections alone and retrying", ex.toString());
            }
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
        StatefulRedisConnection<String, String> connection = commands;
        if (connection != null) {
            connection.closeAsync();
        }
    }
}
