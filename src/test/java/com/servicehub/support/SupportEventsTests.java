package com.servicehub.support;

import static com.servicehub.TestApi.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.servicehub.IntegrationTest;
import com.servicehub.Problems;
import com.servicehub.RecordedEvents;
import com.servicehub.TestApi;
import com.servicehub.TestUsers.Session;
import com.servicehub.auth.CurrentUser;
import com.servicehub.auth.Role;

/** What after-commit listeners learn about support messages: each once, and none that was refused or rolled back. */
class SupportEventsTests extends IntegrationTest {

    @Autowired
    RecordedEvents events;

    @Autowired
    SupportDesk desk;

    @Autowired
    PlatformTransactionManager transactionManager;

    @Autowired
    JdbcClient jdbc;

    @Test
    void openingATicketPublishesItsFirstMessage() {
        Session customer = users.customer();

        TestApi.Response created = api.post(
                "/api/v2/support/tickets",
                customer.accessToken(),
                body("subject", "Leaking sink", "message", "It is still leaking"));

        UUID ticket = UUID.fromString(created.text("id"));
        TestApi.Response first = api.get("/api/v2/support/tickets/" + ticket + "/messages", customer.accessToken());
        UUID messageId = UUID.fromString(first.body().get(0).get("id").asString());
        await().untilAsserted(() -> assertThat(posted(ticket))
                .containsExactly(new SupportMessagePosted(
                        ticket,
                        customer.id(),
                        messageId,
                        customer.id(),
                        "It is still leaking",
                        Instant.parse(created.text("createdAt")))));
    }

    @Test
    void aReplyNamesTheTicketsCreatorAndItsSender() {
        Session customer = users.customer();
        Session admin = users.admin();
        UUID ticket = ticket(customer);

        TestApi.Response reply = api.post(path(ticket), admin.accessToken(), body("message", "How can I help?"));

        await().untilAsserted(() -> assertThat(posted(ticket)).hasSize(2));
        assertThat(posted(ticket).get(1))
                .isEqualTo(new SupportMessagePosted(
                        ticket,
                        customer.id(),
                        UUID.fromString(reply.text("id")),
                        admin.id(),
                        "How can I help?",
                        Instant.parse(reply.text("createdAt"))));
    }

    @Test
    void refusedMessagesPublishNothing() {
        Session customer = users.customer();
        UUID ticket = ticket(customer);
        await().untilAsserted(() -> assertThat(posted(ticket)).hasSize(1));

        assertThat(api.post(path(ticket), users.customer().accessToken(), body("message", "intruder"))
                        .status())
                .isEqualTo(404);
        assertThat(api.post(path(ticket), customer.accessToken(), body("message", " "))
                        .status())
                .isEqualTo(400);
        assertThat(api.post(
                                "/api/v2/support/tickets",
                                customer.accessToken(),
                                body(
                                        "subject",
                                        "Hi",
                                        "message",
                                        "x",
                                        "bookingId",
                                        UUID.randomUUID().toString()))
                        .status())
                .isEqualTo(400);

        assertThat(api.post(path(ticket), customer.accessToken(), body("message", "still here"))
                        .status())
                .isEqualTo(201);
        await().untilAsserted(() -> assertThat(posted(ticket))
                .extracting(SupportMessagePosted::message)
                .containsExactly("Hello", "still here"));
        assertThat(events.of(
                        SupportMessagePosted.class, event -> event.senderId().equals(customer.id())))
                .hasSize(2);
    }

    @Test
    void aClosedTicketRefusesMessagesWithAConflictAndPublishesNothing() {
        Session customer = users.customer();
        UUID ticket = ticket(customer);
        // Nothing in the API closes a ticket yet; this test closes its own ticket directly.
        jdbc.sql("UPDATE support_tickets SET status = 'closed' WHERE id = :id")
                .param("id", ticket)
                .update();

        Problems.assertProblem(api.post(path(ticket), customer.accessToken(), body("message", "Hello?")), 409);
        Problems.assertProblem(api.post(path(ticket), users.admin().accessToken(), body("message", "Reopening?")), 409);

        assertThat(api.get("/api/v2/support/tickets/" + ticket, customer.accessToken())
                        .text("status"))
                .isEqualTo("closed");
        assertThat(api.get(path(ticket), customer.accessToken()).body().size()).isEqualTo(1);
        assertThat(posted(ticket)).hasSize(1);
    }

    @Test
    void aMessageThatRollsBackIsNeitherStoredNorPublished() {
        Session customer = users.customer();
        UUID ticket = ticket(customer);

        new TransactionTemplate(transactionManager).executeWithoutResult(transaction -> {
            desk.post(ticket, new CurrentUser(customer.id(), Role.CUSTOMER), "never sent");
            transaction.setRollbackOnly();
        });

        assertThat(api.post(path(ticket), customer.accessToken(), body("message", "sent"))
                        .status())
                .isEqualTo(201);
        await().untilAsserted(() -> assertThat(posted(ticket))
                .extracting(SupportMessagePosted::message)
                .containsExactly("Hello", "sent"));
        assertThat(api.get(path(ticket), customer.accessToken()).body().size()).isEqualTo(2);
    }

    private UUID ticket(Session creator) {
        TestApi.Response created = api.post(
                "/api/v2/support/tickets", creator.accessToken(), body("subject", "Leaking sink", "message", "Hello"));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return UUID.fromString(created.text("id"));
    }

    private List<SupportMessagePosted> posted(UUID ticket) {
        return events.of(SupportMessagePosted.class, event -> event.ticketId().equals(ticket));
    }

    private static String path(UUID ticket) {
        return "/api/v2/support/tickets/" + ticket + "/messages";
    }
}
