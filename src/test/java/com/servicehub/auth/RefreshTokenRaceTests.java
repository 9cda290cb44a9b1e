package com.servicehub.auth;

import static com.servicehub.TestApi.body;
import static com.servicehub.auth.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.sql.DataSource;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.servicehub.IntegrationTest;
import com.servicehub.TestApi;
import com.servicehub.TestUsers;

/**
 * Refreshes and logouts of one login that run at the same time, over HTTP against PostgreSQL.
 * To make them overlap every time, the test holds the user's row locked: a refresh then stops
 * at the insert of its new token (the foreign key to {@code users} has to wait), after it has
 * rotated the old one and before it commits. The second request is sent while the first waits
 * there, and the lock is let go once both are waiting on the database.
 */
class RefreshTokenRaceTests extends IntegrationTest {

    private static final String REFRESH = "/api/v2/auth/refresh";
    private static final String LOGOUT = "/api/v2/auth/logout";

    @Autowired
    DataSource dataSource;

    @Test
    void aRefreshRacingALogoutDoesNotOutliveIt() throws Exception {
        TestUsers.Session session = users.customer();

        List<TestApi.Response> answers = whileUserIsLocked(
                session.id(), () -> post(REFRESH, session.refreshToken()), () -> post(LOGOUT, session.refreshToken()));

        TestApi.Response refreshed = answers.get(0);
        assertThat(answers.get(1).status()).isEqualTo(204);
        // The refresh began first, so it succeeds; the logout must still end what it issued.
        assertThat(refreshed.status()).as(refreshed.raw()).isEqualTo(200);
        assertProblem(post(REFRESH, refreshed.text("refreshToken")), 401);
    }

    @Test
    void twoRefreshesOfOneTokenGiveOneNewPairAndTheReuseRevokesIt() throws Exception {
        TestUsers.Session session = users.customer();

        List<TestApi.Response> answers = whileUserIsLocked(
                session.id(), () -> post(REFRESH, session.refreshToken()), () -> post(REFRESH, session.refreshToken()));

        assertThat(answers).extracting(TestApi.Response::status).containsExactly(200, 401);
        assertProblem(answers.get(1), 401);
        assertProblem(post(REFRESH, answers.get(0).text("refreshToken")), 401);
    }

    @Test
    void aReplayedOldTokenRevokesTheTokenARacingRefreshIssues() throws Exception {
        TestUsers.Session session = users.customer();
        TestApi.Response second = post(REFRESH, session.refreshToken());
        assertThat(second.status()).as(second.raw()).isEqualTo(200);

        // The owner refreshes the newest token while a copy of the first one is replayed.
        List<TestApi.Response> answers = whileUserIsLocked(
                session.id(),
                () -> post(REFRESH, second.text("refreshToken")),
                () -> post(REFRESH, session.refreshToken()));

        assertThat(answers.get(0).status()).as(answers.get(0).raw()).isEqualTo(200);
        assertProblem(answers.get(1), 401);
        assertProblem(post(REFRESH, answers.get(0).text("refreshToken")), 401);
    }

    /**
     * Sends {@code first}, waits until it waits on the database, sends {@code second}, waits until
     * that waits too (or 5 s, when it does not), then lets both go.
     */
    private List<TestApi.Response> whileUserIsLocked(
            UUID userId, Supplier<TestApi.Response> first, Supplier<TestApi.Response> second) throws Exception {
        CompletableFuture<TestApi.Response> one;
        CompletableFuture<TestApi.Response> two;
        try (Connection lock = dataSource.getConnection();
                Connection watch = dataSource.getConnection()) {
            lock.setAutoCommit(false);
            try (PreparedStatement select = lock.prepareStatement("SELECT id FROM users WHERE id = ? FOR UPDATE")) {
                select.setObject(1, userId);
                select.executeQuery().close();
            }
            int before = waitingOnLocks(watch);
            one = CompletableFuture.supplyAsync(first);
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> waitingOnLocks(watch) > before);
            two = CompletableFuture.supplyAsync(second);
            try {
                Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> waitingOnLocks(watch) > before + 1);
            } catch (org.awaitility.core.ConditionTimeoutException notWaiting) {
                // The second request did not need to wait: let the first go all the same.
            }
            lock.commit();
        }
        return List.of(one.get(30, TimeUnit.SECONDS), two.get(30, TimeUnit.SECONDS));
    }

    private static int waitingOnLocks(Connection watch) throws SQLException {
        try (PreparedStatement count = watch.prepareStatement("""
                SELECT count(*) FROM pg_stat_activity
                WHERE datname = current_database() AND wait_event_type = 'Lock'""");
                ResultSet rows = count.executeQuery()) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private TestApi.Response post(String path, String refreshToken) {
        return api.post(path, null, body("refreshToken", refreshToken));
    }
}
