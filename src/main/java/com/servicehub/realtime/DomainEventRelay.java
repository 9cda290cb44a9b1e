package com.servicehub.realtime;

import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import com.servicehub.booking.BookingStatusChanged;
import com.servicehub.booking.TechnicianAssigned;
import com.servicehub.booking.TechnicianLocationReported;
import com.servicehub.support.SupportMessagePosted;
import com.servicehub.support.SupportTicketStatusChanged;

/**
 * Turns the domain's events into durable publications. Each is written to the outbox inside the
 * transaction of the change, so it exists exactly when the change commits, and handed to the
 * broker right after the commit; a node that dies in between leaves the row, and any node
 * publishes it (OutboxSweeper). No client ever sees a change that was rolled back, no committed
 * change is lost, and the REST thread never waits on a socket or on Redis.
 */
@Component
class DomainEventRelay {

    private static final Logger log = LoggerFactory.getLogger(DomainEventRelay.class);

    private final EventOutbox outbox;
    private final OutboxPublisher publisher;

    DomainEventRelay(EventOutbox outbox, OutboxPublisher publisher) {
        this.outbox = outbox;
        this.publisher = publisher;
    }

    @EventListener
    void on(BookingStatusChanged event) {
        publish(new RoomEvent.StatusChanged(
                event.bookingId(), event.customerId(), event.status().value(), event.occurredAt()));
    }

    @EventListener
    void on(TechnicianAssigned event) {
        if (event.previousTechnicianId() != null
                && !event.previousTechnicianId().equals(event.technicianId())) {
            record(null, publisher.payloadOf(RoomName.booking(event.bookingId()), event.previousTechnicianId()));
        }
    }

    @EventListener
    void on(TechnicianLocationReported event) {
        publish(new RoomEvent.LocationReported(
                event.bookingId(), event.latitude(), event.longitude(), event.reportedAt()));
    }

    @EventListener
    void on(SupportMessagePosted event) {
        publish(new RoomEvent.MessagePosted(
                event.ticketId(),
                event.ticketCreatorId(),
                event.senderId(),
                event.messageId(),
                event.message(),
                event.createdAt(),
                event.createdAt()));
    }

    @EventListener
    void on(SupportTicketStatusChanged event) {
        publish(new RoomEvent.TicketStatusChanged(
                event.ticketId(),
                event.ticketCreatorId(),
                event.changedBy(),
                event.status().value(),
                event.occurredAt()));
    }

    private void publish(RoomEvent event) {
        record(Publication.orderKeyOf(event), publisher.payloadOf(event));
    }

    private void record(String orderKey, String payload) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            // Only changes commit; an event outside a transaction has nothing to wait for.
            log.warn("A domain event was published outside a transaction; it is not kept in the outbox");
            publisher.publish(new EventOutbox.Entry(0, null, null, payload, Instant.now()));
            return;
        }
        EventOutbox.Entry entry = outbox.record(orderKey, payload, Instant.now());
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                publisher.publish(entry);
            }
        });
    }
}
