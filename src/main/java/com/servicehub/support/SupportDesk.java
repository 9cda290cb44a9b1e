package com.servicehub.support;

import java.time.Instant;
import java.util.UUID;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.servicehub.auth.CurrentUser;
import com.servicehub.booking.BookingAccess;
import com.servicehub.system.InvalidRequestException;
import com.servicehub.system.NotFoundException;
import com.servicehub.system.Timestamps;

/**
 * Opening tickets, posting messages and closing or reopening tickets, each as one transaction
 * that publishes {@link SupportMessagePosted} or {@link SupportTicketStatusChanged}; listeners that act after commit never see a message that was
 * rolled back.
 */
@Service
class SupportDesk {

    private final TicketRepository tickets;
    private final MessageRepository messages;
    private final BookingAccess bookingAccess;
    private final ApplicationEventPublisher events;

    SupportDesk(
            TicketRepository tickets,
            MessageRepository messages,
            BookingAccess bookingAccess,
            ApplicationEventPublisher events) {
        this.tickets = tickets;
        this.messages = messages;
        this.bookingAccess = bookingAccess;
        this.events = events;
    }

    /**
     * A ticket may be about a booking only if its creator can see that booking; one that does not
     * exist or is someone else's is the same 400, so nobody learns which bookings exist.
     */
    @Transactional
    Ticket open(CurrentUser creator, String subject, String firstMessage, UUID bookingId) {
        if (bookingId != null && !bookingAccess.canView(bookingId, creator)) {
            throw new InvalidRequestException("bookingId", "must be the id of a booking you can see");
        }
        Instant now = Timestamps.now();
        Ticket ticket = Ticket.open(creator, subject, bookingId, now);
        tickets.insert(ticket);
        publish(ticket, ticket.post(creator, firstMessage, now));
        return ticket;
    }

    @Transactional
    Message post(UUID ticketId, CurrentUser sender, String text) {
        Ticket ticket = tickets.findById(ticketId)
                .filter(found -> found.isVisibleTo(sender))
                .orElseThrow(SupportDesk::ticketNotFound);
        Message message = ticket.post(sender, text, Timestamps.now());
        publish(ticket, message);
        return message;
    }

    /**
     * Closes or reopens a ticket for its creator or an admin (anyone else: 404). Asking for the
     * status it already has changes nothing and publishes nothing.
     */
    @Transactional
    Ticket changeStatus(UUID ticketId, TicketStatus next, CurrentUser caller) {
        Ticket ticket = tickets.findByIdForUpdate(ticketId)
                .filter(found -> found.isVisibleTo(caller))
                .orElseThrow(SupportDesk::ticketNotFound);
        if (ticket.status() == next) {
            return ticket;
        }
        Ticket changed = ticket.withStatus(next);
        tickets.updateStatus(ticketId, next);
        events.publishEvent(
                new SupportTicketStatusChanged(ticketId, ticket.creatorId(), next, caller.id(), Timestamps.now()));
        return changed;
    }

    private void publish(Ticket ticket, Message message) {
        messages.insert(message);
        events.publishEvent(new SupportMessagePosted(
                ticket.id(),
                ticket.creatorId(),
                message.id(),
                message.senderId(),
                message.message(),
                message.createdAt()));
    }

    static NotFoundException ticketNotFound() {
        return new NotFoundException("Ticket not found");
    }
}
