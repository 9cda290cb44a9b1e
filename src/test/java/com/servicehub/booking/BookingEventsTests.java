package com.servicehub.booking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.servicehub.RecordedEvents;
import com.servicehub.TestApi;
import com.servicehub.auth.CurrentUser;
import com.servicehub.auth.Role;

/**
 * What after-commit listeners (the real-time push) learn about bookings: each change once, with
 * the committed data, and nothing for a request that was refused or rolled back.
 */
class BookingEventsTests extends BookingCastTest {

    @Autowired
    RecordedEvents events;

    @Autowired
    BookingLifecycle lifecycle;

    @Autowired
    PlatformTransactionManager transactionManager;

    @Test
    void aStatusChangeIsPublishedOnceWithTheCommittedBooking() {
        UUID id = bookings.book(customer);

        TestApi.Response confirmed = bookings.changeStatus(id, "confirmed", admin);

        assertThat(confirmed.status()).isEqualTo(200);
        await().untilAsserted(() -> assertThat(statusChanges(id))
                .containsExactly(new BookingStatusChanged(
                        id, customer.id(), null, BookingStatus.CONFIRMED, Instant.parse(confirmed.text("updatedAt")))));
        assertThat(assignments(id)).isEmpty();
    }

    @Test
    void assigningAPendingBookingPublishesTheAssignmentThenTheStatusChange() {
        UUID id = bookings.book(customer);

        TestApi.Response assigned = bookings.assign(id, technician.id(), admin);

        Instant at = Instant.parse(assigned.text("updatedAt"));
        await().untilAsserted(() -> assertThat(events.of(Object.class, event -> concerns(event, id)))
                .containsExactly(
                        new TechnicianAssigned(id, customer.id(), technician.id(), null, at),
                        new BookingStatusChanged(id, customer.id(), technician.id(), BookingStatus.ASSIGNED, at)));
    }

    @Test
    void reassigningNamesThePreviousTechnicianAndKeepsTheStatus() {
        UUID id = bookings.bookIn("en_route", customer, technician, admin);
        int statusChangesBefore = statusChanges(id).size();

        TestApi.Response reassigned = bookings.assign(id, otherTechnician.id(), admin);

        assertThat(reassigned.status()).isEqualTo(200);
        await().untilAsserted(() -> assertThat(assignments(id)).hasSize(2));
        assertThat(assignments(id).get(1))
                .isEqualTo(new TechnicianAssigned(
                        id,
                        customer.id(),
                        otherTechnician.id(),
                        technician.id(),
                        Instant.parse(reassigned.text("updatedAt"))));
        assertThat(statusChanges(id)).hasSize(statusChangesBefore);
    }

    @Test
    void assigningTheSameTechnicianAgainNamesNoPreviousOne() {
        UUID id = bookings.bookIn("assigned", customer, technician, admin);

        assertThat(bookings.assign(id, technician.id(), admin).status()).isEqualTo(200);

        await().untilAsserted(() -> assertThat(assignments(id)).hasSize(2));
        assertThat(assignments(id).get(1).technicianId()).isEqualTo(technician.id());
        assertThat(assignments(id).get(1).previousTechnicianId()).isNull();
        assertThat(statusChanges(id)).extracting(BookingStatusChanged::status).containsExactly(BookingStatus.ASSIGNED);
    }

    @Test
    void aLocationReportIsPublishedOnceWithItsServerTime() {
        UUID id = bookings.bookIn("en_route", customer, technician, admin);

        assertThat(bookings.reportLocation(id, 24.7136, 46.6753, technician).status())
                .isEqualTo(202);

        Instant reportedAt = Instant.parse(bookings.location(id, customer).text("timestamp"));
        await().untilAsserted(() -> assertThat(locations(id))
                .containsExactly(new TechnicianLocationReported(id, 24.7136, 46.6753, reportedAt)));
    }

    @Test
    void refusedRequestsPublishNothing() {
        UUID id = bookings.bookIn("assigned", customer, technician, admin);
        int before = events.of(Object.class, event -> concerns(event, id)).size();

        assertThat(bookings.changeStatus(id, "completed", admin).status()).isEqualTo(409);
        assertThat(bookings.changeStatus(id, "en_route", customer).status()).isEqualTo(403);
        assertThat(bookings.changeStatus(id, "en_route", otherTechnician).status())
                .isEqualTo(404);
        assertThat(bookings.changeStatus(id, "flying", admin).status()).isEqualTo(400);
        assertThat(bookings.assign(id, otherTechnician.id(), customer).status()).isEqualTo(403);
        assertThat(bookings.assign(id, customer.id(), admin).status()).isEqualTo(400);
        assertThat(bookings.reportLocation(id, 24.7, 46.6, technician).status()).isEqualTo(409);
        assertThat(bookings.reportLocation(id, 95, 46.6, technician).status()).isEqualTo(400);
        assertThat(bookings.reportLocation(id, 24.7, 46.6, customer).status()).isEqualTo(403);

        // A request that succeeds afterwards shows that the listener is live and the refused ones left nothing.
        assertThat(bookings.changeStatus(id, "en_route", technician).status()).isEqualTo(200);
        await().untilAsserted(() -> assertThat(statusChanges(id))
                .extracting(BookingStatusChanged::status)
                .containsExactly(BookingStatus.ASSIGNED, BookingStatus.EN_ROUTE));
        assertThat(events.of(Object.class, event -> concerns(event, id))).hasSize(before + 1);
    }

    @Test
    void aChangeThatRollsBackIsNeverPublished() {
        UUID id = bookings.bookIn("en_route", customer, technician, admin);
        CurrentUser assigned = new CurrentUser(technician.id(), Role.TECHNICIAN);
        CurrentUser anAdmin = new CurrentUser(admin.id(), Role.ADMIN);
        int before = events.of(Object.class, event -> concerns(event, id)).size();

        new TransactionTemplate(transactionManager).executeWithoutResult(transaction -> {
            lifecycle.changeStatus(id, BookingStatus.ARRIVED, assigned);
            lifecycle.reportLocation(id, 24.7, 46.6, assigned);
            lifecycle.assignTechnician(id, otherTechnician.id(), anAdmin);
            transaction.setRollbackOnly();
        });

        assertThat(bookings.statusOf(id, admin)).isEqualTo("en_route");
        assertThat(bookings.get(id, admin).text("technicianId"))
                .isEqualTo(technician.id().toString());
        assertThat(bookings.location(id, admin).status()).isEqualTo(404);
        assertThat(bookings.changeStatus(id, "arrived", technician).status()).isEqualTo(200);
        await().untilAsserted(() -> assertThat(statusChanges(id))
                .last()
                .extracting(BookingStatusChanged::status)
                .isEqualTo(BookingStatus.ARRIVED));
        assertThat(events.of(Object.class, event -> concerns(event, id))).hasSize(before + 1);
    }

    private List<BookingStatusChanged> statusChanges(UUID id) {
        return events.of(BookingStatusChanged.class, event -> event.bookingId().equals(id));
    }

    private List<TechnicianAssigned> assignments(UUID id) {
        return events.of(TechnicianAssigned.class, event -> event.bookingId().equals(id));
    }

    private List<TechnicianLocationReported> locations(UUID id) {
        return events.of(
                TechnicianLocationReported.class, event -> event.bookingId().equals(id));
    }

    private static boolean concerns(Object event, UUID id) {
        return event instanceof BookingStatusChanged changed
                        && changed.bookingId().equals(id)
                || event instanceof TechnicianAssigned assigned
                        && assigned.bookingId().equals(id)
                || event instanceof TechnicianLocationReported reported
                        && reported.bookingId().equals(id);
    }
}
