package com.servicehub.realtime;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Redis as this node uses it: up while both its command and its subscription connection are
 * open and Redis takes its publications (an open connection to a Redis that answers OOM or
 * READONLY is not up). Read from the broker's own connections, so it answers at once whatever
 * Redis does, and it is not part of readiness: a node without Redis still serves its own
 * connections.
 */
class RedisHealthIndicator implements HealthIndicator {

    private final RedisConnections redis;

    RedisHealthIndicator(RedisConnections redis) {
        this.redis = redis;
    }

    @Override
    public Health health() {
        if (!redis.connected()) {
            return Health.down()
                    .withDetail("effect", "cross-node delivery paused; this node's connections are served")
                    .build();
        }
        String failure = redis.publishFailure();
        return failure == null
                ? Health.up().build()
                : Health.down()
                        .withDetail("publishing", "refused: " + failure)
                        .withDetail(
                                "effect", "events reach this node's connections only, and are published again later")
                        .build();
    }
}
