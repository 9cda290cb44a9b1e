package com.servicehub.realtime;

import java.util.UUID;

/**
 * One event on its way to its rooms, with what makes publishing it again harmless: its
 * {@code id} (a republished event gets the position it got the first time, never a second
 * offset) and, for events of which only the latest matters, an {@code orderKey} and a
 * {@code version} that grows in commit order (an older version arriving after a newer one is
 * dropped). Events published without them ({@link #untracked}) are appended as they come.
 */
record Publication(UUID id, String orderKey, long version, RoomEvent event) {

    static Publication untracked(RoomEvent event) {
        return new Publication(null, null, 0, event);
    }

    /** Status and position of a booking: only the latest counts. Messages are all kept, in any order. */
    static String orderKeyOf(RoomEvent event) {
        if (event instanceof RoomEvent.StatusChanged status) {
            return "status:" + status.bookingId();
        }
        if (event instanceof RoomEvent.LocationReported location) {
            return "location:" + location.bookingId();
        }
        if (event instanceof RoomEvent.TicketStatusChanged ticket) {
            return "ticket:" + ticket.ticketId();
        }
        return null;
    }
}
