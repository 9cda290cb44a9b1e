package com.servicehub.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import com.servicehub.TestApi;
import com.servicehub.TestUsers;
import com.servicehub.realtime.ClusterNodes;
import com.servicehub.realtime.TestSocket;

/**
 * No password, token or secret ever reaches the logs, with the access log on: a node of its own
 * goes through registration, logins (good and bad), refresh, logout and WebSocket connections
 * with the token in the query, the subprotocol and the header, and its whole output is searched.
 */
@ExtendWith(OutputCaptureExtension.class)
class LogLeakTests {

    @Test
    void noSecretReachesTheLogs(CapturedOutput output) {
        String password = "leak-check-" + System.nanoTime();
        try (ClusterNodes node = ClusterNodes.startAlone(Map.of("servicehub.access-log.enabled", true))) {
            int port = node.port(0);
            TestApi api = new TestApi(port);
            String phone = TestUsers.randomPhone();
            assertThat(api.post(
                                    "/api/v2/auth/register",
                                    null,
                                    TestApi.body("phone", phone, "password", password, "name", "Leak Check"))
                            .status())
                    .isEqualTo(201);
            assertThat(api.post(
                                    "/api/v2/auth/login",
                                    null,
                                    TestApi.body("phone", phone, "password", password + "-wrong"))
                            .status())
                    .isEqualTo(401);
            TestUsers.Session session = new TestUsers(api).login(phone, password);
            TestApi.Response refreshed =
                    api.post("/api/v2/auth/refresh", null, TestApi.body("refreshToken", session.refreshToken()));
            assertThat(refreshed.status()).isEqualTo(200);
            String accessToken = refreshed.text("accessToken");
            String refreshToken = refreshed.text("refreshToken");
            assertThat(api.post("/api/v2/auth/refresh", null, TestApi.body("refreshToken", session.refreshToken()))
                            .status())
                    .as("reuse")
                    .isEqualTo(401);

            try (TestSocket query = TestSocket.connect(port, accessToken);
                    TestSocket subprotocol = TestSocket.open(
                            URI.create("ws://127.0.0.1:" + port + "/ws"),
                            Map.of(),
                            List.of("bearer", session.accessToken()));
                    TestSocket header = TestSocket.open(
                            URI.create("ws://127.0.0.1:" + port + "/ws"),
                            Map.of("Authorization", "Bearer " + accessToken),
                            List.of())) {
                query.nextOfType("connected");
                subprotocol.nextOfType("connected");
                header.nextOfType("connected");
                query.send(Map.of("type", "auth", "token", accessToken));
                query.nextOfType("authenticated");
            }
            try (TestSocket forged = TestSocket.connect(port, accessToken + "x")) {
                assertThat(forged.awaitClose().code()).isEqualTo(1008);
            }
            assertThat(api.get("/api/v2/users/me?token=" + accessToken, accessToken)
                            .status())
                    .isEqualTo(200);
            assertThat(api.post("/api/v2/auth/logout", null, TestApi.body("refreshToken", refreshToken))
                            .status())
                    .isEqualTo(204);

            assertThat(output.getAll())
                    .as("the access log is on and redacts")
                    .contains("/api/v2/users/me?token=[redacted]");
            assertThat(output.getAll())
                    .doesNotContain(password)
                    .doesNotContain(session.accessToken())
                    .doesNotContain(session.refreshToken())
                    .doesNotContain(accessToken)
                    .doesNotContain(refreshToken)
                    .doesNotContain(ClusterNodes.SECRET);
        }
    }
}
