package com.servicehub.support;

import java.time.Instant;
import java.util.UUID;

import com.servicehub.auth.CurrentUser;
import com.servicehub.system.ConflictException;

/**
 * A support conversation between the user who opened it and the admins, exactly as clients see
 * it (CONTRACT §2). Its creator or an admin closes and reopens it; a closed one takes no more
 * messages.
 */
record Ticket(UUID id, UUID creatorId, String subject, TicketStatus status, UUID bookingId, Instant createdAt) {

    static Ticket open(CurrentUser creator, String subject, UUID bookingId, Instant now) {
        return new Ticket(UUID.randomUUID(), creator.id(), subject, TicketStatus.OPEN, bookingId, now);
    }

    boolean isVisibleTo(CurrentUser user) {
        return user.isAdmin() || user.id().equals(creatorId);
    }

    /** The same ticket in {@code next}; who may ask is the caller's business (creator or admin). */
    Ticket withStatus(TicketStatus next) {
        return new Ticket(id, creatorId, subject, next, bookingId, createdAt);
    }

    /** A new message from {@code sender}; refused once the ticket is closed. */
    Message post(CurrentUser sender, String text, Instant at) {
        if (status == TicketStatus.CLOSED) {
            throw new ConflictException("This ticket is closed");
        }
        return new Message(UUID.randomUUID(), id, sender.id(), text, at);
    }
}
