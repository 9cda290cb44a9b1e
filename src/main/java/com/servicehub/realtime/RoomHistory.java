package com.servicehub.realtime;

import java.util.ArrayDeque;
import java.util.List;

/**
 * One room's recent events, for clients that reconnect with {@code since}: the last
 * {@code size} events, none older than {@code ttlMillis}. Offsets grow by one per event; the epoch names this history, so a client
 * holding an offset of a lost history can tell. Guarded by its own lock, which is also what
 * makes "subscribe and replay" atomic with publishing into the room.
 */
final class RoomHistory {

    record Entry(long offset, byte[] json, long atMillis) {
    }

    /** What a join with {@code since} gets: whether the gap can be filled, and with what. */
    record Recovery(boolean recovered, List<Entry> missed) {
    }

    final String epoch;
    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private long offset;
    private long touchedAtMillis;

    RoomHistory(String epoch, long now) {
        this.epoch = epoch;
        this.touchedAtMillis = now;
    }

    long offset() {
        return offset;
    }

    long nextOffset() {
        return offset + 1;
    }

    void append(long newOffset, byte[] json, long now, int size, long ttlMillis) {
        offset = newOffset;
        touchedAtMillis = now;
        entries.addLast(new Entry(newOffset, json, now));
        while (entries.size() > size || entries.peekFirst().atMillis() < now - ttlMillis) {
            entries.removeFirst();
        }
    }

    void touch(long now) {
        touchedAtMillis = now;
    }

    long touchedAtMillis() {
        return touchedAtMillis;
    }

    /** Everything after {@code sinceOffset} of epoch {@code sinceEpoch}, if this history still holds it all. */
    Recovery recover(long sinceOffset, String sinceEpoch, long now, long ttlMillis) {
        while (!entries.isEmpty() && entries.peekFirst().atMillis() < now - ttlMillis) {
            entries.removeFirst();
        }
        if (!epoch.equals(sinceEpoch) || sinceOffset > offset) {
            return new Recovery(false, List.of());
        }
        if (sinceOffset == offset) {
            return new Recovery(true, List.of());
        }
        Entry oldest = entries.peekFirst();
        if (oldest == null || oldest.offset() > sinceOffset + 1) {
            return new Recovery(false, List.of());
        }
        return new Recovery(true, entries.stream().filter(entry -> entry.offset() > sinceOffset).toList());
    }
}
