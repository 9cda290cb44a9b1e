package com.servicehub.support;

import static com.servicehub.Problems.assertInvalid;
import static com.servicehub.Problems.assertProblem;
import static com.servicehub.TestApi.body;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.servicehub.IntegrationTest;
import com.servicehub.TestApi;
import com.servicehub.TestUsers.Session;

import tools.jackson.databind.JsonNode;

/** A ticket's conversation: who may post and read, and how it pages. */
class SupportMessageApiTests extends IntegrationTest {

    @Test
    void theCreatorAndAdminsTalkInOrder() {
        Session customer = users.customer();
        Session admin = users.admin();
        UUID ticket = ticket(customer);

        TestApi.Response reply = post(ticket, admin, "Hello, how can I help?");
        assertThat(reply.status()).as(reply.raw()).isEqualTo(201);
        assertThat(reply.body().propertyNames())
                .containsExactlyInAnyOrder("id", "ticketId", "senderId", "message", "createdAt");
        assertThat(reply.text("ticketId")).isEqualTo(ticket.toString());
        assertThat(reply.text("senderId")).isEqualTo(admin.id().toString());
        assertThat(reply.text("message")).isEqualTo("Hello, how can I help?");
        assertThat(reply.text("createdAt")).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
        TestApi.Response answer = post(ticket, customer, "  My sink still leaks.\n");
        assertThat(answer.status()).isEqualTo(201);
        assertThat(answer.text("message")).isEqualTo("  My sink still leaks.\n");
        assertThat(post(ticket, users.newAdmin(), "Another admin here").status())
                .isEqualTo(201);

        List<JsonNode> conversation = messages(ticket, customer, "");
        assertThat(conversation)
                .extracting(message -> message.get("message").asString())
                .containsExactly("Hello", "Hello, how can I help?", "  My sink still leaks.\n", "Another admin here");
        assertThat(messages(ticket, admin, "")).isEqualTo(conversation);
    }

    @Test
    void othersCanNeitherPostNorReadAndNothingChanges() {
        Session customer = users.customer();
        UUID ticket = ticket(customer);

        for (Session other : List.of(users.customer(), users.technician())) {
            assertProblem(post(ticket, other, "Let me in"), 404);
            assertProblem(api.get(path(ticket), other.accessToken()), 404);
        }
        assertProblem(post(UUID.randomUUID(), customer, "Anyone?"), 404);
        assertProblem(api.get(path(UUID.randomUUID()), users.admin().accessToken()), 404);
        assertProblem(
                api.post("/api/v2/support/tickets/nope/messages", customer.accessToken(), body("message", "x")), 400);
        assertProblem(api.post(path(ticket), null, body("message", "x")), 401);

        assertThat(messages(ticket, customer, "")).hasSize(1);
    }

    @Test
    void invalidMessagesAreRefusedAndNothingIsStored() {
        Session customer = users.customer();
        UUID ticket = ticket(customer);

        assertInvalid(api.post(path(ticket), customer.accessToken(), body()), "message");
        assertInvalid(post(ticket, customer, ""), "message");
        assertInvalid(post(ticket, customer, " \n\t "), "message");
        assertInvalid(post(ticket, customer, "m".repeat(4001)), "message");
        assertInvalid(post(ticket, customer, "nul\u0000"), "message");
        assertProblem(api.post(path(ticket), customer.accessToken(), body("message", List.of("a"))), 400);
        assertProblem(api.post(path(ticket), customer.accessToken(), body("message", body("text", "a"))), 400);
        assertProblem(
                api.sendRaw(
                        "POST",
                        path(ticket),
                        customer.accessToken(),
                        "{\"message\": \"unterminated",
                        "application/json"),
                400);

        assertThat(post(ticket, customer, "m".repeat(4000)).status()).isEqualTo(201);
        String sql = "'); DELETE FROM support_messages WHERE ('1'='1";
        assertThat(post(ticket, customer, sql).status()).isEqualTo(201);
        assertThat(messages(ticket, customer, ""))
                .extracting(message -> message.get("message").asString())
                .containsExactly("Hello", "m".repeat(4000), sql);
    }

    @Test
    void pagesGoBackInHistoryWithBefore() {
        Session customer = users.customer();
        UUID ticket = ticket(customer);
        for (int i = 1; i <= 6; i++) {
            assertThat(post(ticket, customer, "m" + i).status()).isEqualTo(201);
        }

        List<JsonNode> latest = messages(ticket, customer, "?limit=3");
        assertThat(texts(latest)).containsExactly("m4", "m5", "m6");
        List<JsonNode> earlier = messages(
                ticket, customer, "?limit=3&before=" + latest.get(0).get("id").asString());
        assertThat(texts(earlier)).containsExactly("m1", "m2", "m3");
        List<JsonNode> earliest = messages(
                ticket, customer, "?limit=3&before=" + earlier.get(0).get("id").asString());
        assertThat(texts(earliest)).containsExactly("Hello");
        assertThat(messages(
                        ticket, customer, "?before=" + earliest.get(0).get("id").asString()))
                .isEmpty();
        assertThat(texts(messages(
                        ticket, customer, "?before=" + latest.get(2).get("id").asString())))
                .containsExactly("Hello", "m1", "m2", "m3", "m4", "m5");
        assertThat(messages(ticket, customer, "?limit=200")).hasSize(7);
        assertThat(messages(ticket, customer, "?limit=1")).hasSize(1);
    }

    @Test
    void theDefaultPageIsTheLatestFifty() {
        Session customer = users.customer();
        UUID ticket = ticket(customer);
        for (int i = 1; i <= 51; i++) {
            assertThat(post(ticket, customer, "m" + i).status()).isEqualTo(201);
        }

        List<JsonNode> page = messages(ticket, customer, "");
        assertThat(page).hasSize(50);
        assertThat(page.get(0).get("message").asString()).isEqualTo("m2");
        assertThat(page.get(49).get("message").asString()).isEqualTo("m51");
    }

    @Test
    void invalidPagingIsABadRequest() {
        Session customer = users.customer();
        UUID ticket = ticket(customer);
        UUID otherTicketsMessage = UUID.fromString(
                messages(ticket(customer), customer, "").get(0).get("id").asString());

        for (String query : List.of("limit=0", "limit=201", "limit=-1", "limit=many", "limit=")) {
            assertInvalid(api.get(path(ticket) + "?" + query, customer.accessToken()), "limit");
        }
        for (String before : List.of("not-a-uuid", UUID.randomUUID().toString(), otherTicketsMessage.toString())) {
            assertInvalid(api.get(path(ticket) + "?before=" + before, customer.accessToken()), "before");
        }
    }

    private UUID ticket(Session creator) {
        TestApi.Response created = api.post(
                "/api/v2/support/tickets", creator.accessToken(), body("subject", "Leaking sink", "message", "Hello"));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return UUID.fromString(created.text("id"));
    }

    private TestApi.Response post(UUID ticket, Session sender, String message) {
        return api.post(path(ticket), sender.accessToken(), body("message", message));
    }

    private List<JsonNode> messages(UUID ticket, Session reader, String query) {
        TestApi.Response response = api.get(path(ticket) + query, reader.accessToken());
        assertThat(response.status()).as(response.raw()).isEqualTo(200);
        List<JsonNode> messages = new ArrayList<>();
        response.body().forEach(messages::add);
        return messages;
    }

    private static List<String> texts(List<JsonNode> messages) {
        return messages.stream()
                .map(message -> message.get("message").asString())
                .toList();
    }

    private static String path(UUID ticket) {
        return "/api/v2/support/tickets/" + ticket + "/messages";
    }
}
