package com.servicehub.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import tools.jackson.databind.json.JsonMapper;

/** Decoding what clients send (CONTRACT §3): every frame type, and every way to get one wrong. */
class ClientFrameTests {

    static final JsonMapper JSON = JsonMapper.builder().build();

    static ClientFrame decode(String text) {
        return ClientFrame.decode(text, JSON);
    }

    static ClientFrame.Invalid invalid(String text) {
        ClientFrame frame = decode(text);
        assertThat(frame).as(text).isInstanceOf(ClientFrame.Invalid.class);
        return (ClientFrame.Invalid) frame;
    }

    @Test
    void eachFrameTypeDecodes() {
        assertThat(decode("{\"type\":\"join\",\"room\":\"booking:x\"}"))
                .isEqualTo(new ClientFrame.Join("booking:x", null));
        assertThat(decode("{\"type\":\"join\",\"room\":\"r\",\"since\":{\"offset\":41,\"epoch\":\"e1\"}}"))
                .isEqualTo(new ClientFrame.Join("r", new ClientFrame.Since(41, "e1")));
        assertThat(decode("{\"type\":\"join\",\"room\":\"r\",\"since\":null}"))
                .isEqualTo(new ClientFrame.Join("r", null));
        assertThat(decode("{\"type\":\"leave\",\"room\":\"r\"}")).isEqualTo(new ClientFrame.Leave("r"));
        assertThat(decode("{\"type\":\"typing\",\"room\":\"r\",\"data\":{\"isTyping\":false}}"))
                .isEqualTo(new ClientFrame.Typing("r", false));
        assertThat(decode("{\"type\":\"ping\"}")).isEqualTo(new ClientFrame.Ping());
        assertThat(decode("{\"type\":\"auth\",\"token\":\"abc\"}")).isEqualTo(new ClientFrame.Auth("abc"));
    }

    @Test
    void unknownFieldsAreIgnored() {
        assertThat(decode("{\"type\":\"ping\",\"extra\":[1,2,{}],\"id\":7}")).isEqualTo(new ClientFrame.Ping());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "   ",
                "not json",
                "{",
                "{\"type\":\"ping\"",
                "[]",
                "[{\"type\":\"ping\"}]",
                "42",
                "\"ping\"",
                "null",
                "true",
                "{}",
                "{\"type\":null}",
                "{\"type\":1}",
                "{\"type\":[\"join\"]}",
                "{\"type\":{}}"
            })
    void whatIsNotAnObjectWithAStringTypeIsInvalidMessage(String text) {
        ClientFrame.Invalid frame = invalid(text);
        assertThat(frame.code()).isEqualTo(ErrorCode.INVALID_MESSAGE);
        assertThat(frame.room()).isNull();
    }

    @Test
    void anUnknownTypeIsUnknownTypeWithItsNameCutShort() {
        ClientFrame.Invalid frame = invalid("{\"type\":\"" + "x".repeat(5_000) + "\"}");
        assertThat(frame.code()).isEqualTo(ErrorCode.UNKNOWN_TYPE);
        assertThat(frame.message()).hasSizeLessThan(100);
        assertThat(invalid("{\"type\":\"JOIN\",\"room\":\"r\"}").code()).isEqualTo(ErrorCode.UNKNOWN_TYPE);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"type\":\"join\"}",
                "{\"type\":\"join\",\"room\":null}",
                "{\"type\":\"join\",\"room\":5}",
                "{\"type\":\"join\",\"room\":[\"r\"]}",
                "{\"type\":\"leave\"}",
                "{\"type\":\"leave\",\"room\":{}}",
                "{\"type\":\"typing\",\"data\":{\"isTyping\":true}}"
            })
    void aRoomThatIsNotAStringIsInvalidMessage(String text) {
        ClientFrame.Invalid frame = invalid(text);
        assertThat(frame.code()).isEqualTo(ErrorCode.INVALID_MESSAGE);
        assertThat(frame.room()).isNull();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "\"since\":5",
                "\"since\":\"41\"",
                "\"since\":{}",
                "\"since\":{\"offset\":41}",
                "\"since\":{\"epoch\":\"e\"}",
                "\"since\":{\"offset\":-1,\"epoch\":\"e\"}",
                "\"since\":{\"offset\":1.5,\"epoch\":\"e\"}",
                "\"since\":{\"offset\":\"1\",\"epoch\":\"e\"}",
                "\"since\":{\"offset\":1,\"epoch\":2}",
                "\"since\":{\"offset\":1,\"epoch\":null}",
                "\"since\":{\"offset\":99999999999999999999999,\"epoch\":\"e\"}",
                "\"since\":{\"offset\":1e3,\"epoch\":\"e\"}",
                "\"since\":[1,\"e\"]"
            })
    void aMalformedSinceIsInvalidMessageNamingTheRoom(String since) {
        ClientFrame.Invalid frame = invalid("{\"type\":\"join\",\"room\":\"booking:r\"," + since + "}");
        assertThat(frame.code()).isEqualTo(ErrorCode.INVALID_MESSAGE);
        assertThat(frame.room()).isEqualTo("booking:r");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                ",\"data\":null",
                ",\"data\":true",
                ",\"data\":{}",
                ",\"data\":{\"isTyping\":\"true\"}",
                ",\"data\":{\"isTyping\":1}",
                ",\"isTyping\":true"
            })
    void typingNeedsABooleanIsTyping(String data) {
        ClientFrame.Invalid frame = invalid("{\"type\":\"typing\",\"room\":\"support:r\"" + data + "}");
        assertThat(frame.code()).isEqualTo(ErrorCode.INVALID_MESSAGE);
        assertThat(frame.room()).isEqualTo("support:r");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"{\"type\":\"auth\"}", "{\"type\":\"auth\",\"token\":null}", "{\"type\":\"auth\",\"token\":1}"})
    void authNeedsAStringToken(String text) {
        assertThat(invalid(text).code()).isEqualTo(ErrorCode.INVALID_MESSAGE);
    }

    @Test
    void roomNamesAreTakenAsSentAndCheckedLater() {
        assertThat(decode("{\"type\":\"join\",\"room\":\"booking:\\u0000\"}"))
                .isEqualTo(new ClientFrame.Join("booking:\u0000", null));
        assertThat(decode("{\"type\":\"join\",\"room\":\"\"}")).isEqualTo(new ClientFrame.Join("", null));
    }

    @Test
    void deeplyNestedJsonIsRefusedWithoutHarm() {
        String nested = "{\"type\":\"ping\",\"x\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
        assertThat(decode(nested)).isInstanceOf(ClientFrame.Invalid.class);
    }
}
