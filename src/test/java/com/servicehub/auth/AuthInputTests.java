package com.servicehub.auth;

import static com.servicehub.TestApi.body;
import static com.servicehub.auth.Problems.assertInvalidField;
import static com.servicehub.auth.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.servicehub.IntegrationTest;
import com.servicehub.TestApi;
import com.servicehub.TestUsers;

/** Bad input on the auth endpoints: always 400 problem+json, and nothing is stored. */
class AuthInputTests extends IntegrationTest {

    private static final String REGISTER = "/api/v2/auth/register";

    @Autowired
    JdbcClient jdbc;

    @Test
    void malformedJsonIsA400() {
        String phone = TestUsers.randomPhone();
        for (String raw : new String[] {
            "{\"phone\":\"" + phone + "\",\"password\":\"password123\",\"name\":\"x\"",
            "{\"phone\":\"" + phone + "\",\"password\":\"password123\",\"name\":\"x\",}",
            "{phone:'" + phone + "'}",
            "not json",
            "\"just a string\"",
            "[]",
            "null",
            "{\"phone\":\"" + phone + "\",\"password\":\"password123\",\"name\":\"x\"} trailing"
        }) {
            TestApi.Response register =
                    assertProblem(api.sendRaw("POST", REGISTER, null, raw, "application/json"), 400);
            assertThat(register.body().get("errors").isEmpty())
                    .as("a syntax error names no field: " + register.raw())
                    .isTrue();
            assertProblem(api.sendRaw("POST", "/api/v2/auth/login", null, raw, "application/json"), 400);
            assertProblem(api.sendRaw("POST", "/api/v2/auth/refresh", null, raw, "application/json"), 400);
            assertProblem(api.sendRaw("POST", "/api/v2/auth/logout", null, raw, "application/json"), 400);
        }
        assertNotStored(phone);
    }

    @Test
    void anEmptyBodyIsA400() {
        for (String path :
                new String[] {REGISTER, "/api/v2/auth/login", "/api/v2/auth/refresh", "/api/v2/auth/logout"}) {
            assertProblem(api.sendRaw("POST", path, null, "", "application/json"), 400);
            assertProblem(api.post(path, null, null), 400);
        }
    }

    @Test
    void wrongTypesNameTheField() {
        String phone = TestUsers.randomPhone();
        assertInvalidField(
                api.post(
                        REGISTER,
                        null,
                        body("phone", phone, "password", java.util.List.of("password123"), "name", "x")),
                "password");
        assertInvalidField(
                api.post(
                        REGISTER,
                        null,
                        body("phone", java.util.Map.of("number", phone), "password", "password123", "name", "x")),
                "phone");
        assertInvalidField(
                api.post(REGISTER, null, body("phone", phone, "password", "password123", "name", java.util.Map.of())),
                "name");
        assertInvalidField(
                api.post("/api/v2/auth/login", null, body("phone", phone, "password", java.util.Map.of("$ne", ""))),
                "password");
        assertInvalidField(
                api.post("/api/v2/auth/refresh", null, body("refreshToken", java.util.List.of())), "refreshToken");
        assertNotStored(phone);
    }

    @Test
    void missingFieldsAreListed() {
        TestApi.Response response = api.post(REGISTER, null, body());

        assertInvalidField(response, "phone");
        assertInvalidField(response, "password");
        assertInvalidField(response, "name");
        assertThat(response.text("type")).isNotEqualTo("about:blank");

        assertInvalidField(api.post("/api/v2/auth/login", null, body("phone", TestUsers.randomPhone())), "password");
        assertInvalidField(api.post("/api/v2/auth/login", null, body("password", "password123")), "phone");
    }

    @Test
    void aOneMebibyteBodyIsA400() {
        String phone = TestUsers.randomPhone();
        String huge = "{\"phone\":\"" + phone + "\",\"password\":\"password123\",\"name\":\"" + "n".repeat(1024 * 1024)
                + "\"}";

        TestApi.Response register = api.sendRaw("POST", REGISTER, null, huge, "application/json");
        TestApi.Response login = api.sendRaw("POST", "/api/v2/auth/login", null, huge, "application/json");

        assertProblem(register, 400);
        assertProblem(login, 400);
        assertThat(register.text("detail")).containsIgnoringCase("too large");
        assertNotStored(phone);
        // The connection pool is still healthy after the refused upload.
        assertThat(api.post(REGISTER, null, body("phone", phone, "password", "password123", "name", "x"))
                        .status())
                .isEqualTo(201);
    }

    @Test
    void sqlLookingInputIsRefusedWithoutSideEffects() {
        String[] injections = {
            "' OR '1'='1",
            "+966500000001' OR '1'='1",
            "'; DROP TABLE users; --",
            "+9665\"; DELETE FROM refresh_tokens; --",
            "+966500000001'--"
        };
        for (String injection : injections) {
            assertInvalidField(
                    api.post(REGISTER, null, body("phone", injection, "password", "password123", "name", "x")),
                    "phone");
            assertInvalidField(
                    api.post("/api/v2/auth/login", null, body("phone", injection, "password", "' OR '1'='1")), "phone");
            assertProblem(api.post("/api/v2/auth/refresh", null, body("refreshToken", injection)), 401);
            assertThat(api.post("/api/v2/auth/logout", null, body("refreshToken", injection))
                            .status())
                    .isEqualTo(204);
        }
        assertThat(jdbc.sql("SELECT COUNT(*) FROM users WHERE phone LIKE '%''%'")
                        .query(Long.class)
                        .single())
                .isZero();
        users.login("+966500000001", TestUsers.PASSWORD);
    }

    @Test
    void onlyJsonIsAccepted() {
        TestApi.Response form = api.sendRaw(
                "POST",
                "/api/v2/auth/login",
                null,
                "phone=%2B966500000001&password=password123",
                "application/x-www-form-urlencoded");
        TestApi.Response text = api.sendRaw("POST", REGISTER, null, "{}", "text/plain");

        assertProblem(form, 415);
        assertProblem(text, 415);
    }

    @Test
    void wrongMethodIsA405() {
        TestApi.Response response = api.get("/api/v2/auth/login", null);

        assertProblem(response, 405);
        assertThat(response.header("Allow")).contains("POST");
        assertProblem(api.sendRaw("DELETE", "/api/v2/auth/register", null, null, null), 405);
    }

    @Test
    void unknownRouteIsA404() {
        assertProblem(api.get("/api/v2/auth/nope", null), 404);
        assertProblem(api.post("/api/v2/auth/nope", null, body("phone", "x")), 404);
        assertProblem(api.get("/api/v2/nothing-here", users.customer().accessToken()), 404);
    }

    private void assertNotStored(String phone) {
        assertThat(jdbc.sql("SELECT COUNT(*) FROM users WHERE phone = :phone")
                        .param("phone", phone)
                        .query(Long.class)
                        .single())
                .isZero();
    }
}
