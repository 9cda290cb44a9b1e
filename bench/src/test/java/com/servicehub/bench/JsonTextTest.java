package com.servicehub.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class JsonTextTest {

    @Test
    void findsTheFirstStringValueOfAKey() {
        String login = "{\"accessToken\":\"a.b.c\",\"refreshToken\":\"r\",\"tokenType\":\"Bearer\",\"expiresIn\":900,"
                + "\"user\":{\"id\":\"3f1c\",\"phone\":\"+966500000003\",\"role\":\"admin\"}}";
        assertEquals("a.b.c", JsonText.string(login, "accessToken"));
        assertEquals("3f1c", JsonText.string(login, "id"));
        assertNull(JsonText.string(login, "expiresIn"), "not a string");
        assertNull(JsonText.string(login, "missing"));
    }

    @Test
    void skipsKeysThatAreValuesAndUnescapes() {
        assertEquals("x\"y", JsonText.string("{\"a\":\"id\", \"id\" : \"x\\\"y\"}", "id"));
        assertEquals("{\"n\":\"a\\\"b\\\\c\\n\"}", "{\"n\":" + JsonText.quote("a\"b\\c\n") + "}");
    }
}
