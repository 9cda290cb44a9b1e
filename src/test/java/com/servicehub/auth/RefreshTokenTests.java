package com.servicehub.auth;

import static com.servicehub.TestApi.body;
import static com.servicehub.auth.Problems.assertNoPasswordMaterial;
import static com.servicehub.auth.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.servicehub.IntegrationTest;
import com.servicehub.TestApi;
import com.servicehub.TestUsers;

class RefreshTokenTests extends IntegrationTest {

    private static final String REFRESH = "/api/v2/auth/refresh";
    private static final String LOGOUT = "/api/v2/auth/logout";

    @Test
    void refreshAnswersANewPairAndRotatesTheOldToken() {
        TestUsers.Session session = users.customer();

        TestApi.Response refreshed = refresh(session.refreshToken());

        assertThat(refreshed.status()).as(refreshed.raw()).isEqualTo(200);
        assertThat(refreshed.body().propertyNames())
                .containsExactlyInAnyOrder("accessToken", "refreshToken", "tokenType", "expiresIn", "user");
        assertThat(refreshed.text("tokenType")).isEqualTo("Bearer");
        assertThat(refreshed.text("refreshToken")).isNotEqualTo(session.refreshToken());
        assertThat(refreshed.text("accessToken")).isNotEqualTo(session.accessToken());
        assertThat(refreshed.body().get("user").get("id").asString())
                .isEqualTo(session.id().toString());
        assertNoPasswordMaterial(refreshed, null);
        assertThat(api.get("/api/v2/users/me", refreshed.text("accessToken")).status())
                .isEqualTo(200);

        TestApi.Response next = refresh(refreshed.text("refreshToken"));
        assertThat(next.status()).as(next.raw()).isEqualTo(200);
    }

    @Test
    void aRotatedTokenIsRefusedAndRevokesTheWholeLogin() {
        TestUsers.Session session = users.customer();
        TestApi.Response first = refresh(session.refreshToken());
        assertThat(first.status()).isEqualTo(200);
        String newest = first.text("refreshToken");

        // Someone replays the token that was already traded in: the login is compromised.
        assertProblem(refresh(session.refreshToken()), 401);

        assertProblem(refresh(newest), 401);
        assertProblem(refresh(session.refreshToken()), 401);
    }

    @Test
    void reuseRevokesOnlyThatLogin() {
        String phone = users.customer().phone();
        TestUsers.Session phoneLogin = users.login(phone, TestUsers.PASSWORD);
        TestUsers.Session tabletLogin = users.login(phone, TestUsers.PASSWORD);
        assertThat(refresh(phoneLogin.refreshToken()).status()).isEqualTo(200);

        assertProblem(refresh(phoneLogin.refreshToken()), 401);

        assertThat(refresh(tabletLogin.refreshToken()).status()).isEqualTo(200);
    }

    @Test
    void refreshAnswersTheSameForUnknownAndRevokedTokens() {
        TestUsers.Session session = users.customer();
        assertThat(api.post(LOGOUT, null, body("refreshToken", session.refreshToken()))
                        .status())
                .isEqualTo(204);

        TestApi.Response revoked = refresh(session.refreshToken());
        TestApi.Response unknown = refresh("not-a-token-we-ever-issued");

        assertProblem(revoked, 401);
        assertProblem(unknown, 401);
        assertThat(unknown.raw()).isEqualTo(revoked.raw());
    }

    @Test
    void logoutEndsTheLogin() {
        TestUsers.Session session = users.customer();
        TestApi.Response rotated = refresh(session.refreshToken());

        TestApi.Response logout = api.post(LOGOUT, null, body("refreshToken", rotated.text("refreshToken")));

        assertThat(logout.status()).isEqualTo(204);
        assertThat(logout.raw()).isEmpty();
        assertProblem(refresh(rotated.text("refreshToken")), 401);
    }

    @Test
    void logoutOfAnUnknownTokenStillAnswers204() {
        assertThat(api.post(LOGOUT, null, body("refreshToken", "never-issued-" + TestUsers.randomPhone()))
                        .status())
                .isEqualTo(204);
        TestUsers.Session session = users.customer();
        assertThat(api.post(LOGOUT, null, body("refreshToken", session.refreshToken()))
                        .status())
                .isEqualTo(204);
        assertThat(api.post(LOGOUT, null, body("refreshToken", session.refreshToken()))
                        .status())
                .isEqualTo(204);
    }

    @Test
    void refreshAndLogoutNeedAToken() {
        Problems.assertInvalidField(api.post(REFRESH, null, body()), "refreshToken");
        Problems.assertInvalidField(api.post(REFRESH, null, body("refreshToken", "")), "refreshToken");
        Problems.assertInvalidField(api.post(LOGOUT, null, body()), "refreshToken");
        Problems.assertInvalidField(api.post(REFRESH, null, body("refreshToken", "x".repeat(257))), "refreshToken");
    }

    private TestApi.Response refresh(String token) {
        return api.post(REFRESH, null, body("refreshToken", token));
    }
}
