package com.servicehub.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.servicehub.TestApi;

/** Assertions on RFC 9457 answers, shared by the auth tests. */
final class Problems {

    private Problems() {}

    /** The answer is problem+json with the given status and every member the contract names. */
    static TestApi.Response assertProblem(TestApi.Response response, int status) {
        assertThat(response.status()).as(response.raw()).isEqualTo(status);
        assertThat(response.header("Content-Type")).as(response.raw()).startsWith("application/problem+json");
        assertThat(response.body()).as(response.raw()).isNotNull();
        assertThat(response.text("type")).as(response.raw()).isNotBlank();
        assertThat(response.text("title")).as(response.raw()).isNotBlank();
        assertThat(response.body().get("status").asInt()).as(response.raw()).isEqualTo(status);
        assertThat(response.text("detail")).as(response.raw()).isNotBlank();
        return response;
    }

    /** A 400 validation problem whose {@code errors} names the given field. */
    static TestApi.Response assertInvalidField(TestApi.Response response, String field) {
        assertProblem(response, 400);
        assertThat(response.body().get("errors").isArray()).as(response.raw()).isTrue();
        assertThat(response.body().get("errors").values()).as(response.raw()).anySatisfy(error -> {
            assertThat(error.get("field").asString()).isEqualTo(field);
            assertThat(error.get("message").asString()).isNotBlank();
        });
        return response;
    }

    /** The answer carries no password, no hash and no field that sounds like one. */
    static void assertNoPasswordMaterial(TestApi.Response response, String password) {
        String raw = response.raw() == null ? "" : response.raw();
        assertThat(raw).doesNotContainPattern("(?i)\"password[a-z_]*\"\\s*:").doesNotContainIgnoringCase("hash");
        assertThat(raw).doesNotContain("$2a$").doesNotContain("$2b$").doesNotContain("$2y$");
        if (password != null) {
            assertThat(raw).doesNotContain(password);
        }
    }
}
