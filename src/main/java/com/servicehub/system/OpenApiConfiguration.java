package com.servicehub.system;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.annotations.servers.Server;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;

/**
 * The OpenAPI description at {@code /v3/api-docs} (checked in as {@code docs/openapi.json}) and
 * Swagger UI at {@code /swagger-ui.html}. Operations that need a caller name the {@code bearer}
 * scheme. Every operation lists the error answers it can give, each an RFC 9457 problem, so a
 * generated client knows them; an operation missing from {@link #ERRORS} fails the start, so a
 * new one cannot be published without them.
 */
@Configuration(proxyBeanMethods = false)
@OpenAPIDefinition(
        info =
                @Info(
                        title = "ServiceHub API",
                        version = "v2",
                        description =
                                "REST API of the ServiceHub home-services back end: accounts and tokens, bookings, support. "
                                        + "Errors are RFC 9457 problem details. Live updates go over the WebSocket at /ws, described by "
                                        + "docs/asyncapi.yaml."),
        servers =
                @Server(
                        url = "http://localhost:5000",
                        description = "a node started with the defaults; use your own host"))
@SecurityScheme(
        name = "bearer",
        type = SecuritySchemeType.HTTP,
        scheme = "bearer",
        bearerFormat = "JWT",
        description = "The accessToken from POST /api/v2/auth/login or /api/v2/auth/refresh")
class OpenApiConfiguration {

    static final String PROBLEM = "Problem";
    static final String FIELD_ERROR = "FieldError";

    private static final Map<String, String> MEANINGS = Map.of(
            "400", "Invalid input; errors names every invalid field",
            "401", "Missing, invalid or expired token, or bad credentials",
            "403", "Authenticated, but this caller may not do this",
            "404", "Not found, or not visible to the caller",
            "409",
                    "Conflict: duplicate, an illegal status transition, a closed ticket, or an Idempotency-Key reused "
                            + "for another request",
            "429", "Throttled; Retry-After says when to try again");

    /** The error answers of each operation (CONTRACT §2 status codes). */
    static final Map<String, List<String>> ERRORS = Map.ofEntries(
            Map.entry("register", List.of("400", "409", "429")),
            Map.entry("login", List.of("400", "401", "429")),
            Map.entry("refreshTokens", List.of("400", "401")),
            Map.entry("logout", List.of("400")),
            Map.entry("getCurrentUser", List.of("401")),
            Map.entry("createUser", List.of("400", "401", "403", "409")),
            Map.entry("listUsers", List.of("400", "401", "403")),
            Map.entry("createBooking", List.of("400", "401", "403", "409")),
            Map.entry("listBookings", List.of("400", "401")),
            Map.entry("getBooking", List.of("400", "401", "404")),
            Map.entry("assignTechnician", List.of("400", "401", "403", "404", "409")),
            Map.entry("changeBookingStatus", List.of("400", "401", "403", "404", "409")),
            Map.entry("reportLocation", List.of("400", "401", "403", "404", "409")),
            Map.entry("getLocation", List.of("400", "401", "404")),
            Map.entry("createTicket", List.of("400", "401", "409")),
            Map.entry("listTickets", List.of("401")),
            Map.entry("getTicket", List.of("400", "401", "404")),
            Map.entry("changeTicketStatus", List.of("400", "401", "404")),
            Map.entry("postMessage", List.of("400", "401", "404", "409")),
            Map.entry("listMessages", List.of("400", "401", "404")));

    @Bean
    OpenApiCustomizer problemAnswers() {
        return openApi -> {
            openApi.getComponents()
                    .addSchemas(
                            FIELD_ERROR,
                            new ObjectSchema()
                                    .addProperty(
                                            "field",
                                            new StringSchema().description("the body field, query parameter or header"))
                                    .addProperty("message", new StringSchema())
                                    .required(List.of("field", "message")));
            openApi.getComponents()
                    .addSchemas(
                            PROBLEM,
                            new ObjectSchema()
                                    .description("RFC 9457 problem details")
                                    .addProperty("type", new StringSchema().example("about:blank"))
                                    .addProperty("title", new StringSchema())
                                    .addProperty("status", new IntegerSchema())
                                    .addProperty("detail", new StringSchema())
                                    .addProperty("instance", new StringSchema())
                                    .addProperty(
                                            "errors",
                                            new ArraySchema()
                                                    .items(new Schema<>().$ref("#/components/schemas/" + FIELD_ERROR))
                                                    .description("validation errors (400 only)"))
                                    .required(List.of("type", "title", "status", "detail")));
            openApi.getPaths()
                    .forEach((path, item) -> item.readOperations().forEach(operation -> addErrors(operation)));
            // Keep every map in a stable order, so the checked-in docs/openapi.json diffs cleanly.
            openApi.getComponents()
                    .setSchemas(new TreeMap<>(openApi.getComponents().getSchemas()));
        };
    }

    private static void addErrors(Operation operation) {
        List<String> codes = ERRORS.get(operation.getOperationId());
        if (codes == null) {
            throw new IllegalStateException(
                    "OpenApiConfiguration.ERRORS lists no error answers for operation " + operation.getOperationId());
        }
        for (String code : codes) {
            Content problem = new Content()
                    .addMediaType(
                            "application/problem+json",
                            new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM)));
            operation
                    .getResponses()
                    .addApiResponse(
                            code,
                            new ApiResponse().description(MEANINGS.get(code)).content(problem));
        }
        operation.getResponses().forEach((code, response) -> {
            if (response.getDescription() == null || response.getDescription().isBlank()) {
                response.setDescription("OK");
            }
        });
    }
}
