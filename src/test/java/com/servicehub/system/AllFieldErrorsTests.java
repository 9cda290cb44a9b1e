package com.servicehub.system;

import static com.servicehub.Problems.assertInvalid;
import static com.servicehub.TestApi.body;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.Test;

import com.servicehub.IntegrationTest;
import com.servicehub.TestApi;
import com.servicehub.TestUsers;
import com.servicehub.TestUsers.Session;

import tools.jackson.databind.JsonNode;

/**
 * A form needs every invalid field in one answer: values that are of the right JSON type but
 * break a rule (a date that does not parse, an unknown role, an id that is no UUID) are field
 * errors beside the bean-validation ones. A body that is not JSON at all stays one clear 400.
 */
class AllFieldErrorsTests extends IntegrationTest {

    @Test
    void aBookingWithABlankServiceTypeAndABadDateNamesBoth() {
        Session customer = users.customer();

        TestApi.Response refused = api.post(
                "/api/v2/bookings",
                customer.accessToken(),
                body("serviceType", " ", "address", "1 Olaya St", "scheduledAt", "not-a-date"));

        assertInvalid(refused, "serviceType", "scheduledAt");
        assertThat(message(refused, "scheduledAt")).contains("ISO-8601");
    }

    @Test
    void aBookingInThePastIsReportedBesideTheOtherFields() {
        Session customer = users.customer();
        String lastWeek = Instant.now().minus(7, ChronoUnit.DAYS).toString();

        TestApi.Response refused = api.post(
                "/api/v2/bookings",
                customer.accessToken(),
                body("serviceType", "", "address", "", "scheduledAt", lastWeek, "notes", "x".repeat(2001)));

        assertInvalid(refused, "serviceType", "address", "scheduledAt", "notes");
        assertThat(message(refused, "scheduledAt")).isEqualTo("must not be in the past");
    }

    @Test
    void aTicketWithABlankSubjectAndABadBookingIdNamesBoth() {
        Session customer = users.customer();

        TestApi.Response refused = api.post(
                "/api/v2/support/tickets",
                customer.accessToken(),
                body("subject", "", "message", "", "bookingId", "not-a-uuid"));

        assertInvalid(refused, "subject", "message", "bookingId");
    }

    @Test
    void anAdminCreatedUserWithABadPhoneAndAnUnknownRoleNamesBoth() {
        TestApi.Response refused = api.post(
                "/api/v2/admin/users",
                users.admin().accessToken(),
                body("phone", "0500", "password", "short", "name", "", "role", "boss"));

        assertInvalid(refused, "phone", "password", "name", "role");
        assertThat(message(refused, "role")).isEqualTo("must be one of customer, technician, admin");
    }

    @Test
    void aValidAdminCreatedUserStillGetsItsRole() {
        TestApi.Response created = api.post(
                "/api/v2/admin/users",
                users.admin().accessToken(),
                body(
                        "phone",
                        TestUsers.randomPhone(),
                        "password",
                        TestUsers.PASSWORD,
                        "name",
                        "Tech",
                        "role",
                        "technician"));

        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        assertThat(created.text("role")).isEqualTo("technician");
    }

    @Test
    void malformedJsonIsStillOneClear400() {
        TestApi.Response refused = api.sendRaw(
                "POST", "/api/v2/bookings", users.customer().accessToken(), "{\"serviceType\": ", "application/json");

        assertInvalid(refused);
        assertThat(refused.body().get("errors").size()).isZero();
        assertThat(refused.text("detail")).isEqualTo("Malformed JSON or a value of the wrong type");
    }

    private static String message(TestApi.Response response, String field) {
        for (JsonNode error : response.body().get("errors")) {
            if (error.get("field").asString().equals(field)) {
                return error.get("message").asString();
            }
        }
        throw new AssertionError("no error on " + field + ": " + response.raw());
    }
}
