package com.servicehub;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;

import org.springframework.boot.test.context.TestComponent;
import org.springframework.transaction.event.TransactionalEventListener;

import com.servicehub.booking.BookingStatusChanged;
import com.servicehub.booking.TechnicianAssigned;
import com.servicehub.booking.TechnicianLocationReported;
import com.servicehub.support.SupportMessagePosted;
import com.servicehub.support.SupportTicketStatusChanged;

/**
 * Records the domain events that listeners see after commit, exactly as a real listener would
 * (AFTER_COMMIT, no fallback outside a transaction). It only records: every integration test
 * shares it, so tests pick out the events of their own bookings and tickets.
 */
@TestComponent
public class RecordedEvents {

    private final Queue<Object> events = new ConcurrentLinkedQueue<>();

    @TransactionalEventListener
    void on(BookingStatusChanged event) {
        events.add(event);
    }

    @TransactionalEventListener
    void on(TechnicianAssigned event) {
        events.add(event);
    }

    @TransactionalEventListener
    void on(TechnicianLocationReported event) {
        events.add(event);
    }

    @TransactionalEventListener
    void on(SupportMessagePosted event) {
        events.add(event);
    }

    @TransactionalEventListener
    void on(SupportTicketStatusChanged event) {
        events.add(event);
    }

    /** The recorded events of one type that match, in the order they were seen. */
    public <T> List<T> of(Class<T> type, Predicate<? super T> matching) {
        return events.stream()
                .filter(type::isInstance)
                .map(type::cast)
                .filter(matching)
                .toList();
    }
}
