package com.servicehub.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.servicehub.TestApi;
import com.servicehub.realtime.ClusterNodes;
import com.servicehub.realtime.RedisServer;

import tools.jackson.databind.JsonNode;

/**
 * Health as operators and load balancers see it: Redis down shows in health but leaves the node
 * ready (it still serves its own clients); the database down makes it unready. Each case runs
 * on resources of its own: the test's own redis-server and a PostgreSQL database of its own.
 */
class HealthTests {

    @Test
    void redisDownShowsButLeavesTheNodeReady() {
        try (RedisServer redis = RedisServer.start();
                ClusterNodes node = ClusterNodes.start(redis.url(), 1, Map.of())) {
            TestApi api = new TestApi(node.port(0));
            await().atMost(Duration.ofSeconds(10))
                    .ignoreExceptions()
                    .untilAsserted(() -> assertThat(component(api, "redis")).isEqualTo("UP"));
            redis.kill();
            await().atMost(Duration.ofSeconds(15))
                    .ignoreExceptions()
                    .untilAsserted(() -> assertThat(component(api, "redis")).isEqualTo("DOWN"));
            TestApi.Response readiness = api.get("/actuator/health/readiness", null);
            assertThat(readiness.status()).isEqualTo(200);
            assertThat(readiness.text("status")).isEqualTo("UP");
            assertThat(api.get("/actuator/health/liveness", null).status()).isEqualTo(200);
            redis.restart();
            await().atMost(Duration.ofSeconds(15))
                    .ignoreExceptions()
                    .untilAsserted(() -> assertThat(component(api, "redis")).isEqualTo("UP"));
        }
    }

    @Test
    void databaseDownMakesTheNodeUnready() throws SQLException {
        String database = "servicehub_health_" + System.nanoTime();
        admin("CREATE DATABASE " + database);
        try {
            try (ClusterNodes node = ClusterNodes.startAlone(Map.of(
                    "spring.datasource.url", "jdbc:postgresql://127.0.0.1:5432/" + database,
                    "spring.datasource.hikari.connection-timeout", "1000",
                    "spring.datasource.hikari.validation-timeout", "500"))) {
                TestApi api = new TestApi(node.port(0));
                assertThat(api.get("/actuator/health/readiness", null).status()).isEqualTo(200);

                admin("ALTER DATABASE " + database + " ALLOW_CONNECTIONS false");
                admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database + "'");
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                    TestApi.Response readiness = api.get("/actuator/health/readiness", null);
                    assertThat(readiness.status()).isEqualTo(503);
                    assertThat(readiness.text("status")).isEqualTo("DOWN");
                });
                assertThat(api.get("/actuator/health/liveness", null).status())
                        .as("alive, just not ready")
                        .isEqualTo(200);

                admin("ALTER DATABASE " + database + " ALLOW_CONNECTIONS true");
                await().atMost(Duration.ofSeconds(30))
                        .untilAsserted(() -> assertThat(api.get("/actuator/health/readiness", null)
                                        .status())
                                .isEqualTo(200));
            }
        } finally {
            admin("ALTER DATABASE " + database + " ALLOW_CONNECTIONS true");
            admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database + "'");
            admin("DROP DATABASE IF EXISTS " + database);
        }
    }

    /** One poll: a fresh connection and a short timeout, so one slow answer only costs a retry. */
    private static String component(TestApi api, String name) {
        JsonNode health = new TestApi(api.port(), Duration.ofSeconds(3))
                .get("/actuator/health", null)
                .body();
        return health.path("components").path(name).path("status").asString();
    }

    private static void admin(String sql) throws SQLException {
        try (Connection connection =
                        DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
