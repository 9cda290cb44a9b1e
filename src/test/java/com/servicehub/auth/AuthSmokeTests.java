package com.servicehub.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.servicehub.IntegrationTest;
import com.servicehub.TestApi;

class AuthSmokeTests extends IntegrationTest {

    @Test
    void demoCustomerLogsInAndSeesItself() {
        TestApi.Response login =
                api.post("/api/v2/auth/login", null, TestApi.body("phone", "+966500000001", "password", "password123"));
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.text("tokenType")).isEqualTo("Bearer");
        TestApi.Response me = api.get("/api/v2/users/me", login.text("accessToken"));
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.text("phone")).isEqualTo("+966500000001");
        assertThat(me.text("role")).isEqualTo("customer");
    }
}
