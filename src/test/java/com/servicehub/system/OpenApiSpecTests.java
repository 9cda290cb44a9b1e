package com.servicehub.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.servicehub.IntegrationTest;
import com.servicehub.TestApi;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OpenAPI that generates clients: {@code docs/openapi.json} equals the live
 * {@code /v3/api-docs}, and it has what a generator needs (unique operation ids, every error
 * answer as a problem, typed query parameters, enums).
 */
class OpenApiSpecTests extends IntegrationTest {

    static final Path CHECKED_IN = Path.of("docs/openapi.json");
    static final JsonMapper PRETTY = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED)
            .build();

    @Test
    void theCheckedInSpecIsTheLiveOne() throws Exception {
        JsonNode live = live();
        if (Boolean.getBoolean("openapi.write")) {
            Files.writeString(CHECKED_IN, PRETTY.writeValueAsString(live) + "\n");
        }
        JsonNode checkedIn = TestApi.JSON.readTree(Files.readString(CHECKED_IN));

        assertThat(checkedIn).as("""
                docs/openapi.json differs from the live /v3/api-docs. Regenerate it with
                  ./mvnw test -Dtest=OpenApiSpecTests -Dopenapi.write=true
                and commit the result.""").isEqualTo(live);
    }

    @Test
    void operationIdsAreUniqueAndEveryErrorIsAProblem() {
        JsonNode spec = live();
        List<String> ids = new ArrayList<>();
        Set<String> withErrors = new HashSet<>();
        spec.get("paths")
                .properties()
                .forEach(path -> path.getValue().properties().forEach(operation -> {
                    String id = operation.getValue().get("operationId").asString();
                    ids.add(id);
                    operation.getValue().get("responses").properties().forEach(response -> {
                        if (response.getKey().startsWith("4")) {
                            withErrors.add(id);
                            assertThat(response.getValue()
                                            .get("content")
                                            .get("application/problem+json")
                                            .get("schema")
                                            .get("$ref")
                                            .asString())
                                    .isEqualTo("#/components/schemas/Problem");
                        }
                    });
                }));
        assertThat(ids).hasSize(20).doesNotHaveDuplicates();
        assertThat(withErrors).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(spec.at("/paths/~1api~1v2~1auth~1login/post/responses").propertyNames())
                .contains("200", "400", "401", "429");
        assertThat(spec.at("/components/schemas/Problem/properties/errors/items/$ref")
                        .asString())
                .isEqualTo("#/components/schemas/FieldError");
    }

    @Test
    void queryParametersAreTypedAndStatusesAndRolesAreEnums() {
        JsonNode spec = live();
        for (String path : List.of("/api/v2/bookings", "/api/v2/admin/users")) {
            for (JsonNode parameter : spec.at("/paths/" + path.replace("/", "~1") + "/get/parameters")) {
                String name = parameter.get("name").asString();
                if (name.equals("page") || name.equals("size")) {
                    assertThat(parameter.at("/schema/type").asString())
                            .as(path + " " + name)
                            .isEqualTo("integer");
                }
            }
        }
        assertThat(enumOf(spec, "/components/schemas/Booking/properties/status"))
                .containsExactly(
                        "pending",
                        "confirmed",
                        "assigned",
                        "en_route",
                        "arrived",
                        "in_progress",
                        "completed",
                        "cancelled");
        assertThat(enumOf(spec, "/components/schemas/User/properties/role"))
                .containsExactly("customer", "technician", "admin");
        assertThat(enumOf(spec, "/components/schemas/Ticket/properties/status")).containsExactly("open", "closed");
        assertThat(enumOf(spec, "/components/schemas/NewUser/properties/role"))
                .containsExactly("customer", "technician", "admin");
        assertThat(enumOf(spec, "/components/schemas/StatusChange/properties/status"))
                .contains("en_route", "cancelled");
        assertThat(enumOf(spec, "/components/schemas/TicketStatusChange/properties/status"))
                .containsExactly("open", "closed");
    }

    private static List<String> enumOf(JsonNode spec, String pointer) {
        JsonNode values = spec.at(pointer + "/enum");
        assertThat(values.isArray())
                .as(pointer + " has an enum: " + spec.at(pointer))
                .isTrue();
        List<String> names = new ArrayList<>();
        values.forEach(value -> names.add(value.asString()));
        return names;
    }

    private JsonNode live() {
        TestApi.Response docs = api.get("/v3/api-docs", null);
        assertThat(docs.status()).isEqualTo(200);
        return docs.body();
    }
}
