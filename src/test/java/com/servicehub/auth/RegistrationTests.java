package com.servicehub.auth;

import static com.servicehub.TestApi.body;
import static com.servicehub.auth.Problems.assertInvalidField;
import static com.servicehub.auth.Problems.assertNoPasswordMaterial;
import static com.servicehub.auth.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.servicehub.IntegrationTest;
import com.servicehub.TestApi;
import com.servicehub.TestUsers;

class RegistrationTests extends IntegrationTest {

    private static final String REGISTER = "/api/v2/auth/register";

    @Autowired
    JdbcClient jdbc;

    @Test
    void registersACustomerAndAnswersTheUser() {
        String phone = TestUsers.randomPhone();
        TestApi.Response response =
                api.post(REGISTER, null, body("phone", phone, "password", "s3cret-pass", "name", "  Noura  "));

        assertThat(response.status()).as(response.raw()).isEqualTo(201);
        assertThat(response.header("Content-Type")).startsWith("application/json");
        assertThat(UUID.fromString(response.text("id"))).isNotNull();
        assertThat(response.text("phone")).isEqualTo(phone);
        assertThat(response.text("name")).isEqualTo("Noura");
        assertThat(response.text("role")).isEqualTo("customer");
        assertThat(response.text("createdAt")).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
        assertThat(Instant.parse(response.text("createdAt")))
                .isBefore(Instant.now().plusSeconds(5));
        assertThat(response.body().propertyNames())
                .containsExactlyInAnyOrder("id", "phone", "name", "role", "createdAt");
        assertNoPasswordMaterial(response, "s3cret-pass");
    }

    @Test
    void roleInTheBodyIsIgnored() {
        String phone = TestUsers.randomPhone();
        TestApi.Response response = api.post(
                REGISTER, null, body("phone", phone, "password", "password123", "name", "Sneaky", "role", "admin"));

        assertThat(response.status()).as(response.raw()).isEqualTo(201);
        assertThat(response.text("role")).isEqualTo("customer");
        TestUsers.Session session = users.login(phone, "password123");
        assertThat(session.role()).isEqualTo("customer");
        assertProblem(
                api.post(
                        "/api/v2/admin/users",
                        session.accessToken(),
                        body(
                                "phone",
                                TestUsers.randomPhone(),
                                "password",
                                "password123",
                                "name",
                                "x",
                                "role",
                                "admin")),
                403);
    }

    @Test
    void duplicatePhoneIsAConflict() {
        String phone = TestUsers.randomPhone();
        assertThat(api.post(REGISTER, null, body("phone", phone, "password", "password123", "name", "First"))
                        .status())
                .isEqualTo(201);

        TestApi.Response again =
                api.post(REGISTER, null, body("phone", phone, "password", "another-pass", "name", "Second"));

        assertProblem(again, 409);
        assertNoPasswordMaterial(again, "another-pass");
        assertThat(users.login(phone, "password123").phone()).isEqualTo(phone);
    }

    @Test
    void passwordLengthIsEightToOneHundredTwentyEight() {
        assertInvalidField(register(TestUsers.randomPhone(), "x".repeat(7)), "password");
        assertInvalidField(register(TestUsers.randomPhone(), "x".repeat(129)), "password");
        assertInvalidField(register(TestUsers.randomPhone(), ""), "password");

        String shortest = "x".repeat(8);
        String shortPhone = TestUsers.randomPhone();
        assertThat(register(shortPhone, shortest).status()).isEqualTo(201);
        users.login(shortPhone, shortest);
    }

    @Test
    void theLongestPasswordWorksAndEveryCharacterCounts() {
        // 128 characters, 384 bytes in UTF-8: far past the 72 bytes a plain bcrypt hash looks at.
        String longest = "\u0623".repeat(127) + "a";
        String phone = TestUsers.randomPhone();
        TestApi.Response created = register(phone, longest);
        assertThat(created.status()).as(created.raw()).isEqualTo(201);

        users.login(phone, longest);
        TestApi.Response almost =
                api.post("/api/v2/auth/login", null, body("phone", phone, "password", "\u0623".repeat(127) + "b"));
        assertProblem(almost, 401);
    }

    @Test
    void phoneMustBeE164() {
        for (String phone : new String[] {
            "0500000001",
            "+0500000001",
            "+9665",
            "+96650000000112345",
            "966500000001",
            "+966 500 000 001",
            "+966500000001\n",
            "' OR '1'='1",
            ""
        }) {
            TestApi.Response response = register(phone, "password123");
            assertInvalidField(response, "phone");
        }
        assertInvalidField(api.post(REGISTER, null, body("password", "password123", "name", "No Phone")), "phone");
    }

    @Test
    void nameIsRequiredAndBounded() {
        assertInvalidField(
                api.post(REGISTER, null, body("phone", TestUsers.randomPhone(), "password", "password123")), "name");
        assertInvalidField(
                api.post(
                        REGISTER,
                        null,
                        body("phone", TestUsers.randomPhone(), "password", "password123", "name", "   ")),
                "name");
        assertInvalidField(
                api.post(
                        REGISTER,
                        null,
                        body("phone", TestUsers.randomPhone(), "password", "password123", "name", "n".repeat(101))),
                "name");
    }

    @Test
    void rejectedRegistrationsStoreNothing() {
        String phone = TestUsers.randomPhone();
        assertProblem(register(phone, "short"), 400);
        assertProblem(
                api.post(REGISTER, null, body("phone", phone, "password", "password123", "name", "n".repeat(101))),
                400);

        assertThat(jdbc.sql("SELECT COUNT(*) FROM users WHERE phone = :phone")
                        .param("phone", phone)
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void sqlLookingTextIsStoredAsText() {
        String phone = TestUsers.randomPhone();
        String name = "Robert'); DROP TABLE users;--";
        TestApi.Response response =
                api.post(REGISTER, null, body("phone", phone, "password", "password123", "name", name));

        assertThat(response.status()).as(response.raw()).isEqualTo(201);
        assertThat(response.text("name")).isEqualTo(name);
        TestUsers.Session session = users.login(phone, "password123");
        assertThat(api.get("/api/v2/users/me", session.accessToken()).text("name"))
                .isEqualTo(name);
    }

    private TestApi.Response register(String phone, String password) {
        return api.post(REGISTER, null, body("phone", phone, "password", password, "name", "Test"));
    }
}
