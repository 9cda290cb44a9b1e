package com.servicehub.realtime;

import java.util.List;

/**
 * What a broker answers about a room's past: where its stream stands now, and the events it
 * still holds after the offset asked for, oldest first. Entries end at {@code top} unless the
 * read was limited; older entries than the retention allows are never among them.
 */
record History(StreamPosition top, List<Entry> entries) {

    /** One event of a room's stream. */
    record Entry(long offset, RoomEvent event) {}

    static History empty(StreamPosition top) {
        return new History(top, List.of());
    }
}
