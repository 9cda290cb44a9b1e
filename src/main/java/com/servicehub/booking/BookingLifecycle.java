package com.servicehub.booking;

import java.time.Instant;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.servicehub.auth.CurrentUser;
import com.servicehub.auth.Role;
import com.servicehub.auth.Users;
import com.servicehub.system.NotFoundException;
import com.servicehub.system.Timestamps;

/**
 * Every change to a booking as one transaction: lock the row, let {@link Booking} decide, store,
 * publish. Events are published inside the transaction, so {@code @TransactionalEventListener}s
 * (the real-time push) see them only once the change is committed, and never when it rolls back.
 */
@Service
class BookingLifecycle {

    private static final Logger log = LoggerFactory.getLogger(BookingLifecycle.class);

    private final BookingRepository bookings;
    private final Users users;
    private final ApplicationEventPublisher events;

    BookingLifecycle(BookingRepository bookings, Users users, ApplicationEventPublisher events) {
        this.bookings = bookings;
        this.users = users;
        this.events = events;
    }

    @Transactional
    Booking book(CurrentUser customer, String serviceType, String address, Instant scheduledAt, String notes) {
        Booking booking = Booking.book(customer, serviceType, address, scheduledAt, notes, Timestamps.now());
        bookings.insert(booking);
        return booking;
    }

    @Transactional
    Booking changeStatus(UUID bookingId, BookingStatus target, CurrentUser by) {
        Booking booking = visibleForUpdate(bookingId, by);
        Booking changed = booking.moveTo(target, by, Timestamps.now());
        bookings.update(changed);
        events.publishEvent(statusChanged(changed));
        log.info(
                "booking {} status {} -> {} by {} {}",
                bookingId,
                booking.status().value(),
                changed.status().value(),
                by.role().value(),
                by.id());
        return changed;
    }

    /**
     * Publishes {@link TechnicianAssigned} on every successful assignment, naming the technician
     * who lost access when there was a different one, and then {@link BookingStatusChanged} when
     * the booking became assigned.
     */
    @Transactional
    Booking assignTechnician(UUID bookingId, UUID technicianId, CurrentUser by) {
        Booking booking = visibleForUpdate(bookingId, by);
        Instant now = Timestamps.now();
        Booking assigned = booking.assignTo(
                technicianId,
                user -> users.roleOf(user).filter(Role.TECHNICIAN::equals).isPresent(),
                by,
                now);
        UUID previous =
                booking.technicianId() != null && !booking.technicianId().equals(technicianId)
                        ? booking.technicianId()
                        : null;
        if (assigned != booking) {
            bookings.update(assigned);
        }
        if (previous != null) {
            bookings.forgetLocation(bookingId);
        }
        events.publishEvent(new TechnicianAssigned(assigned.id(), assigned.customerId(), technicianId, previous, now));
        if (assigned.status() != booking.status()) {
            events.publishEvent(statusChanged(assigned));
        }
        return assigned;
    }

    @Transactional
    void reportLocation(UUID bookingId, double latitude, double longitude, CurrentUser by) {
        Booking booking = visibleForUpdate(bookingId, by);
        booking.acceptLocationFrom(by);
        Instant now = Timestamps.now();
        bookings.saveLocation(bookingId, latitude, longitude, now);
        events.publishEvent(new TechnicianLocationReported(bookingId, latitude, longitude, now));
    }

    private Booking visibleForUpdate(UUID bookingId, CurrentUser user) {
        return bookings.findByIdForUpdate(bookingId)
                .filter(booking -> booking.isVisibleTo(user))
                .orElseThrow(BookingLifecycle::notFound);
    }

    static NotFoundException notFound() {
        return new NotFoundException("Booking not found");
    }

    private static BookingStatusChanged statusChanged(Booking booking) {
        return new BookingStatusChanged(
                booking.id(), booking.customerId(), booking.technicianId(), booking.status(), booking.updatedAt());
    }
}
