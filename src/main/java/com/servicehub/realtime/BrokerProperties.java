package com.servicehub.realtime;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the Redis broker beyond Spring Boot's own {@code spring.data.redis.*} (the
 * connection, from {@code REDIS_URL}, and its timeouts).
 *
 * @param idleExpiry how long a room's stream (offset, epoch, history) stays in Redis without events
 */
@ConfigurationProperties("servicehub.redis")
record BrokerProperties(@DefaultValue("1h") Duration idleExpiry) {}
