package com.servicehub.realtime;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Component;

/**
 * The outbox table: publications of committed changes that the broker has not confirmed yet.
 * A row is written in the transaction of the change, so it exists exactly when the change does,
 * and deleted once the broker has the publication; a node may take up rows that are old enough
 * and not taken up by another node for a while.
 */
@Component
class EventOutbox {

    /** One row: {@code seq} orders the rows and versions a booking's publications. */
    record Entry(long seq, UUID id, String orderKey, String payload, Instant createdAt) {}

    /** How much waits: rows, and the creation time of the oldest (null when none). */
    record Backlog(long size, Instant oldest) {}

    private final JdbcClient jdbc;

    EventOutbox(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Writes a row in the caller's transaction. */
    Entry record(String orderKey, String payload, Instant now) {
        UUID id = UUID.randomUUID();
        KeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO event_outbox (id, order_key, payload, created_at) VALUES (:id, :orderKey, :payload, :at)")
                .param("id", id)
                .param("orderKey", orderKey)
                .param("payload", payload)
                .param("at", utc(now))
                .update(keys, "seq");
        return new Entry(keys.getKeyAs(Long.class), id, orderKey, payload, now);
    }

    /**
     * Takes up to {@code limit} rows created before {@code before} that nobody holds, for this node
     * until {@code until}, in seq order. Each row is taken by one conditional update, so two nodes
     * never take the same row at once.
     */
    List<Entry> claim(Instant before, Instant now, Instant until, int limit) {
        List<Entry> candidates = jdbc.sql("""
                SELECT seq, id, order_key, payload, created_at FROM event_outbox
                WHERE created_at < :before AND (claimed_until IS NULL OR claimed_until < :now)
                ORDER BY seq LIMIT :limit""")
                .param("before", utc(before))
                .param("now", utc(now))
                .param("limit", limit)
                .query((rs, row) -> new Entry(
                        rs.getLong("seq"),
                        rs.getObject("id", UUID.class),
                        rs.getString("order_key"),
                        rs.getString("payload"),
                        rs.getObject("created_at", OffsetDateTime.class).toInstant()))
                .list();
        List<Entry> claimed = new ArrayList<>(candidates.size());
        for (Entry candidate : candidates) {
            int taken = jdbc.sql("""
                    UPDATE event_outbox SET claimed_until = :until, attempts = attempts + 1
                    WHERE seq = :seq AND (claimed_until IS NULL OR claimed_until < :now)""")
                    .param("until", utc(until))
                    .param("seq", candidate.seq())
                    .param("now", utc(now))
                    .update();
            if (taken == 1) {
                claimed.add(candidate);
            }
        }
        return claimed;
    }

    void delete(Collection<Long> seqs) {
        if (!seqs.isEmpty()) {
            jdbc.sql("DELETE FROM event_outbox WHERE seq IN (:seqs)")
                    .param("seqs", seqs)
                    .update();
        }
    }

    Backlog backlog() {
        return jdbc.sql("SELECT COUNT(*) AS size, MIN(created_at) AS oldest FROM event_outbox")
                .query((rs, row) -> {
                    Timestamp oldest = rs.getTimestamp("oldest");
                    return new Backlog(rs.getLong("size"), oldest == null ? null : oldest.toInstant());
                })
                .single();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
