package com.servicehub.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import com.servicehub.IntegrationTest;
import com.servicehub.TestApi;

import tools.jackson.databind.JsonNode;

class OpenApiTests extends IntegrationTest {

    @Test
    void apiDocsListTheAuthPathsAndTheBearerScheme() {
        TestApi.Response docs = api.get("/v3/api-docs", null);

        assertThat(docs.status()).as(docs.raw()).isEqualTo(200);
        JsonNode paths = docs.body().get("paths");
        assertThat(paths.propertyNames())
                .contains(
                        "/api/v2/auth/register",
                        "/api/v2/auth/login",
                        "/api/v2/auth/refresh",
                        "/api/v2/auth/logout",
                        "/api/v2/users/me",
                        "/api/v2/admin/users");
        assertThat(docs.body().get("info").get("title").asString()).isNotBlank();
        assertThat(docs.body().get("info").get("version").asString()).isNotBlank();
        assertThat(docs.body().get("info").get("description").asString()).isNotBlank();

        JsonNode bearer = docs.body().get("components").get("securitySchemes").get("bearer");
        assertThat(bearer.get("type").asString()).isEqualTo("http");
        assertThat(bearer.get("scheme").asString()).isEqualTo("bearer");
        assertThat(bearer.get("bearerFormat").asString()).isEqualTo("JWT");

        assertThat(paths.get("/api/v2/users/me").get("get").get("security").toString())
                .contains("bearer");
        assertThat(paths.get("/api/v2/auth/login").get("post").has("security")).isFalse();
    }

    @Test
    void swaggerUiAnswers() throws Exception {
        HttpClient client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        HttpResponse<String> page = client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/swagger-ui.html"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).containsIgnoringCase("swagger");
    }
}
