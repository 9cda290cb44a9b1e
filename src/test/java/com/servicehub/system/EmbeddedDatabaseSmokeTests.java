package com.servicehub.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import com.servicehub.ServiceHubApplication;
import com.servicehub.TestApi;

/**
 * A fresh clone with nothing configured: embedded H2 (here in a temporary folder instead of
 * ./data), a random JWT secret, the demo accounts.
 */
class EmbeddedDatabaseSmokeTests {

    @TempDir
    Path data;

    @Test
    void startsWithNothingConfiguredAndTheDemoCustomerLogsIn() {
        String url = "jdbc:h2:file:" + data.resolve("servicehub").toAbsolutePath()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(ServiceHubApplication.class)
                .properties(
                        "spring.datasource.url=" + url,
                        "spring.datasource.username=sa",
                        "spring.datasource.password=",
                        "JWT_SECRET=",
                        "servicehub.auth.jwt-secret=",
                        "SEED_DEMO_DATA=",
                        "servicehub.auth.seed-demo-data=",
                        "server.port=0")
                .run()) {
            int port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
            TestApi api = new TestApi(port);

            TestApi.Response login = api.post(
                    "/api/v2/auth/login", null, TestApi.body("phone", "+966500000001", "password", "password123"));

            assertThat(login.status()).as(login.raw()).isEqualTo(200);
            assertThat(login.body().get("user").get("role").asString()).isEqualTo("customer");
            assertThat(api.get("/api/v2/users/me", login.text("accessToken")).status())
                    .isEqualTo(200);
            assertThat(api.get("/actuator/health/readiness", null).status()).isEqualTo(200);
            assertThat(api.get("/actuator/prometheus", null).status())
                    .as("public on the embedded database")
                    .isEqualTo(200);

            // Idempotency-Key's SQL (ON CONFLICT DO NOTHING) on H2 too.
            java.util.Map<String, Object> booking = TestApi.body(
                    "serviceType",
                    "Plumbing",
                    "address",
                    "1 Olaya St",
                    "scheduledAt",
                    java.time.Instant.now().plusSeconds(86_400).toString());
            java.util.Map<String, String> key = java.util.Map.of("Idempotency-Key", "smoke-" + System.nanoTime());
            TestApi.Response first = api.sendWith("POST", "/api/v2/bookings", login.text("accessToken"), key, booking);
            TestApi.Response retry = api.sendWith("POST", "/api/v2/bookings", login.text("accessToken"), key, booking);
            assertThat(first.status()).as(first.raw()).isEqualTo(201);
            assertThat(retry.body()).isEqualTo(first.body());
            assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");

            // Refresh and logout lock the login's family row, on H2 as on PostgreSQL.
            TestApi.Response refreshed =
                    api.post("/api/v2/auth/refresh", null, TestApi.body("refreshToken", login.text("refreshToken")));
            assertThat(refreshed.status()).as(refreshed.raw()).isEqualTo(200);
            assertThat(api.post(
                                    "/api/v2/auth/logout",
                                    null,
                                    TestApi.body("refreshToken", refreshed.text("refreshToken")))
                            .status())
                    .isEqualTo(204);
            assertThat(api.post(
                                    "/api/v2/auth/refresh",
                                    null,
                                    TestApi.body("refreshToken", refreshed.text("refreshToken")))
                            .status())
                    .isEqualTo(401);
        }
    }
}
