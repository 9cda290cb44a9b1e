package com.servicehub.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.Test;

import com.servicehub.IntegrationTest;
import com.servicehub.TestApi;
import com.servicehub.TestUsers;

/** A number or boolean sent where the contract says text is a 400, not a string stored silently. */
class StrictJsonTests extends IntegrationTest {

    @Test
    void numbersAndBooleansAreNotText() {
        TestUsers.Session customer = users.customer();
        for (Object notText : new Object[] { 123, 1.5, true }) {
            TestApi.Response response = api.post("/api/v2/bookings", customer.accessToken(), TestApi.body(
                    "serviceType", notText, "address", "1 Olaya St",
                    "scheduledAt", Instant.now().plus(1, ChronoUnit.DAYS).toString()));
            assertThat(response.status()).as(response.raw()).isEqualTo(400);
            assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        }
        TestApi.Response list = api.get("/api/v2/bookings", customer.accessToken());
        assertThat(list.body().path("total").asInt()).as("nothing stored").isZero();
    }
}
