package com.servicehub;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

/** Checks that an answer is an RFC 9457 problem with the expected status (and field errors). */
public final class Problems {

    private Problems() {}

    public static void assertProblem(TestApi.Response response, int status) {
        assertThat(response.status()).as(response.raw()).isEqualTo(status);
        assertThat(response.header("Content-Type")).as(response.raw()).startsWith("application/problem+json");
        assertThat(response.body().get("status").asInt()).isEqualTo(status);
        assertThat(response.text("title")).isNotBlank();
    }

    /** A 400 whose {@code errors} list names exactly these fields (in any order, repeats allowed). */
    public static void assertInvalid(TestApi.Response response, String... fields) {
        assertProblem(response, 400);
        JsonNode errors = response.body().get("errors");
        assertThat(errors).as(response.raw()).isNotNull();
        assertThat(errors.isArray()).isTrue();
        List<String> named = new ArrayList<>();
        errors.forEach(error -> {
            named.add(error.get("field").asString());
            assertThat(error.get("message").asString()).isNotBlank();
        });
        if (fields.length > 0) {
            assertThat(named).as(response.raw()).containsOnly(fields);
        }
    }
}
