package com.servicehub.realtime;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Publishes what another node (or this one, before a restart) committed but did not get to the
 * broker: every {@code sweepInterval}, outbox rows older than {@code republishAfter} that no node
 * holds are taken up and published in seq order. The broker knows each by its id, so one that
 * had reached it after all keeps its first position and nobody gets it twice. Also measures the
 * backlog, for the metrics and for the {@code outbox} health component.
 */
@Component("outbox")
class OutboxSweeper implements SmartLifecycle, HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(OutboxSweeper.class);

    private final EventOutbox outbox;
    private final OutboxPublisher publisher;
    private final Broker broker;
    private final OutboxProperties properties;
    private final RealtimeMetrics metrics;
    private volatile EventOutbox.Backlog backlog = new EventOutbox.Backlog(0, null);
    private volatile boolean databaseReachable = true;
    private ScheduledExecutorService timer;

    OutboxSweeper(
            EventOutbox outbox,
            OutboxPublisher publisher,
            Broker broker,
            OutboxProperties properties,
            RealtimeMetrics metrics) {
        this.outbox = outbox;
        this.broker = broker;
        this.publisher = publisher;
        this.properties = properties;
        this.metrics = metrics;
        metrics.bindOutbox(this);
    }

    /** One pass: take up and publish what is left, then measure what waits. */
    void sweep() {
        if (!broker.shares()) {
            // Taking rows up now would only deliver them here and keep them from nodes that can share them.
            backlog = outbox.backlog();
            if (backlog.size() > 0) {
                log.debug("{} outbox entries wait for Redis to share them", backlog.size());
            }
            return;
        }
        Instant now = Instant.now();
        List<EventOutbox.Entry> left = outbox.claim(
                now.minus(properties.republishAfter()), now, now.plus(properties.claimFor()), properties.batchSize());
        if (!left.isEmpty()) {
            log.info(
                    "Publishing {} outbox entries that were committed but not published (oldest from {})",
                    left.size(),
                    left.get(0).createdAt());
            left.forEach(publisher::publish);
            metrics.outboxRepublished(left.size());
        }
        backlog = outbox.backlog();
    }

    long backlogSize() {
        return backlog.size();
    }

    /** Seconds since the oldest waiting publication was committed; 0 when none waits. */
    double oldestAgeSeconds() {
        Instant oldest = backlog.oldest();
        return oldest == null
                ? 0
                : Math.max(0, Duration.between(oldest, Instant.now()).toMillis() / 1000.0);
    }

    /** DOWN while publications wait longer than {@code stuckAfter}: events are not reaching apps. */
    @Override
    public Health health() {
        double age = oldestAgeSeconds();
        Health.Builder health =
                databaseReachable && age <= properties.stuckAfter().toSeconds() ? Health.up() : Health.down();
        return health.withDetail("backlog", backlog.size())
                .withDetail("oldestAgeSeconds", age)
                .build();
    }

    private void sweepSafely() {
        try {
            sweep();
            databaseReachable = true;
        } catch (RuntimeException ex) {
            if (databaseReachable) {
                log.warn("Could not sweep the outbox; retrying: {}", ex.toString());
            }
            databaseReachable = false;
        }
    }

    @Override
    public void start() {
        timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "outbox-sweeper");
            thread.setDaemon(true);
            return thread;
        });
        long period = properties.sweepInterval().toMillis();
        timer.scheduleWithFixedDelay(this::sweepSafely, 0, period, TimeUnit.MILLISECONDS);
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
