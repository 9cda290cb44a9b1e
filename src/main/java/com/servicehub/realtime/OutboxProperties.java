package com.servicehub.realtime;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How publications left in the outbox are taken up again.
 *
 * @param republishAfter how old a publication must be before any node publishes it again (the node
 *        that committed it normally has by then)
 * @param sweepInterval how often each node looks for such publications
 * @param claimFor how long a node that took a publication up has it to itself
 * @param batchSize publications taken up at once
 * @param stuckAfter a publication this old makes the {@code outbox} health component DOWN
 */
@ConfigurationProperties("servicehub.realtime.outbox")
record OutboxProperties(
        @DefaultValue("2s") Duration republishAfter,
        @DefaultValue("1s") Duration sweepInterval,
        @DefaultValue("30s") Duration claimFor,
        @DefaultValue("200") int batchSize,
        @DefaultValue("60s") Duration stuckAfter) {}
