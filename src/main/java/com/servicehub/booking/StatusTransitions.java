package com.servicehub.booking;

import static com.servicehub.booking.BookingStatus.ARRIVED;
import static com.servicehub.booking.BookingStatus.ASSIGNED;
import static com.servicehub.booking.BookingStatus.CANCELLED;
import static com.servicehub.booking.BookingStatus.COMPLETED;
import static com.servicehub.booking.BookingStatus.CONFIRMED;
import static com.servicehub.booking.BookingStatus.EN_ROUTE;
import static com.servicehub.booking.BookingStatus.IN_PROGRESS;
import static com.servicehub.booking.BookingStatus.PENDING;
import static com.servicehub.booking.Party.ADMIN;
import static com.servicehub.booking.Party.ASSIGNED_TECHNICIAN;
import static com.servicehub.booking.Party.CUSTOMER;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The status transition table of CONTRACT §2, in one place.
 *
 * <p>{@code assigned} is deliberately absent from {@link #whoMay}: a booking only becomes assigned
 * by getting a technician ({@link #assignableFrom}), so asking for it as a plain status change is
 * a transition that is not listed.
 */
final class StatusTransitions {

    private static final Map<BookingStatus, Map<BookingStatus, Set<Party>>> TABLE = new EnumMap<>(BookingStatus.class);

    static {
        allow(PENDING, CONFIRMED, ADMIN);
        allow(ASSIGNED, EN_ROUTE, ASSIGNED_TECHNICIAN, ADMIN);
        allow(EN_ROUTE, ARRIVED, ASSIGNED_TECHNICIAN, ADMIN);
        allow(ARRIVED, IN_PROGRESS, ASSIGNED_TECHNICIAN, ADMIN);
        allow(IN_PROGRESS, COMPLETED, ASSIGNED_TECHNICIAN, ADMIN);
        allow(PENDING, CANCELLED, CUSTOMER, ADMIN);
        allow(CONFIRMED, CANCELLED, CUSTOMER, ADMIN);
        allow(ASSIGNED, CANCELLED, CUSTOMER, ADMIN);
    }

    /** Statuses in which a technician may be (re)assigned at all. */
    private static final Set<BookingStatus> ASSIGNABLE =
            EnumSet.of(PENDING, CONFIRMED, ASSIGNED, EN_ROUTE, ARRIVED, IN_PROGRESS);

    /** Statuses in which assignment also moves the booking to {@code assigned}. */
    private static final Set<BookingStatus> BECOMES_ASSIGNED = EnumSet.of(PENDING, CONFIRMED);

    /** Statuses in which the technician is on the way or on site, so their position matters. */
    private static final Set<BookingStatus> TRACKED = EnumSet.of(EN_ROUTE, ARRIVED, IN_PROGRESS);

    private StatusTransitions() {}

    private static void allow(BookingStatus from, BookingStatus to, Party... parties) {
        TABLE.computeIfAbsent(from, status -> new EnumMap<>(BookingStatus.class))
                .put(to, Set.of(parties));
    }

    /** The parties that may move a booking from {@code from} to {@code to}; empty when the move is not listed. */
    static Set<Party> whoMay(BookingStatus from, BookingStatus to) {
        return TABLE.getOrDefault(from, Map.of()).getOrDefault(to, Set.of());
    }

    static boolean isListed(BookingStatus from, BookingStatus to) {
        return !whoMay(from, to).isEmpty();
    }

    static boolean assignableFrom(BookingStatus status) {
        return ASSIGNABLE.contains(status);
    }

    /** The status a booking has after assignment: {@code assigned} from pending or confirmed, else unchanged. */
    static BookingStatus afterAssignment(BookingStatus status) {
        return BECOMES_ASSIGNED.contains(status) ? ASSIGNED : status;
    }

    static boolean tracksLocationIn(BookingStatus status) {
        return TRACKED.contains(status);
    }
}
