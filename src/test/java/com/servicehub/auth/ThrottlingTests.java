package com.servicehub.auth;

import static com.servicehub.TestApi.body;
import static com.servicehub.auth.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.servicehub.IntegrationTest;
import com.servicehub.TestApi;
import com.servicehub.TestUsers;

/** The 429 as a client sees it; the window and the per-address limit are {@link LoginThrottleTests}. */
class ThrottlingTests extends IntegrationTest {

    private static final String LOGIN = "/api/v2/auth/login";

    @Test
    void repeatedFailuresForOnePhoneAreThrottledEvenWithTheRightPassword() {
        String phone = users.customer().phone();
        for (int i = 0; i < 5; i++) {
            assertProblem(api.post(LOGIN, null, body("phone", phone, "password", "wrong-password-" + i)), 401);
        }

        TestApi.Response throttled = api.post(LOGIN, null, body("phone", phone, "password", "wrong-password"));
        TestApi.Response rightPassword = api.post(LOGIN, null, body("phone", phone, "password", TestUsers.PASSWORD));

        assertProblem(throttled, 429);
        assertProblem(rightPassword, 429);
        long retryAfter = Long.parseLong(rightPassword.header("Retry-After"));
        assertThat(retryAfter).isBetween(1L, 15 * 60L);
        assertThat(rightPassword.raw()).doesNotContain("accessToken");
    }

    @Test
    void unknownPhonesAreThrottledLikeKnownOnes() {
        String phone = TestUsers.randomPhone();
        for (int i = 0; i < 5; i++) {
            assertProblem(api.post(LOGIN, null, body("phone", phone, "password", "wrong-password")), 401);
        }
        assertProblem(api.post(LOGIN, null, body("phone", phone, "password", "wrong-password")), 429);
    }

    @Test
    void anotherPhoneIsNotHeldUp() {
        String victim = users.customer().phone();
        for (int i = 0; i < 6; i++) {
            api.post(LOGIN, null, body("phone", victim, "password", "wrong-password"));
        }
        String other = users.customer().phone();
        assertThat(users.login(other, TestUsers.PASSWORD).phone()).isEqualTo(other);
    }
}
