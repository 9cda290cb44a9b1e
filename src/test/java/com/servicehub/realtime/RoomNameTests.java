package com.servicehub.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class RoomNameTests {

    static final String ID = "0f8fad5b-d9cb-469f-a165-70867728950e";

    @ParameterizedTest
    @ValueSource(strings = {"booking", "support", "user"})
    void eachKindWithALowerCaseUuidIsARoom(String kind) {
        RoomName room = RoomName.parse(kind + ":" + ID).orElseThrow();
        assertThat(room.kind().prefix).isEqualTo(kind);
        assertThat(room.id()).isEqualTo(UUID.fromString(ID));
        assertThat(room.toString()).isEqualTo(kind + ":" + ID);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(
            strings = {
                "booking",
                "booking:",
                ":" + ID,
                "bookings:" + ID,
                "Booking:" + ID,
                "chat:" + ID,
                "booking:" + "0F8FAD5B-D9CB-469F-A165-70867728950E",
                "booking:0f8fad5b-d9cb-469f-a165-70867728950",
                "booking:0f8fad5b-d9cb-469f-a165-70867728950e0",
                "booking:0f8fad5bxd9cbx469fxa165x70867728950e",
                "booking: 0f8fad5b-d9cb-469f-a165-70867728950",
                "booking:" + ID + ":extra",
                "booking:booking:" + ID,
                "booking:\u0000f8fad5b-d9cb-469f-a165-70867728950e",
                "booking:0f8fad5b-d9cb-469f-a165-7086772895\u00e9"
            })
    void anythingElseIsNot(String name) {
        assertThat(RoomName.parse(name)).isEmpty();
    }

    @Test
    void theFactoriesNameRoomsAsTheParserReadsThem() {
        UUID id = UUID.randomUUID();
        assertThat(RoomName.parse(RoomName.booking(id))).contains(new RoomName(RoomName.Kind.BOOKING, id));
        assertThat(RoomName.parse(RoomName.support(id))).contains(new RoomName(RoomName.Kind.SUPPORT, id));
        assertThat(RoomName.parse(RoomName.user(id))).contains(new RoomName(RoomName.Kind.USER, id));
    }

    @Test
    void aRoomNameInALogLineCannotForgeLinesOrFloodIt() {
        assertThat(RoomName.forLog("booking:1\nINFO forged line\u0000"))
                .isEqualTo("booking:1\\u000aINFO forged line\\u0000");
        assertThat(RoomName.forLog("x".repeat(500))).hasSize(81).endsWith("…");
        assertThat(RoomName.forLog("user:abc")).isEqualTo("user:abc");
        assertThat(RoomName.forLog(null)).isEqualTo("null");
    }
}
