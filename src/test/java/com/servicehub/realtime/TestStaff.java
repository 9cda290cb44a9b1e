package com.servicehub.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import com.servicehub.TestApi;
import com.servicehub.TestUsers;

/**
 * Technicians and admins made through the admin API with a minted admin token, so these tests do
 * not depend on the demo admin's password in a database that other runs share.
 */
final class TestStaff {

    private TestStaff() {}

    static TestUsers.Session create(TestApi api, String role) {
        String phone = TestUsers.randomPhone();
        TestApi.Response created = api.post(
                "/api/v2/admin/users",
                TestTokens.valid(UUID.randomUUID(), "admin"),
                TestApi.body("phone", phone, "password", TestUsers.PASSWORD, "name", "Test " + role, "role", role));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return new TestUsers(api).login(phone, TestUsers.PASSWORD);
    }
}
