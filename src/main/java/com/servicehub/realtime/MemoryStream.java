package com.servicehub.realtime;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * One room's stream in memory: its position and its last {@code size} events, none older than
 * {@code ttlMillis}. Guarded by its own lock.
 */
final class MemoryStream {

    private record Stored(long offset, RoomEvent event, long atMillis) {
    }

    private final String epoch;
    private final ArrayDeque<Stored> entries = new ArrayDeque<>();
    private long offset;
    private long touchedAtMillis;

    MemoryStream(String epoch, long nowMillis) {
        this.epoch = epoch;
        this.touchedAtMillis = nowMillis;
    }

    synchronized StreamPosition position() {
        return new StreamPosition(offset, epoch);
    }

    /** Appends the event under the next offset and drops what the retention no longer keeps. */
    synchronized StreamPosition append(RoomEvent event, long nowMillis, int size, long ttlMillis) {
        offset++;
        touchedAtMillis = nowMillis;
        entries.addLast(new Stored(offset, event, nowMillis));
        while (entries.size() > size) {
            entries.removeFirst();
        }
        expire(nowMillis, ttlMillis);
        return new StreamPosition(offset, epoch);
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
            entries.removeFirst();
        }
    }
}
