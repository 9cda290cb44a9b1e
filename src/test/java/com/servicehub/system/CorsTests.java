package com.servicehub.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.servicehub.TestApi;
import com.servicehub.TestUsers;
import com.servicehub.realtime.ClusterNodes;

/**
 * CORS on {@code /api/v2} from the same {@code ALLOWED_ORIGINS} list as {@code /ws}
 * (GatewayOriginTests checks the socket side): a web app of an allowed origin can call the API
 * from the browser, one of another origin cannot.
 */
class CorsTests {

    static final String ALLOWED = "https://app.example";
    static final String REFUSED = "https://evil.example";

    static ClusterNodes node;
    static TestApi api;

    @BeforeAll
    static void startNode() {
        node = ClusterNodes.startAlone(Map.of("servicehub.web.allowed-origins", ALLOWED + ",https://admin.example"));
        api = new TestApi(node.port(0));
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    @Test
    void aPreflightFromAnAllowedOriginIsAnsweredWithoutAToken() {
        TestApi.Response preflight = preflight(ALLOWED, "POST", "authorization,content-type,idempotency-key");

        assertThat(preflight.status()).as(preflight.raw()).isEqualTo(200);
        assertThat(preflight.header("Access-Control-Allow-Origin")).isEqualTo(ALLOWED);
        assertThat(preflight.header("Access-Control-Allow-Methods")).contains("POST");
        assertThat(preflight.header("Access-Control-Allow-Headers").toLowerCase())
                .contains("authorization", "content-type", "idempotency-key");
        assertThat(preflight.header("Access-Control-Allow-Credentials")).isNull();
    }

    @Test
    void aPreflightFromAnotherOriginIsRefused() {
        TestApi.Response preflight = preflight(REFUSED, "POST", "authorization,content-type");

        assertThat(preflight.status()).isEqualTo(403);
        assertThat(preflight.header("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void aCallFromAnAllowedOriginCarriesTheCorsHeaders() {
        TestUsers.Session admin = new TestUsers(api).admin();

        TestApi.Response me =
                api.sendWith("GET", "/api/v2/users/me", admin.accessToken(), Map.of("Origin", ALLOWED), null);

        assertThat(me.status()).as(me.raw()).isEqualTo(200);
        assertThat(me.header("Access-Control-Allow-Origin")).isEqualTo(ALLOWED);
        assertThat(me.header("Access-Control-Expose-Headers")).contains("Location");
    }

    @Test
    void aCallFromAnotherOriginIsRefusedBeforeItDoesAnything() {
        String phone = TestUsers.randomPhone();

        TestApi.Response register = api.sendWith(
                "POST",
                "/api/v2/auth/register",
                null,
                Map.of("Origin", REFUSED),
                TestApi.body("phone", phone, "password", TestUsers.PASSWORD, "name", "Cross Origin"));

        assertThat(register.status()).isEqualTo(403);
        assertThat(register.header("Access-Control-Allow-Origin")).isNull();
        TestApi.Response login =
                api.post("/api/v2/auth/login", null, TestApi.body("phone", phone, "password", TestUsers.PASSWORD));
        assertThat(login.status()).as("the refused call created no account").isEqualTo(401);
    }

    @Test
    void aCallWithoutAnOriginIsNotABrowserAndGoesThrough() {
        TestApi.Response login = api.post(
                "/api/v2/auth/login",
                null,
                TestApi.body("phone", TestUsers.DEMO_ADMIN_PHONE, "password", TestUsers.PASSWORD));

        assertThat(login.status()).isEqualTo(200);
        assertThat(login.header("Access-Control-Allow-Origin")).isNull();
    }

    private static TestApi.Response preflight(String origin, String method, String headers) {
        return api.sendWith(
                "OPTIONS",
                "/api/v2/bookings",
                null,
                Map.of(
                        "Origin",
                        origin,
                        "Access-Control-Request-Method",
                        method,
                        "Access-Control-Request-Headers",
                        headers),
                null);
    }
}
