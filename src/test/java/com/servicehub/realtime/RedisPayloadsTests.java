package com.servicehub.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The JSON on the Redis channels (CONTRACT §4) and in the rooms' histories, both ways. */
class RedisPayloadsTests {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final RedisPayloads PAYLOADS = new RedisPayloads(JSON);
    static final Instant AT = Instant.parse("2024-10-02T19:00:00.123Z");
    static final UUID BOOKING = UUID.fromString("0f8fad5b-d9cb-469f-a165-70867728950e");
    static final UUID CUSTOMER = UUID.fromString("7c9e6679-7425-40de-944b-e07fc1f90ae7");

    static final RoomEvent STATUS = new RoomEvent.StatusChanged(BOOKING, CUSTOMER, "en_route", AT);
    static final RoomEvent MESSAGE = new RoomEvent.MessagePosted(
            BOOKING, CUSTOMER, UUID.randomUUID(), UUID.randomUUID(), "Hello, how can I help?", AT, AT);
    static final RoomEvent LOCATION = new RoomEvent.LocationReported(BOOKING, 24.7136, 46.6753, AT);

    static JsonNode tree(String json) {
        return JSON.readTree(json);
    }

    @Test
    void aStatusChangeIsTheContractsPayload() {
        JsonNode node = tree(PAYLOADS.encode(STATUS, "node-a", null, null));
        assertThat(node.propertyNames()).containsExactly("bookingId", "userId", "status", "timestamp", "origin");
        assertThat(node.get("bookingId").asString()).isEqualTo(BOOKING.toString());
        assertThat(node.get("userId").asString()).isEqualTo(CUSTOMER.toString());
        assertThat(node.get("timestamp").asString()).isEqualTo("2024-10-02T19:00:00.123Z");
        assertThat(node.get("origin").asString()).isEqualTo("node-a");
    }

    @Test
    void aMessageIsTheContractsPayloadWithTheCreatorForItsUserRoom() {
        JsonNode node = tree(PAYLOADS.encode(MESSAGE, "node-a", null, null));
        assertThat(node.propertyNames())
                .contains("ticketId", "senderId", "message", "timestamp", "origin", "creatorId");
        assertThat(node.get("message").propertyNames()).containsExactly("id", "message", "createdAt");
    }

    @Test
    void aLocationIsTheContractsPayload() {
        JsonNode node = tree(PAYLOADS.encode(LOCATION, "node-a", null, null));
        assertThat(node.propertyNames()).containsExactly("bookingId", "location", "timestamp", "origin");
        assertThat(node.get("location").get("latitude").asDouble()).isEqualTo(24.7136);
    }

    @Test
    void positionsTravelPerRoomAndComeBack() {
        String payload = PAYLOADS.encode(
                STATUS,
                "node-a",
                Map.of("booking:" + BOOKING, 4L, "user:" + CUSTOMER, 9L),
                Map.of("booking:" + BOOKING, "e1", "user:" + CUSTOMER, "e2"));
        RedisPayloads.Received received =
                PAYLOADS.decode(RedisPayloads.BOOKING_STATUS, payload).orElseThrow();
        assertThat(received.event()).isEqualTo(STATUS);
        assertThat(received.origin()).isEqualTo("node-a");
        assertThat(received.offsets()).containsEntry("user:" + CUSTOMER, 9L);
        assertThat(received.epochs()).containsEntry("booking:" + BOOKING, "e1");
    }

    @Test
    void theOutboxPublicationTravelsSoANodeCanTellOneItDeliveredAlready() {
        java.util.UUID publication = java.util.UUID.randomUUID();
        String payload = PAYLOADS.encode(
                STATUS, "node-a", Map.of("user:" + CUSTOMER, 1L), Map.of("user:" + CUSTOMER, "e1"), publication);
        assertThat(PAYLOADS.decode(RedisPayloads.BOOKING_STATUS, payload)
                        .orElseThrow()
                        .publication())
                .isEqualTo(publication);
        assertThat(PAYLOADS.decode(RedisPayloads.BOOKING_STATUS, PAYLOADS.encode(STATUS, "node-a", null, null))
                        .orElseThrow()
                        .publication())
                .isNull();
        String odd = payload.replace(publication.toString(), "not-a-uuid");
        assertThat(PAYLOADS.decode(RedisPayloads.BOOKING_STATUS, odd)
                        .orElseThrow()
                        .publication())
                .as("a bad id only costs the check, not the event")
                .isNull();
    }

    @Test
    void anotherServicesPayloadIsDeliveredLive() {
        String foreign = "{\"bookingId\":\"" + BOOKING + "\",\"userId\":\"" + CUSTOMER
                + "\",\"status\":\"arrived\",\"timestamp\":\"2024-10-02T19:00:00.000Z\"}";
        RedisPayloads.Received received =
                PAYLOADS.decode(RedisPayloads.BOOKING_STATUS, foreign).orElseThrow();
        assertThat(received.origin()).isNull();
        assertThat(received.offsets()).isEmpty();
        assertThat(received.event().rooms()).containsExactly("booking:" + BOOKING, "user:" + CUSTOMER);
    }

    @Test
    void fieldsNobodyReadsAreSkippedWhateverTheirShape() {
        String foreign = "{\"extra\":{\"deep\":[1,{\"x\":null}]},\"ticketId\":7,\"bookingId\":\"" + BOOKING
                + "\",\"userId\":null,\"status\":\"arrived\",\"offsets\":{\"a\":1.5,\"b\":[2],\"c\":3},"
                + "\"epochs\":{\"c\":\"e\",\"d\":4},\"timestamp\":\"2024-10-02T19:00:00.000Z\"}";
        RedisPayloads.Received received =
                PAYLOADS.decode(RedisPayloads.BOOKING_STATUS, foreign).orElseThrow();
        assertThat(received.event())
                .isEqualTo(new RoomEvent.StatusChanged(
                        BOOKING, null, "arrived", Instant.parse("2024-10-02T19:00:00.000Z")));
        assertThat(received.offsets()).containsExactly(java.util.Map.entry("c", 3L));
        assertThat(received.epochs()).containsExactly(java.util.Map.entry("c", "e"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"bookingId\":\"0f8fad5b-d9cb-469f-a165-70867728950e\",\"userId\":5,\"status\":\"arrived\"}",
                "{\"bookingId\":\"0f8fad5b-d9cb-469f-a165-70867728950e\",\"status\":[\"arrived\"]}",
                "{\"bookingId\":{\"id\":\"0f8fad5b-d9cb-469f-a165-70867728950e\"},\"status\":\"arrived\"}",
                "[{\"bookingId\":\"0f8fad5b-d9cb-469f-a165-70867728950e\",\"status\":\"arrived\"}]",
                "{\"bookingId\":\"0f8fad5b-d9cb-469f-a165-70867728950e\",\"status\":\"arrived\"",
                "{\"bookingId\":\"0f8fad5b-d9cb-469f-a165-70867728950e\",\"status\":\"arrived\",\"timestamp\":\"soon\"}"
            })
    void aStatusPayloadWithAFieldOfTheWrongShapeIsRefused(String payload) {
        assertThat(PAYLOADS.decode(RedisPayloads.BOOKING_STATUS, payload)).isEmpty();
    }

    @Test
    void aMessageWithoutItsCreatorGoesToTheTicketsRoomOnly() {
        String foreign = "{\"ticketId\":\"" + BOOKING + "\",\"senderId\":\"" + CUSTOMER + "\",\"message\":{\"id\":\""
                + UUID.randomUUID() + "\",\"message\":\"hi\",\"createdAt\":\"2024-10-02T19:00:00.000Z\"},"
                + "\"timestamp\":\"2024-10-02T19:00:00.000Z\"}";
        RoomEvent event = PAYLOADS.decode(RedisPayloads.SUPPORT_MESSAGE, foreign)
                .orElseThrow()
                .event();
        assertThat(event.rooms()).containsExactly("support:" + BOOKING);
    }

    @Test
    void everyEventKeptInAHistoryReadsBackAsItWas() {
        for (RoomEvent event : new RoomEvent[] {STATUS, MESSAGE, LOCATION}) {
            String stored = PAYLOADS.encodeStored(event);
            assertThat(stored).startsWith(RedisPayloads.channelOf(event) + " {");
            assertThat(stored).doesNotContain("origin");
            assertThat(PAYLOADS.decodeStored(stored)).contains(event);
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "booking:status",
                "booking:status not json",
                "booking:status []",
                "booking:status {}",
                "nowhere {\"bookingId\":\"x\"}",
                "technician:location {\"bookingId\":\"0f8fad5b-d9cb-469f-a165-70867728950e\"}",
                "technician:location {\"bookingId\":\"0f8fad5b-d9cb-469f-a165-70867728950e\",\"location\":{\"latitude\":\"1\",\"longitude\":2}}",
                "booking:status {\"bookingId\":\"not-a-uuid\",\"status\":\"en_route\"}",
                "support:message {\"ticketId\":\"0f8fad5b-d9cb-469f-a165-70867728950e\",\"message\":\"flat\"}"
            })
    void whatCannotBeReadIsLeftOutNeverGuessed(String stored) {
        assertThat(PAYLOADS.decodeStored(stored)).isEmpty();
    }

    @Test
    void typingAndRevocationsRoundTrip() {
        ServerFrame.Typing typing = new ServerFrame.Typing("support:" + BOOKING, CUSTOMER, true, AT);
        RedisPayloads.TypingReceived received =
                PAYLOADS.decodeTyping(PAYLOADS.encodeTyping(typing, "node-a")).orElseThrow();
        assertThat(received.typing()).isEqualTo(typing);
        assertThat(received.origin()).isEqualTo("node-a");

        RedisPayloads.RevocationReceived revoked = PAYLOADS.decodeRevocation(
                        PAYLOADS.encodeRevocation("booking:" + BOOKING, CUSTOMER, "node-b"))
                .orElseThrow();
        assertThat(revoked).isEqualTo(new RedisPayloads.RevocationReceived("booking:" + BOOKING, CUSTOMER, "node-b"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "[]",
                "5",
                "{\"room\":\"r\"}",
                "{\"room\":\"r\",\"userId\":\"x\",\"isTyping\":true}",
                "{\"room\":1,\"userId\":\"7c9e6679-7425-40de-944b-e07fc1f90ae7\",\"isTyping\":true}",
                "{\"room\":\"r\",\"userId\":\"7c9e6679-7425-40de-944b-e07fc1f90ae7\",\"isTyping\":\"yes\"}"
            })
    void malformedTypingIsIgnored(String payload) {
        assertThat(PAYLOADS.decodeTyping(payload)).isEmpty();
    }
}
