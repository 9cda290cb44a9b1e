package com.servicehub.realtime;

import org.springframework.stereotype.Component;

import com.servicehub.auth.CurrentUser;
import com.servicehub.booking.BookingAccess;
import com.servicehub.support.TicketAccess;

/**
 * Who may join a room (CONTRACT §3). The gateway knows no domain rules: it asks the modules
 * that own them, on every join, so access never outlives a reassignment.
 */
@Component
class RoomAuthorizer {

    private final BookingAccess bookings;
    private final TicketAccess tickets;

    RoomAuthorizer(BookingAccess bookings, TicketAccess tickets) {
        this.bookings = bookings;
        this.tickets = tickets;
    }

    boolean mayJoin(CurrentUser user, RoomName room) {
        return switch (room.kind()) {
            case USER -> user.isAdmin() || user.id().equals(room.id());
            case BOOKING -> bookings.canView(room.id(), user);
            case SUPPORT -> tickets.canView(room.id(), user);
        };
    }
}
