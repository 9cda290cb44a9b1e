package com.servicehub.booking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.servicehub.auth.CurrentUser;
import com.servicehub.auth.Role;
import com.servicehub.system.ConflictException;
import com.servicehub.system.ForbiddenException;
import com.servicehub.system.InvalidRequestException;

/** The guarded methods of {@link Booking}, without Spring or a database. */
class BookingTests {

    private static final Instant NOW = Instant.parse("2024-10-02T19:00:00.000Z");
    private static final Instant LATER = NOW.plusSeconds(60);
    private static final Set<BookingStatus> TRACKED =
            EnumSet.of(BookingStatus.EN_ROUTE, BookingStatus.ARRIVED, BookingStatus.IN_PROGRESS);

    private final CurrentUser customer = new CurrentUser(UUID.randomUUID(), Role.CUSTOMER);
    private final CurrentUser technician = new CurrentUser(UUID.randomUUID(), Role.TECHNICIAN);
    private final CurrentUser admin = new CurrentUser(UUID.randomUUID(), Role.ADMIN);

    @Test
    void aCustomerBooksAPendingServiceForThemselves() {
        Booking booking = Booking.book(customer, "Plumbing", "Olaya Street", NOW.plus(Duration.ofDays(1)), null, NOW);

        assertThat(booking.status()).isEqualTo(BookingStatus.PENDING);
        assertThat(booking.customerId()).isEqualTo(customer.id());
        assertThat(booking.technicianId()).isNull();
        assertThat(booking.createdAt()).isEqualTo(NOW);
        assertThat(booking.updatedAt()).isEqualTo(NOW);
    }

    @Test
    void onlyCustomersBook() {
        for (CurrentUser other : new CurrentUser[] {technician, admin}) {
            assertThatThrownBy(() -> Booking.book(other, "Plumbing", "Olaya Street", NOW.plusSeconds(3600), null, NOW))
                    .isInstanceOf(ForbiddenException.class);
        }
    }

    @Test
    void aTimeInThePastIsRefusedButAFewMinutesAgoStillCountsAsNow() {
        assertThat(Booking.book(customer, "Plumbing", "Olaya Street", NOW.minus(Booking.PAST_TOLERANCE), null, NOW))
                .isNotNull();
        assertThatThrownBy(() -> Booking.book(
                        customer,
                        "Plumbing",
                        "Olaya Street",
                        NOW.minus(Booking.PAST_TOLERANCE).minusMillis(1),
                        null,
                        NOW))
                .isInstanceOfSatisfying(
                        InvalidRequestException.class,
                        ex -> assertThat(ex.field()).isEqualTo("scheduledAt"));
    }

    @Test
    void bookingsReachAYearAhead() {
        assertThat(Booking.book(customer, "Plumbing", "Olaya Street", NOW.plus(Booking.HORIZON), null, NOW))
                .isNotNull();
        assertThatThrownBy(() -> Booking.book(
                        customer,
                        "Plumbing",
                        "Olaya Street",
                        NOW.plus(Booking.HORIZON).plusMillis(1),
                        null,
                        NOW))
                .isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void theCustomerTheAssignedTechnicianAndAdminsAreParties() {
        Booking booking = in(BookingStatus.ASSIGNED);

        assertThat(booking.partyOf(customer)).contains(Party.CUSTOMER);
        assertThat(booking.partyOf(technician)).contains(Party.ASSIGNED_TECHNICIAN);
        assertThat(booking.partyOf(admin)).contains(Party.ADMIN);
        assertThat(booking.partyOf(new CurrentUser(UUID.randomUUID(), Role.CUSTOMER)))
                .isEmpty();
        assertThat(booking.partyOf(new CurrentUser(UUID.randomUUID(), Role.TECHNICIAN)))
                .isEmpty();
        assertThat(booking.isVisibleTo(new CurrentUser(UUID.randomUUID(), Role.ADMIN)))
                .isTrue();
    }

    @Test
    void aListedMoveByAnAllowedPartyChangesStatusAndUpdatedAtOnly() {
        Booking booking = in(BookingStatus.ASSIGNED);

        Booking moved = booking.moveTo(BookingStatus.EN_ROUTE, technician, LATER);

        assertThat(moved)
                .isEqualTo(new Booking(
                        booking.id(),
                        booking.customerId(),
                        booking.technicianId(),
                        booking.serviceType(),
                        booking.address(),
                        booking.scheduledAt(),
                        booking.notes(),
                        BookingStatus.EN_ROUTE,
                        booking.createdAt(),
                        LATER));
    }

    @Test
    void aMoveTheTableDoesNotListIsAConflictEvenForAnAdmin() {
        assertThatThrownBy(() -> in(BookingStatus.COMPLETED).moveTo(BookingStatus.CANCELLED, admin, LATER))
                .isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> in(BookingStatus.PENDING).moveTo(BookingStatus.ASSIGNED, admin, LATER))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("assign");
        assertThatThrownBy(() -> in(BookingStatus.EN_ROUTE).moveTo(BookingStatus.EN_ROUTE, admin, LATER))
                .isInstanceOf(ConflictException.class);
    }

    @Test
    void aListedMoveByAPartyItDoesNotNameIsForbidden() {
        assertThatThrownBy(() -> in(BookingStatus.ASSIGNED).moveTo(BookingStatus.EN_ROUTE, customer, LATER))
                .isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> in(BookingStatus.ASSIGNED).moveTo(BookingStatus.CANCELLED, technician, LATER))
                .isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> in(BookingStatus.PENDING).moveTo(BookingStatus.CONFIRMED, customer, LATER))
                .isInstanceOf(ForbiddenException.class);
    }

    @ParameterizedTest
    @EnumSource(
            value = BookingStatus.class,
            names = {"PENDING", "CONFIRMED"})
    void assigningAPendingOrConfirmedBookingMakesItAssigned(BookingStatus status) {
        Booking booking = Booking.book(customer, "Plumbing", "Olaya Street", NOW.plusSeconds(3600), null, NOW);
        booking = status == BookingStatus.CONFIRMED ? booking.moveTo(BookingStatus.CONFIRMED, admin, NOW) : booking;

        Booking assigned = booking.assignTo(technician.id(), anyone -> true, admin, LATER);

        assertThat(assigned.status()).isEqualTo(BookingStatus.ASSIGNED);
        assertThat(assigned.technicianId()).isEqualTo(technician.id());
        assertThat(assigned.updatedAt()).isEqualTo(LATER);
    }

    @ParameterizedTest
    @EnumSource(
            value = BookingStatus.class,
            names = {"ASSIGNED", "EN_ROUTE", "ARRIVED", "IN_PROGRESS"})
    void reassigningAJobUnderWayKeepsItsStatus(BookingStatus status) {
        UUID replacement = UUID.randomUUID();

        Booking reassigned = in(status).assignTo(replacement, anyone -> true, admin, LATER);

        assertThat(reassigned.status()).isEqualTo(status);
        assertThat(reassigned.technicianId()).isEqualTo(replacement);
    }

    @Test
    void assigningTheSameTechnicianAgainChangesNothing() {
        Booking booking = in(BookingStatus.ARRIVED);
        assertThat(booking.assignTo(technician.id(), anyone -> true, admin, LATER))
                .isSameAs(booking);
    }

    @ParameterizedTest
    @EnumSource(
            value = BookingStatus.class,
            names = {"COMPLETED", "CANCELLED"})
    void aFinishedBookingCannotBeAssigned(BookingStatus status) {
        assertThatThrownBy(() -> in(status).assignTo(UUID.randomUUID(), anyone -> true, admin, LATER))
                .isInstanceOf(ConflictException.class);
    }

    @Test
    void onlyAnAdminAssignsAndOnlyATechnician() {
        Booking booking = in(BookingStatus.PENDING);
        assertThatThrownBy(() -> booking.assignTo(
                        technician.id(),
                        anyone -> {
                            throw new AssertionError("must not be asked who is a technician for a non-admin");
                        },
                        customer,
                        LATER))
                .isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> booking.assignTo(customer.id(), anyone -> false, admin, LATER))
                .isInstanceOfSatisfying(
                        InvalidRequestException.class,
                        ex -> assertThat(ex.field()).isEqualTo("technicianId"));
    }

    @ParameterizedTest
    @EnumSource(BookingStatus.class)
    void onlyTheAssignedTechnicianReportsALocationAndOnlyOnTheWayOrOnSite(BookingStatus status) {
        Booking booking = in(status);
        if (booking.technicianId() == null) {
            assertThatThrownBy(() -> booking.acceptLocationFrom(technician)).isInstanceOf(ForbiddenException.class);
        } else if (TRACKED.contains(status)) {
            booking.acceptLocationFrom(technician);
        } else {
            assertThatThrownBy(() -> booking.acceptLocationFrom(technician)).isInstanceOf(ConflictException.class);
        }
        assertThatThrownBy(() -> booking.acceptLocationFrom(customer)).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> booking.acceptLocationFrom(admin)).isInstanceOf(ForbiddenException.class);
    }

    /** A booking of this test's customer in {@code status}, with this test's technician from assigned on. */
    private Booking in(BookingStatus status) {
        boolean assigned = status != BookingStatus.PENDING && status != BookingStatus.CONFIRMED;
        return new Booking(
                UUID.randomUUID(),
                customer.id(),
                assigned ? technician.id() : null,
                "Plumbing",
                "Olaya Street",
                NOW.plusSeconds(3600),
                null,
                status,
                NOW,
                NOW);
    }
}
