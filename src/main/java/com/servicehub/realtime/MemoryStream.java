package com.servicehub.realtime;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One room's stream in memory: its position and its last {@code size} events, none older than
 * {@code ttlMillis}. Guarded by its own lock.
 */
final class MemoryStream {

    private record Stored(long offset, RoomEvent event, long atMillis, UUID id) {}

    /** What an append came to; {@code position} is null when it was stale. */
    record Appended(StreamPosition position, boolean fresh) {}

    private final String epoch;
    private final ArrayDeque<Stored> entries = new ArrayDeque<>();
    /** The offsets of the publications still held, by id. */
    private final Map<UUID, Long> offsetsById = new HashMap<>();
    /** The latest version appended per order key. */
    private final Map<String, Long> versions = new HashMap<>();

    private long offset;
    private long touchedAtMillis;

    MemoryStream(String epoch, long nowMillis) {
        this.epoch = epoch;
        this.touchedAtMillis = nowMillis;
    }

    synchronized StreamPosition position() {
        return new StreamPosition(offset, epoch);
    }

    /**
     * Appends the event under the next offset and drops what the retention no longer keeps. A
     * publication held already keeps its position; a stale version is dropped (null).
     */
    synchronized Appended append(Publication publication, long nowMillis, int size, long ttlMillis) {
        touchedAtMillis = nowMillis;
        Long held = publication.id() == null ? null : offsetsById.get(publication.id());
        if (held != null) {
            return new Appended(new StreamPosition(held, epoch), false);
        }
        if (publication.orderKey() != null) {
            Long latest = versions.get(publication.orderKey());
            if (latest != null && latest >= publication.version()) {
                return new Appended(null, false);
            }
            versions.put(publication.orderKey(), publication.version());
        }
        offset++;
        entries.addLast(new Stored(offset, publication.event(), nowMillis, publication.id()));
        if (publication.id() != null) {
            offsetsById.put(publication.id(), offset);
        }
        while (entries.size() > size) {
            drop();
        }
        expire(nowMillis, ttlMillis);
        return new Appended(new StreamPosition(offset, epoch), true);
    }

    private void drop() {
        Stored dropped = entries.removeFirst();
        if (dropped.id() != null) {
            offsetsById.remove(dropped.id());
        }
    }

    /** The position and at most {@code limit} events after {@code sinceOffset}, oldest first. */
    synchronized History read(long sinceOffset, int limit, long nowMillis, long ttlMillis) {
        touchedAtMillis = nowMillis;
        expire(nowMillis, ttlMillis);
        List<History.Entry> after = new ArrayList<>();
        for (Stored stored : entries) {
            if (after.size() >= limit) {
                break;
            }
            if (stored.offset() > sinceOffset) {
                after.add(new History.Entry(stored.offset(), stored.event()));
            }
        }
        return new History(new StreamPosition(offset, epoch), after);
    }

    synchronized long touchedAtMillis() {
        return touchedAtMillis;
    }

    private void expire(long nowMillis, long ttlMillis) {
        while (!entries.isEmpty() && entries.peekFirst().atMillis() < nowMillis - ttlMillis) {
            drop();
        }
    }
}
