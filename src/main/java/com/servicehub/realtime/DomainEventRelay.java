package com.servicehub.realtime;

import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

import com.servicehub.booking.BookingStatusChanged;
import com.servicehub.booking.TechnicianAssigned;
import com.servicehub.booking.TechnicianLocationReported;
import com.servicehub.support.SupportMessagePosted;

/**
 * Turns the domain's events into publications once their transaction has committed, so no
 * client ever sees a change that was rolled back. Publishing only hands off: the REST thread
 * never waits on a socket or on Redis.
 */
@Component
class DomainEventRelay {

    private final Broker broker;
    private final Node node;

    DomainEventRelay(Broker broker, Node node) {
        this.broker = broker;
        this.node = node;
    }

    @TransactionalEventListener
    void on(BookingStatusChanged event) {
        broker.publish(new RoomEvent.StatusChanged(event.bookingId(), event.customerId(), event.status().value(),
                event.occurredAt()));
    }

    @TransactionalEventListener
    void on(TechnicianAssigned event) {
        if (event.previousTechnicianId() != null && !event.previousTechnicianId().equals(event.technicianId())) {
            node.revoke(RoomName.booking(event.bookingId()), event.previousTechnicianId());
        }
    }

    @TransactionalEventListener
    void on(TechnicianLocationReported event) {
        broker.publish(new RoomEvent.LocationReported(event.bookingId(), event.latitude(), event.longitude(),
                event.reportedAt()));
    }

    @TransactionalEventListener
    void on(SupportMessagePosted event) {
        broker.publish(new RoomEvent.MessagePosted(event.ticketId(), event.ticketCreatorId(), event.senderId(),
                event.messageId(), event.message(), event.createdAt(), event.createdAt()));
    }
}
