package com.servicehub.realtime;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How much of each room's past is kept for recovery: at least the last {@code minEvents} events
 * and everything younger than {@code minAge}, never more than {@code maxEvents}.
 */
@ConfigurationProperties("servicehub.realtime.history")
record HistoryProperties(
        @DefaultValue("100") int minEvents,
        @DefaultValue("10m") Duration minAge,
        @DefaultValue("10000") int maxEvents) {
}
