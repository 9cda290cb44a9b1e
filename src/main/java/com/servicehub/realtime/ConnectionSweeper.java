package com.servicehub.realtime;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * One timer for all connections instead of one per connection: once a second it pings those
 * due a ping, closes those silent past the pong timeout (1001, so apps reconnect) and those
 * whose token expired without an {@code auth} refresh (1008 "token expired"). The gateway gives
 * each new connection a random ping phase, so each sweep pings about one interval's share of the
 * connections, even when they all opened at once.
 */
@Component
class ConnectionSweeper implements SmartLifecycle {

    private final Hub hub;
    private final RealtimeProperties properties;
    private final RealtimeMetrics metrics;
    private ScheduledExecutorService timer;

    ConnectionSweeper(Hub hub, RealtimeProperties properties, RealtimeMetrics metrics) {
        this.hub = hub;
        this.properties = properties;
        this.metrics = metrics;
    }

    void sweep() {
        long now = System.nanoTime();
        long nowMillis = System.currentTimeMillis();
        long pingEvery = properties.pingInterval().toNanos();
        long silenceLimit = properties.pongTimeout().toNanos();
        hub.forEachConnection(connection -> {
            if (connection.isClosing()) {
                if (!connection.channel.isOpen()) {
                    hub.unregister(connection);
                }
                return;
            }
            if (now - connection.lastSeenNanos > silenceLimit) {
                connection.close(CloseCodes.GOING_AWAY, "ping timeout", properties.closeGrace());
            } else if (connection.expiresAtMillis <= nowMillis) {
                metrics.authenticationFailed("expired");
                connection.close(CloseCodes.POLICY_VIOLATION, CloseCodes.TOKEN_EXPIRED, properties.closeGrace());
            } else if (now - connection.lastPingNanos >= pingEvery) {
                connection.lastPingNanos = now;
                connection.ping();
            }
        });
    }

    @Override
    public void start() {
        timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ws-sweeper");
            thread.setDaemon(true);
            return thread;
        });
        long period = Math.max(50, Math.min(1000, properties.pingInterval().toMillis() / 2));
        timer.scheduleAtFixedRate(this::sweepSafely, period, period, TimeUnit.MILLISECONDS);
    }

    private void sweepSafely() {
        try {
            sweep();
        } catch (RuntimeException ex) {
            org.slf4j.LoggerFactory.getLogger(ConnectionSweeper.class).warn("Connection sweep failed", ex);
        }
    }

    @Override
    public void stop() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return timer != null && !timer.isShutdown();
    }
}
