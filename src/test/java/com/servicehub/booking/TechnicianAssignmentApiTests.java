package com.servicehub.booking;

import static com.servicehub.Problems.assertInvalid;
import static com.servicehub.Problems.assertProblem;
import static com.servicehub.TestApi.body;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.servicehub.TestApi;

/** {@code PUT /api/v2/bookings/{id}/technician}: who may assign, whom, and in which states. */
class TechnicianAssignmentApiTests extends BookingCastTest {

    @ParameterizedTest
    @ValueSource(strings = {"pending", "confirmed"})
    void assigningAPendingOrConfirmedBookingMakesItAssigned(String from) {
        UUID id = bookings.bookIn(from, customer, technician, admin);

        TestApi.Response assigned = bookings.assign(id, technician.id(), admin);

        assertThat(assigned.status()).as(assigned.raw()).isEqualTo(200);
        assertThat(assigned.text("technicianId")).isEqualTo(technician.id().toString());
        assertThat(assigned.text("status")).isEqualTo("assigned");
        assertThat(bookings.get(id, technician).body()).isEqualTo(assigned.body());
        assertThat(bookings.get(id, customer).body()).isEqualTo(assigned.body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"assigned", "en_route", "arrived", "in_progress"})
    void reassigningAJobUnderWayKeepsItsStatusAndLocksTheOldTechnicianOut(String from) {
        UUID id = bookings.bookIn(from, customer, technician, admin);

        TestApi.Response reassigned = bookings.assign(id, otherTechnician.id(), admin);

        assertThat(reassigned.status()).as(reassigned.raw()).isEqualTo(200);
        assertThat(reassigned.text("technicianId"))
                .isEqualTo(otherTechnician.id().toString());
        assertThat(reassigned.text("status")).isEqualTo(from);
        assertThat(bookings.get(id, otherTechnician).status()).isEqualTo(200);
        assertProblem(bookings.get(id, technician), 404);
        assertProblem(bookings.changeStatus(id, "cancelled", technician), 404);
    }

    @Test
    void assigningTheSameTechnicianAgainChangesNothing() {
        UUID id = bookings.bookIn("en_route", customer, technician, admin);
        TestApi.Response before = bookings.get(id, admin);

        TestApi.Response again = bookings.assign(id, technician.id(), admin);

        assertThat(again.status()).as(again.raw()).isEqualTo(200);
        assertThat(again.body()).isEqualTo(before.body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"completed", "cancelled"})
    void aFinishedBookingCannotBeAssigned(String from) {
        UUID id = bookings.bookIn(from, customer, technician, admin);
        TestApi.Response before = bookings.get(id, admin);

        assertProblem(bookings.assign(id, otherTechnician.id(), admin), 409);
        assertThat(bookings.get(id, admin).body()).isEqualTo(before.body());
    }

    @Test
    void onlyATechnicianCanBeAssigned() {
        UUID id = bookings.book(customer);
        assertInvalid(bookings.assign(id, customer.id(), admin), "technicianId");
        assertInvalid(bookings.assign(id, admin.id(), admin), "technicianId");
        assertInvalid(bookings.assign(id, UUID.randomUUID(), admin), "technicianId");
        assertThat(bookings.get(id, admin).text("status")).isEqualTo("pending");
        assertThat(bookings.get(id, admin).body().get("technicianId").isNull()).isTrue();
    }

    @Test
    void onlyAdminsAssignAndStrangersDoNotLearnTheBookingExists() {
        UUID id = bookings.bookIn("assigned", customer, technician, admin);
        TestApi.Response before = bookings.get(id, admin);

        assertProblem(bookings.assign(id, otherTechnician.id(), customer), 403);
        assertProblem(bookings.assign(id, otherTechnician.id(), technician), 403);
        assertProblem(bookings.assign(id, otherTechnician.id(), otherTechnician), 404);
        assertProblem(bookings.assign(id, otherTechnician.id(), users.customer()), 404);
        // A non-admin learns nothing about who is a technician either.
        assertProblem(bookings.assign(id, UUID.randomUUID(), customer), 403);
        assertProblem(bookings.assign(UUID.randomUUID(), otherTechnician.id(), customer), 404);
        assertProblem(bookings.assign(UUID.randomUUID(), otherTechnician.id(), admin), 404);

        assertThat(bookings.get(id, admin).body()).isEqualTo(before.body());
    }

    @Test
    void badAssignmentBodiesAreBadRequests() {
        UUID id = bookings.book(customer);
        String path = "/api/v2/bookings/" + id + "/technician";
        assertInvalid(api.put(path, admin.accessToken(), body()), "technicianId");
        assertInvalid(api.put(path, admin.accessToken(), body("technicianId", null)), "technicianId");
        for (Object wrong : List.of("not-a-uuid", 42, List.of(technician.id().toString()), "")) {
            assertProblem(api.put(path, admin.accessToken(), body("technicianId", wrong)), 400);
        }
        assertProblem(api.sendRaw("PUT", path, admin.accessToken(), "{technicianId}", "application/json"), 400);
        assertThat(bookings.get(id, admin).text("status")).isEqualTo("pending");
    }
}
