package com.servicehub.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.servicehub.TestApi;
import com.servicehub.TestUsers;
import com.servicehub.realtime.ClusterNodes;

/**
 * Actuator apart from the app: with {@code MANAGEMENT_PORT} it moves to that port (health details,
 * Prometheus without a token) and the app port keeps only {@code /livez} and {@code /readyz}; on
 * the app port in production (PostgreSQL) Prometheus needs an admin token.
 */
class ManagementTests {

    @Test
    void withAManagementPortActuatorLivesThereAndTheAppPortKeepsTheProbes() {
        try (ClusterNodes node = ClusterNodes.startAlone(Map.of("management.server.port", 0))) {
            TestApi app = new TestApi(node.port(0));
            int managementPort =
                    Integer.parseInt(node.context(0).getEnvironment().getProperty("local.management.port"));
            assertThat(managementPort).isNotEqualTo(node.port(0));
            TestApi management = new TestApi(managementPort);

            TestApi.Response health = management.get("/actuator/health", null);
            assertThat(health.status()).as(health.raw()).isEqualTo(200);
            assertThat(health.body().get("components").get("db").get("status").asString())
                    .isEqualTo("UP");
            TestApi.Response prometheus = management.get("/actuator/prometheus", null);
            assertThat(prometheus.status()).isEqualTo(200);
            assertThat(prometheus.raw()).contains("jvm_memory_used_bytes");

            assertThat(app.get("/actuator/health", null).status()).isEqualTo(404);
            assertThat(app.get(
                                    "/actuator/prometheus",
                                    new TestUsers(app).admin().accessToken())
                            .status())
                    .isEqualTo(404);
            assertProbe(app, "/livez");
            assertProbe(app, "/readyz");
        }
    }

    @Test
    void inProductionPrometheusOnTheAppPortNeedsAnAdminToken() {
        try (ClusterNodes node = ClusterNodes.startAlone(Map.of())) {
            TestApi app = new TestApi(node.port(0));
            TestUsers users = new TestUsers(app);

            assertThat(app.get("/actuator/prometheus", null).status()).isEqualTo(401);
            assertThat(app.get("/actuator/prometheus", users.customer().accessToken())
                            .status())
                    .isEqualTo(403);
            TestApi.Response asAdmin =
                    app.get("/actuator/prometheus", users.admin().accessToken());
            assertThat(asAdmin.status()).isEqualTo(200);
            assertThat(asAdmin.raw()).contains("jvm_memory_used_bytes");
            assertThat(app.get("/actuator/health", null)
                            .body()
                            .get("components")
                            .has("db"))
                    .as("without a management port health keeps its components (CONTRACT §5)")
                    .isTrue();
            assertProbe(app, "/livez");
            assertProbe(app, "/readyz");
        }
    }

    @Test
    void publicPrometheusCanBeSwitchedOn() {
        try (ClusterNodes node = ClusterNodes.startAlone(Map.of("servicehub.management.public-prometheus", true))) {
            assertThat(new TestApi(node.port(0))
                            .get("/actuator/prometheus", null)
                            .status())
                    .isEqualTo(200);
        }
    }

    private static void assertProbe(TestApi api, String path) {
        TestApi.Response probe = api.get(path, null);
        assertThat(probe.status()).as(path + " " + probe.raw()).isEqualTo(200);
        assertThat(probe.text("status")).isEqualTo("UP");
        assertThat(probe.body().has("components"))
                .as("status only on the app port")
                .isFalse();
    }
}
