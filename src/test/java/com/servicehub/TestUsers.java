package com.servicehub;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Makes fresh users for a test through the public API, so tests never share state. */
public final class TestUsers {

    public static final String PASSWORD = "password123";
    public static final String DEMO_ADMIN_PHONE = "+966500000003";

    private final TestApi api;

    public TestUsers(TestApi api) {
        this.api = api;
    }

    /** A logged-in user: its id, role, phone and tokens. */
    public record Session(UUID id, String role, String phone, String accessToken, String refreshToken) {}

    public static String randomPhone() {
        return "+9665" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
    }

    public Session admin() {
        return login(DEMO_ADMIN_PHONE, PASSWORD);
    }

    public Session customer() {
        String phone = randomPhone();
        TestApi.Response created = api.post(
                "/api/v2/auth/register",
                null,
                TestApi.body("phone", phone, "password", PASSWORD, "name", "Test Customer"));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return login(phone, PASSWORD);
    }

    public Session technician() {
        return created("technician");
    }

    public Session newAdmin() {
        return created("admin");
    }

    private Session created(String role) {
        String phone = randomPhone();
        TestApi.Response created = api.post(
                "/api/v2/admin/users",
                admin().accessToken(),
                TestApi.body("phone", phone, "password", PASSWORD, "name", "Test " + role, "role", role));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return login(phone, PASSWORD);
    }

    public Session login(String phone, String password) {
        TestApi.Response response =
                api.post("/api/v2/auth/login", null, TestApi.body("phone", phone, "password", password));
        assertThat(response.status()).as(response.raw()).isEqualTo(200);
        return new Session(
                UUID.fromString(response.body().get("user").get("id").asString()),
                response.body().get("user").get("role").asString(),
                phone,
                response.text("accessToken"),
                response.text("refreshToken"));
    }
}
