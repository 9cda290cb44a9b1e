package com.servicehub.support;

import static com.servicehub.Problems.assertInvalid;
import static com.servicehub.Problems.assertProblem;
import static com.servicehub.TestApi.body;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.servicehub.IntegrationTest;
import com.servicehub.TestApi;
import com.servicehub.TestUsers.Session;

import tools.jackson.databind.JsonNode;

/** Opening, listing and reading support tickets, for every role, and what bad input does. */
class SupportTicketApiTests extends IntegrationTest {

    @Test
    void anyUserOpensATicketWhoseFirstMessageIsTheirs() {
        for (Session user : List.of(users.customer(), users.technician(), users.newAdmin())) {
            TestApi.Response created =
                    open(user, body("subject", "Where is my technician?", "message", "He was due an hour ago."));

            assertThat(created.status()).as(created.raw()).isEqualTo(201);
            JsonNode ticket = created.body();
            assertThat(ticket.propertyNames())
                    .containsExactlyInAnyOrder("id", "creatorId", "subject", "status", "bookingId", "createdAt");
            assertThat(created.text("creatorId")).isEqualTo(user.id().toString());
            assertThat(created.text("subject")).isEqualTo("Where is my technician?");
            assertThat(created.text("status")).isEqualTo("open");
            assertThat(ticket.get("bookingId").isNull()).isTrue();
            assertThat(created.text("createdAt")).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
            assertThat(created.header("Location")).isEqualTo("/api/v2/support/tickets/" + created.text("id"));

            TestApi.Response messages =
                    api.get("/api/v2/support/tickets/" + created.text("id") + "/messages", user.accessToken());
            assertThat(messages.status()).isEqualTo(200);
            assertThat(messages.body().size()).isEqualTo(1);
            JsonNode first = messages.body().get(0);
            assertThat(first.propertyNames())
                    .containsExactlyInAnyOrder("id", "ticketId", "senderId", "message", "createdAt");
            assertThat(first.get("ticketId").asString()).isEqualTo(created.text("id"));
            assertThat(first.get("senderId").asString()).isEqualTo(user.id().toString());
            assertThat(first.get("message").asString()).isEqualTo("He was due an hour ago.");
            assertThat(first.get("createdAt").asString()).isEqualTo(created.text("createdAt"));
        }
    }

    @Test
    void aTicketCanBeAboutABookingTheCreatorCanSee() {
        Session customer = users.customer();
        UUID booking = book(customer);

        TestApi.Response created = open(
                customer,
                body("subject", "Rescheduling", "message", "Can we move it?", "bookingId", booking.toString()));

        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        assertThat(created.text("bookingId")).isEqualTo(booking.toString());
        assertThat(api.get("/api/v2/support/tickets/" + created.text("id"), customer.accessToken())
                        .text("bookingId"))
                .isEqualTo(booking.toString());
        // An admin sees every booking, so may file a ticket about any of them.
        assertThat(open(
                                users.admin(),
                                body("subject", "Follow-up", "message", "Checking in", "bookingId", booking.toString()))
                        .status())
                .isEqualTo(201);
    }

    @Test
    void aBookingTheCreatorCannotSeeIsABadRequestLikeOneThatDoesNotExist() {
        Session customer = users.customer();
        Session stranger = users.customer();
        UUID booking = book(customer);

        for (UUID invisible : List.of(booking, UUID.randomUUID())) {
            TestApi.Response refused =
                    open(stranger, body("subject", "Hi", "message", "Hello", "bookingId", invisible.toString()));
            assertInvalid(refused, "bookingId");
            assertThat(refused.text("detail"))
                    .isEqualTo(open(
                                    stranger,
                                    body(
                                            "subject",
                                            "Hi",
                                            "message",
                                            "Hello",
                                            "bookingId",
                                            UUID.randomUUID().toString()))
                            .text("detail"));
        }
        assertProblem(open(stranger, body("subject", "Hi", "message", "Hello", "bookingId", "not-a-uuid")), 400);
        assertThat(list(stranger)).isEmpty();
    }

    @Test
    void usersListTheirOwnTicketsAndAdminsListAllNewestFirst() {
        Session customer = users.customer();
        Session technician = users.technician();
        UUID first = ticket(customer, "First");
        UUID second = ticket(customer, "Second");
        UUID technicians = ticket(technician, "Tools");

        assertThat(list(customer)).containsExactly(second, first);
        assertThat(list(technician)).containsExactly(technicians);
        assertThat(list(users.customer())).isEmpty();

        List<UUID> all = list(users.admin());
        assertThat(all).contains(first, second, technicians);
        assertThat(all.stream()
                        .filter(List.of(first, second, technicians)::contains)
                        .toList())
                .containsExactly(technicians, second, first);
    }

    @Test
    void aTicketIsVisibleToItsCreatorAndAdminsOnly() {
        Session customer = users.customer();
        UUID id = ticket(customer, "Billing");

        for (Session allowed : List.of(customer, users.admin(), users.newAdmin())) {
            TestApi.Response read = api.get("/api/v2/support/tickets/" + id, allowed.accessToken());
            assertThat(read.status()).as(read.raw()).isEqualTo(200);
            assertThat(read.text("id")).isEqualTo(id.toString());
        }
        for (Session other : List.of(users.customer(), users.technician())) {
            assertProblem(api.get("/api/v2/support/tickets/" + id, other.accessToken()), 404);
        }
        assertProblem(api.get("/api/v2/support/tickets/" + UUID.randomUUID(), customer.accessToken()), 404);
        assertProblem(api.get("/api/v2/support/tickets/nope", customer.accessToken()), 400);
        assertProblem(api.get("/api/v2/support/tickets/" + id, null), 401);
        assertProblem(api.post("/api/v2/support/tickets", null, body("subject", "Hi", "message", "Hello")), 401);
    }

    @Test
    void invalidTicketsAreRefusedWithFieldErrorsAndNothingIsStored() {
        Session customer = users.customer();
        assertInvalid(open(customer, body()), "subject", "message");
        assertInvalid(open(customer, body("subject", "", "message", "Hello")), "subject");
        assertInvalid(open(customer, body("subject", " \t ", "message", "Hello")), "subject");
        assertInvalid(open(customer, body("subject", "s".repeat(201), "message", "Hello")), "subject");
        assertInvalid(open(customer, body("subject", "Hi", "message", "")), "message");
        assertInvalid(open(customer, body("subject", "Hi", "message", "  \n ")), "message");
        assertInvalid(open(customer, body("subject", "Hi", "message", "m".repeat(4001))), "message");
        assertInvalid(open(customer, body("subject", "Hi\u0000", "message", "Hello")), "subject");
        for (String raw : List.of(
                "{",
                "not json",
                "[]",
                "{\"subject\": {}, \"message\": \"x\"}",
                "{\"subject\": \"x\", \"message\": [\"a\"]}",
                "{\"subject\": \"x\", \"message\": \"y\", \"bookingId\": 5}")) {
            assertProblem(
                    api.sendRaw("POST", "/api/v2/support/tickets", customer.accessToken(), raw, "application/json"),
                    400);
        }
        assertThat(list(customer)).isEmpty();
    }

    @Test
    void theLongestSubjectAndMessageAreAcceptedAndSqlLookingTextIsStoredVerbatim() {
        Session customer = users.customer();
        assertThat(open(customer, body("subject", "s".repeat(200), "message", "m".repeat(4000)))
                        .status())
                .isEqualTo(201);

        String subject = "Robert'); DROP TABLE support_tickets;--";
        String message = "' OR 1=1; DELETE FROM support_messages; -- \u0645\u0631\u062d\u0628\u0627";
        TestApi.Response created = open(customer, body("subject", subject, "message", message));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        String id = created.text("id");
        assertThat(api.get("/api/v2/support/tickets/" + id, customer.accessToken())
                        .text("subject"))
                .isEqualTo(subject);
        assertThat(api.get("/api/v2/support/tickets/" + id + "/messages", customer.accessToken())
                        .body()
                        .get(0)
                        .get("message")
                        .asString())
                .isEqualTo(message);
        assertThat(list(customer)).hasSize(2);
    }

    private TestApi.Response open(Session user, Map<String, Object> ticket) {
        return api.post("/api/v2/support/tickets", user.accessToken(), ticket);
    }

    private UUID ticket(Session user, String subject) {
        TestApi.Response created = open(user, body("subject", subject, "message", "Hello"));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return UUID.fromString(created.text("id"));
    }

    private List<UUID> list(Session user) {
        TestApi.Response response = api.get("/api/v2/support/tickets", user.accessToken());
        assertThat(response.status()).as(response.raw()).isEqualTo(200);
        List<UUID> ids = new ArrayList<>();
        response.body()
                .forEach(ticket -> ids.add(UUID.fromString(ticket.get("id").asString())));
        return ids;
    }

    private UUID book(Session customer) {
        TestApi.Response created = api.post(
                "/api/v2/bookings",
                customer.accessToken(),
                body(
                        "serviceType",
                        "Cleaning",
                        "address",
                        "Olaya Street",
                        "scheduledAt",
                        Instant.now().plus(1, ChronoUnit.DAYS).toString()));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return UUID.fromString(created.text("id"));
    }
}
