package com.servicehub.booking;

import static com.servicehub.Problems.assertInvalid;
import static com.servicehub.Problems.assertProblem;
import static com.servicehub.TestApi.body;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.servicehub.TestApi;
import com.servicehub.TestUsers.Session;

/** {@code PATCH /api/v2/bookings/{id}/status} against the contract's transition table, pair by pair and party by party. */
class BookingStatusApiTests extends BookingCastTest {

    static final List<String> STATUSES =
            List.of("pending", "confirmed", "assigned", "en_route", "arrived", "in_progress", "completed", "cancelled");

    /** CONTRACT §2, transcribed by hand: "from>to" and who may make the move. */
    static final Map<String, Set<String>> CONTRACT_TABLE = Map.of(
            "pending>confirmed", Set.of("admin"),
            "assigned>en_route", Set.of("technician", "admin"),
            "en_route>arrived", Set.of("technician", "admin"),
            "arrived>in_progress", Set.of("technician", "admin"),
            "in_progress>completed", Set.of("technician", "admin"),
            "pending>cancelled", Set.of("customer", "admin"),
            "confirmed>cancelled", Set.of("customer", "admin"),
            "assigned>cancelled", Set.of("customer", "admin"));

    static Stream<Arguments> everyPair() {
        List<Arguments> pairs = new ArrayList<>();
        for (String from : STATUSES) {
            for (String to : STATUSES) {
                pairs.add(Arguments.of(from, to));
            }
        }
        return pairs.stream();
    }

    /** An admin may make every listed move, so for an admin the answer depends on the table alone. */
    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("everyPair")
    void everyMoveTheTableListsSucceedsAndEveryOtherIsAConflict(String from, String to) {
        UUID id = bookings.bookIn(from, customer, technician, admin);
        TestApi.Response before = bookings.get(id, admin);

        TestApi.Response response = bookings.changeStatus(id, to, admin);

        if (CONTRACT_TABLE.containsKey(from + ">" + to)) {
            assertThat(response.status()).as(response.raw()).isEqualTo(200);
            assertThat(response.text("status")).isEqualTo(to);
            assertThat(response.text("updatedAt")).isGreaterThanOrEqualTo(before.text("updatedAt"));
            assertThat(bookings.get(id, admin).body()).isEqualTo(response.body());
        } else {
            assertProblem(response, 409);
            assertThat(bookings.get(id, admin).body()).isEqualTo(before.body());
        }
    }

    static Stream<Arguments> everyListedMoveByEveryone() {
        List<Arguments> cases = new ArrayList<>();
        for (String move : CONTRACT_TABLE.keySet().stream().sorted().toList()) {
            for (String who : List.of("customer", "otherCustomer", "technician", "otherTechnician", "admin")) {
                cases.add(Arguments.of(move.split(">")[0], move.split(">")[1], who));
            }
        }
        return cases.stream();
    }

    /** Allowed parties succeed; others who can see the booking get 403, strangers 404, and the booking stays as it was. */
    @ParameterizedTest(name = "{0} -> {1} by {2}")
    @MethodSource("everyListedMoveByEveryone")
    void onlyThePartiesTheTableNamesMayMakeAMove(String from, String to, String who) {
        UUID id = bookings.bookIn(from, customer, technician, admin);
        TestApi.Response before = bookings.get(id, admin);
        Session caller = switch (who) {
            case "customer" -> customer;
            case "otherCustomer" -> otherCustomer;
            case "technician" -> technician;
            case "otherTechnician" -> otherTechnician;
            default -> admin;
        };
        // A technician is a party only once assigned; before that they see nothing.
        boolean visible = who.equals("customer")
                || who.equals("admin")
                || (who.equals("technician") && bookings.get(id, technician).status() == 200);

        TestApi.Response response = bookings.changeStatus(id, to, caller);

        if (CONTRACT_TABLE.get(from + ">" + to).contains(who)) {
            assertThat(response.status()).as(response.raw()).isEqualTo(200);
            assertThat(response.text("status")).isEqualTo(to);
        } else {
            assertProblem(response, visible ? 403 : 404);
            assertThat(bookings.get(id, admin).body()).isEqualTo(before.body());
        }
    }

    @Test
    void theTechnicianWalksTheJobThroughToCompletionAndTheCustomerSeesIt() {
        UUID id = bookings.bookIn("assigned", customer, technician, admin);
        for (String next : List.of("en_route", "arrived", "in_progress", "completed")) {
            TestApi.Response moved = bookings.changeStatus(id, next, technician);
            assertThat(moved.status()).as(moved.raw()).isEqualTo(200);
            assertThat(bookings.get(id, customer).text("status")).isEqualTo(next);
        }
        assertProblem(bookings.changeStatus(id, "cancelled", customer), 409);
    }

    @Test
    void assignedIsReachedOnlyByAssigningATechnician() {
        for (String from : List.of("pending", "confirmed")) {
            UUID id = bookings.bookIn(from, customer, technician, admin);
            TestApi.Response response = bookings.changeStatus(id, "assigned", admin);
            assertProblem(response, 409);
            assertThat(response.text("detail")).contains("assign");
            assertThat(bookings.statusOf(id, admin)).isEqualTo(from);
        }
    }

    @Test
    void unknownOrMissingStatusesAreBadRequests() {
        UUID id = bookings.book(customer);
        for (Object status : List.of("flying", "PENDING", "Confirmed", "", " ")) {
            assertInvalid(bookings.changeStatus(id, status.toString(), admin), "status");
        }
        assertInvalid(api.patch("/api/v2/bookings/" + id + "/status", admin.accessToken(), body()), "status");
        assertProblem(
                api.patch("/api/v2/bookings/" + id + "/status", admin.accessToken(), body("status", List.of("x"))),
                400);
        assertProblem(
                api.sendRaw(
                        "PATCH",
                        "/api/v2/bookings/" + id + "/status",
                        admin.accessToken(),
                        "{\"status\":",
                        "application/json"),
                400);
        assertThat(bookings.statusOf(id, admin)).isEqualTo("pending");
    }

    @Test
    void aBookingThatDoesNotExistIsNotFound() {
        assertProblem(bookings.changeStatus(UUID.randomUUID(), "confirmed", admin), 404);
        assertProblem(bookings.changeStatus(UUID.randomUUID(), "cancelled", customer), 404);
    }
}
