package com.servicehub.support;

import static com.servicehub.Problems.assertInvalid;
import static com.servicehub.Problems.assertProblem;
import static com.servicehub.TestApi.body;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.servicehub.IntegrationTest;
import com.servicehub.RecordedEvents;
import com.servicehub.TestApi;
import com.servicehub.TestUsers.Session;

/** {@code PATCH /api/v2/support/tickets/{id}}: the creator or an admin closes and reopens a ticket. */
class TicketStatusApiTests extends IntegrationTest {

    @Autowired
    RecordedEvents events;

    @Test
    void theCreatorClosesAndReopensTheirTicket() {
        Session customer = users.customer();
        UUID ticket = open(customer);

        TestApi.Response closed = patch(ticket, customer, "closed");

        assertThat(closed.status()).as(closed.raw()).isEqualTo(200);
        assertThat(closed.text("status")).isEqualTo("closed");
        assertThat(closed.text("id")).isEqualTo(ticket.toString());
        assertThat(api.get("/api/v2/support/tickets/" + ticket, customer.accessToken())
                        .text("status"))
                .isEqualTo("closed");
        assertProblem(post(ticket, customer, "Still there?"), 409);

        assertThat(patch(ticket, customer, "open").text("status")).isEqualTo("open");
        assertThat(post(ticket, customer, "Still there?").status()).isEqualTo(201);

        List<SupportTicketStatusChanged> changes = changes(ticket);
        assertThat(changes)
                .extracting(SupportTicketStatusChanged::status)
                .containsExactly(TicketStatus.CLOSED, TicketStatus.OPEN);
        assertThat(changes).allSatisfy(change -> {
            assertThat(change.ticketCreatorId()).isEqualTo(customer.id());
            assertThat(change.changedBy()).isEqualTo(customer.id());
            assertThat(change.occurredAt()).isNotNull();
        });
    }

    @Test
    void anAdminClosesAnyTicket() {
        Session customer = users.customer();
        Session admin = users.newAdmin();
        UUID ticket = open(customer);

        assertThat(patch(ticket, admin, "closed").text("status")).isEqualTo("closed");

        assertThat(changes(ticket)).singleElement().satisfies(change -> {
            assertThat(change.changedBy()).isEqualTo(admin.id());
            assertThat(change.ticketCreatorId()).isEqualTo(customer.id());
        });
    }

    @Test
    void theStatusItAlreadyHasChangesNothingAndPublishesNothing() {
        Session customer = users.customer();
        UUID ticket = open(customer);

        TestApi.Response same = patch(ticket, customer, "open");

        assertThat(same.status()).isEqualTo(200);
        assertThat(same.text("status")).isEqualTo("open");
        assertThat(changes(ticket)).isEmpty();
    }

    @Test
    void anyoneElseGets404AsForATicketThatDoesNotExist() {
        UUID ticket = open(users.customer());

        TestApi.Response stranger = patch(ticket, users.customer(), "closed");
        TestApi.Response technician = patch(ticket, users.technician(), "closed");
        TestApi.Response missing = patch(UUID.randomUUID(), users.customer(), "closed");

        assertProblem(stranger, 404);
        assertProblem(technician, 404);
        assertProblem(missing, 404);
        assertThat(stranger.text("detail")).isEqualTo(missing.text("detail"));
        assertThat(changes(ticket)).isEmpty();
        assertProblem(api.patch("/api/v2/support/tickets/" + ticket, null, body("status", "closed")), 401);
    }

    @Test
    void anUnknownOrMissingStatusIs400() {
        Session customer = users.customer();
        UUID ticket = open(customer);

        assertInvalid(patch(ticket, customer, "resolved"), "status");
        assertInvalid(api.patch("/api/v2/support/tickets/" + ticket, customer.accessToken(), body()), "status");
    }

    private List<SupportTicketStatusChanged> changes(UUID ticket) {
        return events.of(
                SupportTicketStatusChanged.class, event -> event.ticketId().equals(ticket));
    }

    private UUID open(Session creator) {
        TestApi.Response created = api.post(
                "/api/v2/support/tickets",
                creator.accessToken(),
                body("subject", "Leaking tap", "message", "Still leaking"));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return UUID.fromString(created.text("id"));
    }

    private TestApi.Response patch(UUID ticket, Session caller, String status) {
        return api.patch("/api/v2/support/tickets/" + ticket, caller.accessToken(), body("status", status));
    }

    private TestApi.Response post(UUID ticket, Session caller, String message) {
        return api.post(
                "/api/v2/support/tickets/" + ticket + "/messages", caller.accessToken(), body("message", message));
    }
}
