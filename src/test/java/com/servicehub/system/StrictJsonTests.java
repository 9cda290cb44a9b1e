package com.servicehub.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.Test;

import com.servicehub.IntegrationTest;
import com.servicehub.TestApi;
import com.servicehub.TestUsers;

/**
 * A number or boolean sent where the contract says text is a 400, not a string stored silently;
 * so is text with a NUL character, in any body, rather than a database error.
 */
class StrictJsonTests extends IntegrationTest {

    @Test
    void numbersAndBooleansAreNotText() {
        TestUsers.Session customer = users.customer();
        for (Object notText : new Object[] {123, 1.5, true}) {
            TestApi.Response response = api.post(
                    "/api/v2/bookings",
                    customer.accessToken(),
                    TestApi.body(
                            "serviceType",
                            notText,
                            "address",
                            "1 Olaya St",
                            "scheduledAt",
                            Instant.now().plus(1, ChronoUnit.DAYS).toString()));
            assertThat(response.status()).as(response.raw()).isEqualTo(400);
            assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        }
        TestApi.Response list = api.get("/api/v2/bookings", customer.accessToken());
        assertThat(list.body().path("total").asInt()).as("nothing stored").isZero();
    }

    @Test
    void textWithNulIsRefusedWhereverItIsSent() {
        String phone = TestUsers.randomPhone();
        TestApi.Response response = api.post(
                "/api/v2/auth/register",
                null,
                TestApi.body("phone", phone, "password", "password123", "name", "Nul\u0000Name"));
        assertThat(response.status()).as(response.raw()).isEqualTo(400);
        assertThat(response.body().get("errors").get(0).get("field").asString()).isEqualTo("name");
        assertThat(response.body().get("errors").get(0).get("message").asString())
                .isEqualTo("must not contain NUL characters");
        assertThat(api.post("/api/v2/auth/login", null, TestApi.body("phone", phone, "password", "password123"))
                        .status())
                .as("nothing stored")
                .isEqualTo(401);
    }
}
