package com.servicehub.realtime;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Redis as this node uses it: up while both its command and its subscription connection are
 * open. Read from the broker's own connections, so it answers at once whatever Redis does, and
 * it is not part of readiness: a node without Redis still serves its own connections.
 */
class RedisHealthIndicator implements HealthIndicator {

    private final RedisConnections redis;

    RedisHealthIndicator(RedisConnections redis) {
        this.redis = redis;
    }

    @Override
    public Health health() {
        return redis.connected() ? Health.up().build()
                : Health.down().withDetail("effect", "cross-node delivery paused; this node's connections are served")
                        .build();
    }
}
