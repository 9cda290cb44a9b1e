package com.servicehub.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.servicehub.IntegrationTest;
import com.servicehub.TestApi;

/**
 * The demo app's static files (clients/demo, packed into the jar at {@code /}) load without a token,
 * and opening them up leaves the API closed. Without the npm build (-Dskip.npm) the files are simply
 * absent: 404, never 401.
 */
class DemoAppAccessTests extends IntegrationTest {

    @Test
    void theDemoAppLoadsWithoutAToken() {
        for (String path : new String[] {"/", "/index.html", "/assets/missing.js", "/favicon.svg"}) {
            TestApi.Response response = api.get(path, null);
            assertThat(response.status()).as(path).isIn(200, 404);
        }
    }

    @Test
    void whenPackagedTheIndexIsServedAtTheRoot() {
        TestApi.Response index = api.get("/", null);
        if (getClass().getResource("/static/index.html") != null) {
            assertThat(index.status()).isEqualTo(200);
            assertThat(index.header("Content-Type")).startsWith("text/html");
            assertThat(index.raw()).contains("<div id=\"root\">");
        }
    }

    @Test
    void theApiStillNeedsAToken() {
        assertThat(api.get("/api/v2/bookings", null).status()).isEqualTo(401);
        assertThat(api.get("/actuator/metrics", null).status()).isEqualTo(401);
        assertThat(api.get("/assets/../api/v2/bookings", null).status()).isIn(400, 401, 404);
    }
}
