package com.servicehub.system;

import static com.servicehub.TestApi.body;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.servicehub.IntegrationTest;
import com.servicehub.TestApi;
import com.servicehub.TestUsers.Session;
import com.servicehub.realtime.TestSocket;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * docs/asyncapi.yaml describes what the server really sends: frames from a real WebSocket, for
 * every server message type an app meets in a session, each validated against the payload
 * schema of its message (JSON Schema 2020-12), and the spec's own rules (distinct message names,
 * a {@code wss} server, {@code required} on every payload) hold.
 */
class AsyncApiFrameTests extends IntegrationTest {

    static JsonNode spec;
    static final Map<String, Schema> SCHEMAS_BY_TYPE = new HashMap<>();

    @BeforeAll
    static void loadSchemas() {
        spec = YAMLMapper.builder()
                .build()
                .readTree(Path.of("docs/asyncapi.yaml").toFile());
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
        List<String> serverMessages = new ArrayList<>();
        spec.at("/operations/receiveServerFrames/messages")
                .forEach(ref -> serverMessages.add(ref.get("$ref").asString().replaceAll(".*/", "")));
        for (String message : serverMessages) {
            ObjectNode payload = (ObjectNode)
                    spec.at("/components/messages/" + message + "/payload").deepCopy();
            // The payload's $refs point into the document (#/components/schemas/...): carry that part along.
            payload.set("components", spec.get("components"));
            String type = payload.at("/properties/type/const").asString();
            SCHEMAS_BY_TYPE.put(type, registry.getSchema(payload));
        }
    }

    @Test
    void framesTheServerSendsMatchTheirSchemas() {
        Session customer = users.customer();
        Session admin = users.admin();
        java.util.UUID booking = book(customer);
        String ticket = api.post(
                        "/api/v2/support/tickets",
                        customer.accessToken(),
                        body("subject", "Late", "message", "Where is he?"))
                .text("id");
        Session technician = users.technician();

        List<JsonNode> frames = new ArrayList<>();
        try (TestSocket socket = open(customer);
                TestSocket staff = open(admin)) {
            frames.add(socket.nextOfType("connected"));
            frames.add(staff.nextOfType("connected"));
            frames.add(socket.join("booking:" + booking));
            socket.send(Map.of("type", "join", "room", "support:" + ticket));
            frames.add(socket.nextOfType("joined_room"));
            frames.add(staff.join("support:" + ticket));
            socket.send(Map.of("type", "ping"));
            frames.add(socket.nextOfType("pong"));
            socket.send(Map.of("type", "auth", "token", customer.accessToken()));
            frames.add(socket.nextOfType("authenticated"));
            socket.send(Map.of("type", "join", "room", "not-a-room"));
            frames.add(socket.nextOfType("error"));
            socket.send(Map.of("type", "join", "room", "booking:" + java.util.UUID.randomUUID()));
            frames.add(socket.nextOfType("error"));
            socket.send("{\"type\":\"nonsense\"}");
            frames.add(socket.nextOfType("error"));

            assertThat(api.put(
                                    "/api/v2/bookings/" + booking + "/technician",
                                    admin.accessToken(),
                                    body("technicianId", technician.id().toString()))
                            .status())
                    .isEqualTo(200);
            frames.add(socket.nextOfType("status_update"));
            assertThat(api.patch(
                                    "/api/v2/bookings/" + booking + "/status",
                                    technician.accessToken(),
                                    body("status", "en_route"))
                            .status())
                    .isEqualTo(200);
            frames.add(socket.nextOfType("status_update"));
            assertThat(api.post(
                                    "/api/v2/bookings/" + booking + "/location",
                                    technician.accessToken(),
                                    body("latitude", 24.7136, "longitude", 46.6753))
                            .status())
                    .isEqualTo(202);
            frames.add(socket.nextOfType("location_update"));
            assertThat(api.post(
                                    "/api/v2/support/tickets/" + ticket + "/messages",
                                    admin.accessToken(),
                                    body("message", "On his way"))
                            .status())
                    .isEqualTo(201);
            frames.add(socket.nextOfType("message"));
            staff.send(Map.of("type", "typing", "room", "support:" + ticket, "data", Map.of("isTyping", true)));
            frames.add(socket.nextOfType("typing"));
            socket.send(Map.of("type", "leave", "room", "booking:" + booking));
            frames.add(socket.nextOfType("left_room"));
        }

        Set<String> types = new HashSet<>();
        for (JsonNode frame : frames) {
            String type = frame.get("type").asString();
            types.add(type);
            Schema schema = SCHEMAS_BY_TYPE.get(type);
            assertThat(schema).as("docs/asyncapi.yaml describes " + type).isNotNull();
            List<Error> errors = schema.validate(frame);
            assertThat(errors).as(frame + " against the " + type + " schema").isEmpty();
        }
        assertThat(types)
                .contains(
                        "connected",
                        "joined_room",
                        "left_room",
                        "pong",
                        "authenticated",
                        "error",
                        "status_update",
                        "message",
                        "location_update",
                        "typing");
    }

    @Test
    void theSchemasRefuseWhatTheContractRulesOut() {
        JsonNode missingRoom = TestApi.JSON.readTree("""
                {"type":"status_update","bookingId":"0b0e3c1e-7a39-4f43-9f35-4b1a3c1d2e3f","status":"en_route",
                 "timestamp":"2024-10-02T19:00:00.000Z"}""");
        JsonNode badStatus = TestApi.JSON.readTree("""
                {"type":"status_update","bookingId":"0b0e3c1e-7a39-4f43-9f35-4b1a3c1d2e3f","status":"teleported",
                 "timestamp":"2024-10-02T19:00:00.000Z","room":"booking:0b0e3c1e-7a39-4f43-9f35-4b1a3c1d2e3f"}""");
        JsonNode secondsOnly = TestApi.JSON.readTree("""
                {"type":"pong","timestamp":"2024-10-02T19:00:00Z"}""");

        assertThat(SCHEMAS_BY_TYPE.get("status_update").validate(missingRoom)).isNotEmpty();
        assertThat(SCHEMAS_BY_TYPE.get("status_update").validate(badStatus)).isNotEmpty();
        assertThat(SCHEMAS_BY_TYPE.get("pong").validate(secondsOnly)).isNotEmpty();
    }

    @Test
    void theSpecNamesEveryMessageOnceListsRequiredFieldsAndAWssServer() {
        List<String> names = new ArrayList<>();
        spec.get("components").get("messages").properties().forEach(message -> {
            names.add(message.getValue().get("name").asString());
            assertThat(message.getValue().at("/payload/required").isArray())
                    .as(message.getKey() + " has required")
                    .isTrue();
        });
        assertThat(names).doesNotHaveDuplicates();
        assertThat(spec.at("/servers/production/protocol").asString()).isEqualTo("wss");
        assertThat(spec.at("/info/x-close-codes").propertyNames()).contains("1001", "1003", "1008", "1009", "1013");
    }

    private java.util.UUID book(Session customer) {
        TestApi.Response created = api.post(
                "/api/v2/bookings",
                customer.accessToken(),
                body(
                        "serviceType",
                        "Plumbing",
                        "address",
                        "12 King Fahd Road",
                        "scheduledAt",
                        Instant.now().plus(1, ChronoUnit.DAYS).toString()));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return java.util.UUID.fromString(created.text("id"));
    }

    private TestSocket open(Session user) {
        return TestSocket.open(
                URI.create("ws://127.0.0.1:" + port + "/ws"),
                Map.of("Authorization", "Bearer " + user.accessToken()),
                List.of());
    }
}
