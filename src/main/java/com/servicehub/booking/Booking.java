package com.servicehub.booking;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

import com.servicehub.auth.CurrentUser;
import com.servicehub.auth.Role;
import com.servicehub.system.ConflictException;
import com.servicehub.system.ForbiddenException;
import com.servicehub.system.InvalidRequestException;

/**
 * A booked home service, exactly as clients see it (CONTRACT §2). Immutable: every change is a
 * guarded method that returns the changed booking or says, with the contract's status code, why
 * it may not happen.
 */
record Booking(
        UUID id,
        UUID customerId,
        UUID technicianId,
        String serviceType,
        String address,
        Instant scheduledAt,
        String notes,
        BookingStatus status,
        Instant createdAt,
        Instant updatedAt) {

    /**
     * How far in the past a requested time may lie and still be accepted: a form filled in slowly
     * or a phone clock that runs a little behind should not fail a booking for "now".
     */
    static final Duration PAST_TOLERANCE = Duration.ofMinutes(5);

    /**
     * How far ahead a service can be booked. Also keeps absurd years (an ISO-8601 instant may have
     * six digits) from reaching the database, whose timestamps end long before {@link Instant#MAX}.
     */
    static final Duration HORIZON = Duration.ofDays(365);

    static final String IN_THE_PAST = "must not be in the past";
    static final String BEYOND_HORIZON = "must be within " + HORIZON.toDays() + " days from now";

    /** A new pending booking; only customers book, and only for a time that has not passed. */
    static Booking book(
            CurrentUser customer, String serviceType, String address, Instant scheduledAt, String notes, Instant now) {
        if (!customer.is(Role.CUSTOMER)) {
            throw new ForbiddenException("Only customers can book a service");
        }
        if (scheduledAt.isBefore(now.minus(PAST_TOLERANCE))) {
            throw new InvalidRequestException("scheduledAt", IN_THE_PAST);
        }
        if (scheduledAt.isAfter(now.plus(HORIZON))) {
            throw new InvalidRequestException("scheduledAt", BEYOND_HORIZON);
        }
        return new Booking(
                UUID.randomUUID(),
                customer.id(),
                null,
                serviceType,
                address,
                scheduledAt,
                notes,
                BookingStatus.PENDING,
                now,
                now);
    }

    /** What the caller is to this booking; empty when they may not even see it. */
    Optional<Party> partyOf(CurrentUser user) {
        if (user.isAdmin()) {
            return Optional.of(Party.ADMIN);
        }
        if (user.id().equals(customerId)) {
            return Optional.of(Party.CUSTOMER);
        }
        if (user.id().equals(technicianId)) {
            return Optional.of(Party.ASSIGNED_TECHNICIAN);
        }
        return Optional.empty();
    }

    boolean isVisibleTo(CurrentUser user) {
        return partyOf(user).isPresent();
    }

    /**
     * A status change asked for through {@code PATCH .../status}. A move the table does not list is
     * a conflict whoever asks; a listed move by a party that may not make it is forbidden. The
     * caller must already be known to see the booking.
     */
    Booking moveTo(BookingStatus target, CurrentUser by, Instant at) {
        if (!StatusTransitions.isListed(status, target)) {
            throw new ConflictException("A booking cannot go from " + status.value() + " to " + target.value()
                    + (target == BookingStatus.ASSIGNED ? " by a status change; assign a technician instead" : ""));
        }
        Party party = partyOf(by).orElseThrow(() -> new IllegalStateException("caller cannot see the booking"));
        if (!StatusTransitions.whoMay(status, target).contains(party)) {
            throw new ForbiddenException(
                    "You may not move this booking from " + status.value() + " to " + target.value());
        }
        return withStatus(target, technicianId, at);
    }

    /**
     * Gives the booking to a technician; only an admin may. From pending or confirmed it becomes
     * assigned; while a job is under way the technician may be replaced and the status stays; a
     * finished or cancelled booking is closed for good. Assigning the current technician again
     * changes nothing. {@code isTechnician} is asked only once the caller is known to be an admin,
     * so nobody else can probe which users are technicians.
     */
    Booking assignTo(UUID technician, Predicate<UUID> isTechnician, CurrentUser by, Instant at) {
        if (partyOf(by).filter(Party.ADMIN::equals).isEmpty()) {
            throw new ForbiddenException("Only an admin assigns technicians");
        }
        if (!isTechnician.test(technician)) {
            throw new InvalidRequestException("technicianId", "must be the id of a user whose role is technician");
        }
        if (!StatusTransitions.assignableFrom(status)) {
            throw new ConflictException("A " + status.value() + " booking cannot be assigned a technician");
        }
        BookingStatus next = StatusTransitions.afterAssignment(status);
        if (technician.equals(technicianId) && next == status) {
            return this;
        }
        return withStatus(next, technician, at);
    }

    /**
     * Checks that {@code by} may report a position now: only the assigned technician, and only
     * while on the way or on site.
     */
    void acceptLocationFrom(CurrentUser by) {
        if (!by.id().equals(technicianId)) {
            throw new ForbiddenException("Only the assigned technician reports the location");
        }
        if (!StatusTransitions.tracksLocationIn(status)) {
            throw new ConflictException(
                    "Location is reported only while en_route, arrived or in_progress, not " + status.value());
        }
    }

    private Booking withStatus(BookingStatus next, UUID technician, Instant at) {
        return new Booking(id, customerId, technician, serviceType, address, scheduledAt, notes, next, createdAt, at);
    }
}
