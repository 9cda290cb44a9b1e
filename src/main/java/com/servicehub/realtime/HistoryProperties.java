package com.servicehub.realtime;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How much of each room's past is kept for recovery: its last {@code size} events, each for
 * {@code ttl}. A client that missed more than that is told {@code recovered: false}.
 */
@ConfigurationProperties("servicehub.realtime.history")
record HistoryProperties(
        @DefaultValue("100") int size, @DefaultValue("10m") Duration ttl) {}
