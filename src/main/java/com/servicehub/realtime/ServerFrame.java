package com.servicehub.realtime;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;

/**
 * What the server sends (CONTRACT §3). The {@code type} names are explicit so that renaming a
 * record can never change the wire. Fields that do not apply are left out, never sent as null.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(ServerFrame.Connected.class), @JsonSubTypes.Type(ServerFrame.JoinedRoom.class),
    @JsonSubTypes.Type(ServerFrame.LeftRoom.class), @JsonSubTypes.Type(ServerFrame.Pong.class),
    @JsonSubTypes.Type(ServerFrame.Authenticated.class), @JsonSubTypes.Type(ServerFrame.Error.class),
    @JsonSubTypes.Type(ServerFrame.Typing.class), @JsonSubTypes.Type(ServerFrame.StatusUpdate.class),
    @JsonSubTypes.Type(ServerFrame.Message.class), @JsonSubTypes.Type(ServerFrame.LocationUpdate.class),
    @JsonSubTypes.Type(ServerFrame.TicketStatus.class)
})
@JsonInclude(JsonInclude.Include.NON_NULL)
sealed interface ServerFrame {

    @JsonTypeName("connected")
    record Connected(UUID userId, Instant timestamp) implements ServerFrame {}

    @JsonTypeName("joined_room")
    @JsonPropertyOrder({"room", "recovered", "offset", "epoch", "timestamp"})
    record JoinedRoom(String room, Boolean recovered, Long offset, String epoch, Instant timestamp)
            implements ServerFrame {}

    @JsonTypeName("left_room")
    record LeftRoom(String room, String reason, Instant timestamp) implements ServerFrame {}

    @JsonTypeName("pong")
    record Pong(Instant timestamp) implements ServerFrame {}

    @JsonTypeName("authenticated")
    record Authenticated(Instant expiresAt, Instant timestamp) implements ServerFrame {}

    @JsonTypeName("error")
    record Error(ErrorCode code, String message, String room, Instant timestamp) implements ServerFrame {}

    @JsonTypeName("typing")
    @JsonPropertyOrder({"room", "userId", "isTyping", "timestamp"})
    record Typing(
            String room,
            UUID userId,
            @JsonProperty("isTyping") boolean isTyping,
            Instant timestamp) implements ServerFrame {}

    @JsonTypeName("status_update")
    @JsonPropertyOrder({"bookingId", "status", "timestamp", "room", "offset", "epoch"})
    record StatusUpdate(UUID bookingId, String status, Instant timestamp, String room, Long offset, String epoch)
            implements ServerFrame {}

    @JsonTypeName("message")
    @JsonPropertyOrder({"ticketId", "senderId", "message", "timestamp", "room", "offset", "epoch"})
    record Message(
            UUID ticketId, UUID senderId, Body message, Instant timestamp, String room, Long offset, String epoch)
            implements ServerFrame {

        record Body(UUID id, String message, Instant createdAt) {}
    }

    @JsonTypeName("location_update")
    @JsonPropertyOrder({"bookingId", "location", "timestamp", "room", "offset", "epoch"})
    record LocationUpdate(UUID bookingId, Location location, Instant timestamp, String room, Long offset, String epoch)
            implements ServerFrame {}

    record Location(double latitude, double longitude) {}

    @JsonTypeName("ticket_status")
    @JsonPropertyOrder({"ticketId", "status", "changedBy", "timestamp", "room", "offset", "epoch"})
    record TicketStatus(
            UUID ticketId, String status, UUID changedBy, Instant timestamp, String room, Long offset, String epoch)
            implements ServerFrame {}
}
