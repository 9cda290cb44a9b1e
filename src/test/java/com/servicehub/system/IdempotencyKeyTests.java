package com.servicehub.system;

import static com.servicehub.Problems.assertInvalid;
import static com.servicehub.Problems.assertProblem;
import static com.servicehub.TestApi.body;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.servicehub.IntegrationTest;
import com.servicehub.TestApi;
import com.servicehub.TestUsers.Session;

/**
 * {@code Idempotency-Key} on creating requests: a mobile retry with the same key and body gets the
 * first answer again and creates nothing; the same key with another body is a 409.
 */
class IdempotencyKeyTests extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    IdempotentRequests idempotent;

    @Test
    void aRetriedBookingAnswersTheFirstAnswerAndBooksOnce() {
        Session customer = users.customer();
        String key = UUID.randomUUID().toString();
        Map<String, Object> booking = booking("Plumbing");

        TestApi.Response first = book(customer, key, booking);
        TestApi.Response retry = book(customer, key, booking);

        assertThat(first.status()).as(first.raw()).isEqualTo(201);
        assertThat(first.header(IdempotentRequests.REPLAYED)).isNull();
        assertThat(retry.status()).as(retry.raw()).isEqualTo(201);
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(retry.header("Location")).isEqualTo(first.header("Location"));
        assertThat(retry.header(IdempotentRequests.REPLAYED)).isEqualTo("true");
        assertThat(bookingsOf(customer)).isEqualTo(1);
    }

    @Test
    void theSameKeyWithAnotherBodyIs409AndBooksNothing() {
        Session customer = users.customer();
        String key = UUID.randomUUID().toString();
        book(customer, key, booking("Plumbing"));

        TestApi.Response other = book(customer, key, booking("Electrical"));

        assertProblem(other, 409);
        assertThat(other.text("detail")).contains("Idempotency-Key");
        assertThat(bookingsOf(customer)).isEqualTo(1);
    }

    @Test
    void keysArePerUser() {
        Session one = users.customer();
        Session two = users.customer();
        String key = UUID.randomUUID().toString();

        TestApi.Response first = book(one, key, booking("Plumbing"));
        TestApi.Response second = book(two, key, booking("Plumbing"));

        assertThat(second.status()).isEqualTo(201);
        assertThat(second.text("id")).isNotEqualTo(first.text("id"));
        assertThat(second.text("customerId")).isEqualTo(two.id().toString());
    }

    @Test
    void withoutAKeyEveryRequestBooks() {
        Session customer = users.customer();
        Map<String, Object> booking = booking("Plumbing");

        api.post("/api/v2/bookings", customer.accessToken(), booking);
        api.post("/api/v2/bookings", customer.accessToken(), booking);

        assertThat(bookingsOf(customer)).isEqualTo(2);
    }

    @Test
    void aRefusedRequestKeepsNoAnswerSoItsCorrectedRetryRuns() {
        Session customer = users.customer();
        String key = UUID.randomUUID().toString();
        Map<String, Object> booking = booking("Plumbing");

        assertProblem(book(users.technician(), key, booking), 403);
        assertThat(book(customer, key, body("serviceType", "", "address", "x", "scheduledAt", "soon"))
                        .status())
                .isEqualTo(400);

        assertThat(book(customer, key, booking).status()).isEqualTo(201);
        assertThat(bookingsOf(customer)).isEqualTo(1);
    }

    @Test
    void concurrentRetriesBookOnce() throws Exception {
        Session customer = users.customer();
        String key = UUID.randomUUID().toString();
        Map<String, Object> booking = booking("Plumbing");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<CompletableFuture<TestApi.Response>> calls = java.util.stream.IntStream.range(0, 4)
                    .mapToObj(i -> CompletableFuture.supplyAsync(() -> book(customer, key, booking), pool))
                    .toList();
            List<TestApi.Response> answers =
                    calls.stream().map(CompletableFuture::join).toList();

            assertThat(answers).extracting(TestApi.Response::status).containsOnly(201);
            assertThat(answers)
                    .extracting(answer -> answer.text("id"))
                    .containsOnly(answers.get(0).text("id"));
            assertThat(bookingsOf(customer)).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aRetriedMessageIsPostedOnce() {
        Session customer = users.customer();
        TestApi.Response ticket = api.sendWith(
                "POST",
                "/api/v2/support/tickets",
                customer.accessToken(),
                Map.of(IdempotentRequests.HEADER, UUID.randomUUID().toString()),
                body("subject", "Hi", "message", "First"));
        String path = "/api/v2/support/tickets/" + ticket.text("id") + "/messages";
        String key = UUID.randomUUID().toString();

        TestApi.Response first = api.sendWith(
                "POST",
                path,
                customer.accessToken(),
                Map.of(IdempotentRequests.HEADER, key),
                body("message", "Are you coming?"));
        TestApi.Response retry = api.sendWith(
                "POST",
                path,
                customer.accessToken(),
                Map.of(IdempotentRequests.HEADER, key),
                body("message", "Are you coming?"));
        TestApi.Response other = api.sendWith(
                "POST",
                path,
                customer.accessToken(),
                Map.of(IdempotentRequests.HEADER, key),
                body("message", "Hello?"));

        assertThat(first.status()).as(first.raw()).isEqualTo(201);
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.body()).isEqualTo(first.body());
        assertProblem(other, 409);
        assertThat(api.get(path, customer.accessToken()).body().size())
                .as("the first message and one more")
                .isEqualTo(2);
    }

    @Test
    void aRetriedTicketIsOpenedOnce() {
        Session customer = users.customer();
        String key = UUID.randomUUID().toString();
        Map<String, Object> ticket = body("subject", "Broken heater", "message", "It is cold");

        TestApi.Response first = api.sendWith(
                "POST",
                "/api/v2/support/tickets",
                customer.accessToken(),
                Map.of(IdempotentRequests.HEADER, key),
                ticket);
        TestApi.Response retry = api.sendWith(
                "POST",
                "/api/v2/support/tickets",
                customer.accessToken(),
                Map.of(IdempotentRequests.HEADER, key),
                ticket);

        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(retry.header("Location")).isEqualTo(first.header("Location"));
        assertThat(api.get("/api/v2/support/tickets", customer.accessToken())
                        .body()
                        .size())
                .isEqualTo(1);
    }

    @Test
    void anExpiredKeyIsForgottenAndCleanedUp() {
        Session customer = users.customer();
        String key = UUID.randomUUID().toString();
        Map<String, Object> booking = booking("Plumbing");
        TestApi.Response first = book(customer, key, booking);
        expire(customer.id(), key);

        TestApi.Response later = book(customer, key, booking);

        assertThat(later.status()).isEqualTo(201);
        assertThat(later.text("id")).isNotEqualTo(first.text("id"));
        assertThat(later.header(IdempotentRequests.REPLAYED)).isNull();
        expire(customer.id(), key);
        assertThat(idempotent.removeExpired()).isPositive();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM idempotency_keys WHERE user_id = :user")
                        .param("user", customer.id())
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void aKeyMustBeVisibleAsciiOfBoundedLength() {
        Session customer = users.customer();

        assertInvalid(book(customer, "x".repeat(256), booking("Plumbing")), IdempotentRequests.HEADER);
        assertInvalid(book(customer, "with space", booking("Plumbing")), IdempotentRequests.HEADER);
        assertThat(bookingsOf(customer)).isZero();
    }

    private void expire(UUID user, String key) {
        jdbc.sql("UPDATE idempotency_keys SET expires_at = :past WHERE user_id = :user AND idem_key = :key")
                .param("past", java.time.OffsetDateTime.now().minusMinutes(1))
                .param("user", user)
                .param("key", key)
                .update();
    }

    private TestApi.Response book(Session customer, String key, Map<String, Object> booking) {
        return api.sendWith(
                "POST", "/api/v2/bookings", customer.accessToken(), Map.of(IdempotentRequests.HEADER, key), booking);
    }

    private long bookingsOf(Session customer) {
        return api.get("/api/v2/bookings", customer.accessToken())
                .body()
                .get("total")
                .asLong();
    }

    private static Map<String, Object> booking(String serviceType) {
        return body(
                "serviceType",
                serviceType,
                "address",
                "12 King Fahd Road, Riyadh",
                "scheduledAt",
                Instant.now()
                        .plus(1, ChronoUnit.DAYS)
                        .truncatedTo(ChronoUnit.MILLIS)
                        .toString(),
                "notes",
                "Sink");
    }
}
