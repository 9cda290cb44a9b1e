package com.servicehub.auth;

import static com.servicehub.TestApi.body;
import static com.servicehub.auth.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.servicehub.TestApi;
import com.servicehub.TestUsers;
import com.servicehub.realtime.ClusterNodes;

/**
 * Floods of password work against a node of its own, with a database pool of two connections
 * (that give up after half a second), slow hashes (bcrypt cost 12), one hash at a time and at
 * most eight requests waiting for one, and three registrations per address an hour.
 */
class PasswordFloodTests {

    private static final String LOGIN = "/api/v2/auth/login";
    private static final String REGISTER = "/api/v2/auth/register";
    private static final int QUEUE = 8;

    /** One thread per request in flight, as many apps at once. */
    private static final ExecutorService CLIENTS = Executors.newCachedThreadPool();

    private static ClusterNodes node;
    private static TestApi api;
    private static TestUsers.Session user;

    @BeforeAll
    static void start() {
        node = ClusterNodes.startAlone(Map.of(
                "spring.datasource.hikari.maximum-pool-size", 2,
                "spring.datasource.hikari.connection-timeout", 500,
                "servicehub.auth.bcrypt-cost", 12,
                "servicehub.auth.hashing.concurrency", 1,
                "servicehub.auth.hashing.queue", QUEUE,
                "servicehub.auth.hashing.max-wait", "PT60S",
                "servicehub.auth.registration.max-per-address", 3));
        api = new TestApi(node.port(0));
        String phone = TestUsers.randomPhone();
        TestApi.Response created =
                api.post(REGISTER, null, body("phone", phone, "password", TestUsers.PASSWORD, "name", "Flood"));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        user = new TestUsers(api).login(phone, TestUsers.PASSWORD);
    }

    @AfterAll
    static void stop() {
        CLIENTS.shutdownNow();
        node.close();
    }

    @Test
    void loginsBusyHashingHoldNoDatabaseConnection() throws Exception {
        List<CompletableFuture<TestApi.Response>> logins = logins(6);

        // Each login hashes for a while; with the pool of two held by hashing logins, this read
        // would wait past the pool's half second and fail.
        TestApi.Response me = api.get("/api/v2/users/me", user.accessToken());

        assertThat(me.status()).as(me.raw()).isEqualTo(200);
        assertThat(logins).as("the logins were still running").anyMatch(login -> !login.isDone());
        for (CompletableFuture<TestApi.Response> login : logins) {
            TestApi.Response answer = login.get(60, TimeUnit.SECONDS);
            assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
        }
    }

    @Test
    void hashingBeyondItsQueueIsRefusedWith429() throws Exception {
        List<CompletableFuture<TestApi.Response>> logins = logins(QUEUE + 10);

        List<TestApi.Response> answers = new ArrayList<>();
        for (CompletableFuture<TestApi.Response> login : logins) {
            answers.add(login.get(120, TimeUnit.SECONDS));
        }

        List<TestApi.Response> refused =
                answers.stream().filter(answer -> answer.status() == 429).toList();
        assertThat(refused)
                .as("one hashing, %d waiting, the rest refused", QUEUE)
                .isNotEmpty();
        assertThat(answers)
                .allSatisfy(
                        answer -> assertThat(answer.status()).as(answer.raw()).isIn(200, 429));
        assertThat(answers.stream().filter(answer -> answer.status() == 200).count())
                .isGreaterThanOrEqualTo(QUEUE + 1);
        for (TestApi.Response answer : refused) {
            assertProblem(answer, 429);
            assertThat(Long.parseLong(answer.header("Retry-After"))).isPositive();
        }
        // Refusals for load are not failed logins: the phone is not throttled afterwards.
        assertThat(new TestUsers(api).login(user.phone(), TestUsers.PASSWORD).id())
                .isEqualTo(user.id());
    }

    @Test
    void registrationIsThrottledPerClientAddress() {
        // start() registered one account from this address; the limit is three.
        for (int i = 0; i < 2; i++) {
            TestApi.Response created = register(TestUsers.randomPhone());
            assertThat(created.status()).as(created.raw()).isEqualTo(201);
        }

        TestApi.Response throttled = register(TestUsers.randomPhone());

        assertProblem(throttled, 429);
        assertThat(Long.parseLong(throttled.header("Retry-After"))).isBetween(1L, 3600L);
        assertProblem(register(TestUsers.randomPhone()), 429);
    }

    private static TestApi.Response register(String phone) {
        return api.post(REGISTER, null, body("phone", phone, "password", TestUsers.PASSWORD, "name", "Flood"));
    }

    private static List<CompletableFuture<TestApi.Response>> logins(int count) {
        List<CompletableFuture<TestApi.Response>> logins = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            logins.add(CompletableFuture.supplyAsync(
                    () -> api.post(LOGIN, null, body("phone", user.phone(), "password", TestUsers.PASSWORD)), CLIENTS));
        }
        return logins;
    }
}
