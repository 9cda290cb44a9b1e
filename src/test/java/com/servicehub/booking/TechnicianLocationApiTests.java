package com.servicehub.booking;

import static com.servicehub.Problems.assertInvalid;
import static com.servicehub.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.servicehub.TestApi;
import com.servicehub.TestUsers.Session;

/** The technician's last known position: who reports it, when, and who reads it back. */
class TechnicianLocationApiTests extends BookingCastTest {

    @ParameterizedTest
    @ValueSource(strings = {"en_route", "arrived", "in_progress"})
    void theAssignedTechnicianReportsWhileOnTheWayOrOnSite(String status) {
        UUID id = bookings.bookIn(status, customer, technician, admin);
        String updatedAt = bookings.get(id, admin).text("updatedAt");
        Instant before = Instant.now().minusMillis(1);

        TestApi.Response reported = bookings.reportLocation(id, 24.7136, 46.6753, technician);

        assertThat(reported.status()).as(reported.raw()).isEqualTo(202);
        for (Session reader : List.of(customer, technician, admin)) {
            TestApi.Response location = bookings.location(id, reader);
            assertThat(location.status()).as(location.raw()).isEqualTo(200);
            assertThat(location.body().propertyNames()).containsExactlyInAnyOrder("bookingId", "location", "timestamp");
            assertThat(location.text("bookingId")).isEqualTo(id.toString());
            assertThat(location.body().get("location").get("latitude").asDouble())
                    .isEqualTo(24.7136);
            assertThat(location.body().get("location").get("longitude").asDouble())
                    .isEqualTo(46.6753);
            assertThat(location.text("timestamp")).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
            assertThat(Instant.parse(location.text("timestamp"))).isAfter(before);
        }
        assertThat(bookings.get(id, admin).text("updatedAt")).isEqualTo(updatedAt);
    }

    @Test
    void theLastReportWins() {
        UUID id = bookings.bookIn("en_route", customer, technician, admin);
        assertThat(bookings.reportLocation(id, 10.5, 20.25, technician).status())
                .isEqualTo(202);
        assertThat(bookings.reportLocation(id, -33.8688, 151.2093, technician).status())
                .isEqualTo(202);

        TestApi.Response location = bookings.location(id, customer);
        assertThat(location.body().get("location").get("latitude").asDouble()).isEqualTo(-33.8688);
        assertThat(location.body().get("location").get("longitude").asDouble()).isEqualTo(151.2093);
    }

    @Test
    void theExtremesOfTheRangesAreAccepted() {
        UUID id = bookings.bookIn("arrived", customer, technician, admin);
        for (double[] point : new double[][] {{90, 180}, {-90, -180}, {0, 0}}) {
            assertThat(bookings.reportLocation(id, point[0], point[1], technician)
                            .status())
                    .isEqualTo(202);
        }
        assertThat(bookings.location(id, admin)
                        .body()
                        .get("location")
                        .get("latitude")
                        .asDouble())
                .isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"assigned", "completed", "cancelled"})
    void theAssignedTechnicianCannotReportBeforeSettingOffOrOnceTheJobIsOver(String status) {
        UUID id = bookings.bookIn(status.equals("completed") ? "completed" : "assigned", customer, technician, admin);
        if (status.equals("cancelled")) {
            assertThat(bookings.changeStatus(id, "cancelled", customer).status())
                    .isEqualTo(200);
        }

        assertProblem(bookings.reportLocation(id, 24.7, 46.6, technician), 409);
        assertProblem(bookings.location(id, admin), 404);
    }

    @ParameterizedTest
    @ValueSource(strings = {"pending", "confirmed"})
    void beforeAssignmentNobodyCanReport(String status) {
        UUID id = bookings.bookIn(status, customer, technician, admin);

        assertProblem(bookings.reportLocation(id, 24.7, 46.6, admin), 403);
        assertProblem(bookings.reportLocation(id, 24.7, 46.6, customer), 403);
        assertProblem(bookings.reportLocation(id, 24.7, 46.6, technician), 404);
        assertProblem(bookings.location(id, admin), 404);
    }

    @Test
    void onlyTheAssignedTechnicianReports() {
        UUID id = bookings.bookIn("en_route", customer, technician, admin);

        assertProblem(bookings.reportLocation(id, 24.7, 46.6, customer), 403);
        assertProblem(bookings.reportLocation(id, 24.7, 46.6, admin), 403);
        assertProblem(bookings.reportLocation(id, 24.7, 46.6, otherTechnician), 404);
        assertProblem(bookings.reportLocation(id, 24.7, 46.6, users.customer()), 404);
        assertProblem(bookings.reportLocation(UUID.randomUUID(), 24.7, 46.6, technician), 404);

        assertProblem(bookings.location(id, admin), 404);
    }

    @Test
    void outOfRangeOrMissingCoordinatesAreRefusedWithFieldErrors() {
        UUID id = bookings.bookIn("en_route", customer, technician, admin);

        assertInvalid(bookings.reportLocation(id, 90.0001, 0, technician), "latitude");
        assertInvalid(bookings.reportLocation(id, -91, 0, technician), "latitude");
        assertInvalid(bookings.reportLocation(id, 0, 180.5, technician), "longitude");
        assertInvalid(bookings.reportLocation(id, 0, -181, technician), "longitude");
        assertInvalid(bookings.reportLocation(id, 100, 200, technician), "latitude", "longitude");
        assertInvalid(bookings.reportLocation(id, null, null, technician), "latitude", "longitude");
        assertProblem(bookings.reportLocation(id, "north", 46.6, technician), 400);
        assertProblem(bookings.reportLocation(id, true, 46.6, technician), 400);
        assertProblem(bookings.reportLocation(id, List.of(1), 46.6, technician), 400);
        assertProblem(
                api.sendRaw(
                        "POST",
                        "/api/v2/bookings/" + id + "/location",
                        technician.accessToken(),
                        "{\"latitude\": NaN, \"longitude\": 1}",
                        "application/json"),
                400);
        assertProblem(
                api.sendRaw(
                        "POST",
                        "/api/v2/bookings/" + id + "/location",
                        technician.accessToken(),
                        "{\"latitude\": 1e400, \"longitude\": 1}",
                        "application/json"),
                400);

        assertProblem(bookings.location(id, customer), 404);
    }

    @Test
    void readingTheLocationFollowsTheBookingsVisibility() {
        UUID id = bookings.bookIn("in_progress", customer, technician, admin);
        assertThat(bookings.reportLocation(id, 24.7, 46.6, technician).status()).isEqualTo(202);

        assertProblem(bookings.location(id, users.customer()), 404);
        assertProblem(bookings.location(id, otherTechnician), 404);
        assertProblem(bookings.location(UUID.randomUUID(), admin), 404);
        assertProblem(api.get("/api/v2/bookings/nope/location", admin.accessToken()), 400);
    }

    @Test
    void aNewTechnicianStartsWithoutTheOldOnesPositionAndTheOldOneIsLockedOut() {
        UUID id = bookings.bookIn("en_route", customer, technician, admin);
        assertThat(bookings.reportLocation(id, 24.7, 46.6, technician).status()).isEqualTo(202);

        assertThat(bookings.assign(id, otherTechnician.id(), admin).status()).isEqualTo(200);

        assertProblem(bookings.location(id, customer), 404);
        assertProblem(bookings.reportLocation(id, 24.8, 46.7, technician), 404);
        assertThat(bookings.reportLocation(id, 21.5, 39.2, otherTechnician).status())
                .isEqualTo(202);
        assertThat(bookings.location(id, customer)
                        .body()
                        .get("location")
                        .get("latitude")
                        .asDouble())
                .isEqualTo(21.5);
    }
}
