package com.servicehub.auth;

import static com.servicehub.TestApi.body;
import static com.servicehub.auth.Problems.assertNoPasswordMaterial;
import static com.servicehub.auth.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

import com.servicehub.IntegrationTest;
import com.servicehub.TestApi;
import com.servicehub.TestUsers;

class LoginTests extends IntegrationTest {

    private static final String LOGIN = "/api/v2/auth/login";

    @Autowired
    JdbcClient jdbc;

    @Test
    void loginAnswersTokensAndTheUser() {
        String phone = registered("password123");

        TestApi.Response response = api.post(LOGIN, null, body("phone", phone, "password", "password123"));

        assertThat(response.status()).as(response.raw()).isEqualTo(200);
        assertThat(response.body().propertyNames())
                .containsExactlyInAnyOrder("accessToken", "refreshToken", "tokenType", "expiresIn", "user");
        assertThat(response.text("accessToken")).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
        assertThat(response.text("refreshToken")).hasSizeGreaterThanOrEqualTo(32);
        assertThat(response.text("tokenType")).isEqualTo("Bearer");
        assertThat(response.body().get("expiresIn").isIntegralNumber()).isTrue();
        assertThat(response.body().get("expiresIn").asLong()).isEqualTo(15 * 60);
        assertThat(response.body().get("user").get("phone").asString()).isEqualTo(phone);
        assertThat(response.body().get("user").get("role").asString()).isEqualTo("customer");
        assertThat(response.body().get("user").propertyNames())
                .containsExactlyInAnyOrder("id", "phone", "name", "role", "createdAt");
        assertNoPasswordMaterial(response, "password123");
    }

    @Test
    void unknownPhoneAndWrongPasswordAnswerTheSame() {
        String phone = registered("password123");

        TestApi.Response wrongPassword = api.post(LOGIN, null, body("phone", phone, "password", "wrong-password"));
        TestApi.Response unknownPhone =
                api.post(LOGIN, null, body("phone", TestUsers.randomPhone(), "password", "wrong-password"));

        assertProblem(wrongPassword, 401);
        assertProblem(unknownPhone, 401);
        assertThat(unknownPhone.raw()).isEqualTo(wrongPassword.raw());
        assertThat(unknownPhone.header("Content-Type")).isEqualTo(wrongPassword.header("Content-Type"));
        assertThat(unknownPhone.header("WWW-Authenticate")).isEqualTo(wrongPassword.header("WWW-Authenticate"));
        assertNoPasswordMaterial(wrongPassword, "wrong-password");
    }

    @Test
    void meAnswersTheCaller() {
        String phone = registered("password123");
        TestUsers.Session session = users.login(phone, "password123");

        TestApi.Response me = api.get("/api/v2/users/me", session.accessToken());

        assertThat(me.status()).as(me.raw()).isEqualTo(200);
        assertThat(UUID.fromString(me.text("id"))).isEqualTo(session.id());
        assertThat(me.text("phone")).isEqualTo(phone);
        assertThat(me.text("role")).isEqualTo("customer");
        assertThat(me.body().propertyNames()).containsExactlyInAnyOrder("id", "phone", "name", "role", "createdAt");
        assertNoPasswordMaterial(me, "password123");
    }

    @Test
    void meNeedsAToken() {
        TestApi.Response response = api.get("/api/v2/users/me", null);

        assertProblem(response, 401);
        assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
    }

    @Test
    void adminCreatesUsersOfEveryRole() {
        String admin = users.admin().accessToken();
        for (String role : new String[] {"customer", "technician", "admin"}) {
            String phone = TestUsers.randomPhone();
            TestApi.Response created = api.post(
                    "/api/v2/admin/users",
                    admin,
                    body("phone", phone, "password", "password-" + role, "name", "New " + role, "role", role));

            assertThat(created.status()).as(created.raw()).isEqualTo(201);
            assertThat(created.text("role")).isEqualTo(role);
            assertThat(created.text("phone")).isEqualTo(phone);
            assertThat(created.body().propertyNames())
                    .containsExactlyInAnyOrder("id", "phone", "name", "role", "createdAt");
            assertNoPasswordMaterial(created, "password-" + role);
            assertThat(users.login(phone, "password-" + role).role()).isEqualTo(role);
        }
    }

    @Test
    void onlyAdminsCreateUsers() {
        var newUser =
                body("phone", TestUsers.randomPhone(), "password", "password123", "name", "Nope", "role", "admin");

        assertProblem(api.post("/api/v2/admin/users", users.customer().accessToken(), newUser), 403);
        assertProblem(api.post("/api/v2/admin/users", users.technician().accessToken(), newUser), 403);
        TestApi.Response anonymous = api.post("/api/v2/admin/users", null, newUser);
        assertProblem(anonymous, 401);
        assertThat(anonymous.header("WWW-Authenticate")).startsWith("Bearer");
    }

    @Test
    void adminCreateValidatesLikeRegistration() {
        String admin = users.admin().accessToken();

        Problems.assertInvalidField(
                api.post(
                        "/api/v2/admin/users",
                        admin,
                        body("phone", TestUsers.randomPhone(), "password", "short", "name", "x", "role", "technician")),
                "password");
        Problems.assertInvalidField(
                api.post(
                        "/api/v2/admin/users",
                        admin,
                        body("phone", TestUsers.randomPhone(), "password", "password123", "name", "x")),
                "role");
        Problems.assertInvalidField(
                api.post(
                        "/api/v2/admin/users",
                        admin,
                        body(
                                "phone",
                                TestUsers.randomPhone(),
                                "password",
                                "password123",
                                "name",
                                "x",
                                "role",
                                "superuser")),
                "role");
        String phone = registered("password123");
        assertProblem(
                api.post(
                        "/api/v2/admin/users",
                        admin,
                        body("phone", phone, "password", "password123", "name", "x", "role", "technician")),
                409);
    }

    @Test
    void anOlderPlainBcryptHashStillLogsInAndIsUpgraded() {
        String phone = TestUsers.randomPhone();
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                INSERT INTO users (id, phone, name, role, password_hash, created_at)
                VALUES (:id, :phone, 'Old Hash', 'customer', :hash, CURRENT_TIMESTAMP)""")
                .param("id", id)
                .param("phone", phone)
                .param("hash", new BCryptPasswordEncoder(10).encode("password123"))
                .update();

        assertThat(users.login(phone, "password123").id()).isEqualTo(id);

        assertThat(storedHash(id)).startsWith(BcryptSha256PasswordEncoder.PREFIX);
        assertThat(users.login(phone, "password123").id()).isEqualTo(id);
        assertProblem(api.post(LOGIN, null, body("phone", phone, "password", "password124")), 401);
    }

    @Test
    void passwordsAreStoredOnlyAsSaltedHashes() {
        String phone = registered("password123");
        String other = registered("password123");

        String hash = jdbc.sql("SELECT password_hash FROM users WHERE phone = :phone")
                .param("phone", phone)
                .query(String.class)
                .single();
        assertThat(hash).doesNotContain("password123").startsWith(BcryptSha256PasswordEncoder.PREFIX);
        assertThat(jdbc.sql("SELECT password_hash FROM users WHERE phone = :phone")
                        .param("phone", other)
                        .query(String.class)
                        .single())
                .isNotEqualTo(hash);
    }

    private String storedHash(UUID id) {
        return jdbc.sql("SELECT password_hash FROM users WHERE id = :id")
                .param("id", id)
                .query(String.class)
                .single();
    }

    private String registered(String password) {
        String phone = TestUsers.randomPhone();
        TestApi.Response created = api.post(
                "/api/v2/auth/register", null, body("phone", phone, "password", password, "name", "Login Test"));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return phone;
    }
}
