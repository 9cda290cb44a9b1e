package com.servicehub.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

class SendStampTest {

    private static ByteBuf frame(String json) {
        return Unpooled.copiedBuffer(json, StandardCharsets.UTF_8);
    }

    @Test
    void bookingIdIsAUuidCarryingRunTagAndTime() {
        long elapsed = 123_456_789_012L;
        String id = SendStamp.bookingId(0xCAFEBABE, elapsed);

        assertEquals("cafebabe-0000-4000-8000-001cbe991a14", id);
        assertEquals(id, UUID.fromString(id).toString());
        ByteBuf f = frame("{\"type\":\"status_update\",\"bookingId\":\"" + id
                + "\",\"status\":\"en_route\",\"room\":\"user:x\"}");
        assertEquals(elapsed, SendStamp.fromBookingId(f, 0xCAFEBABE));
        assertEquals(-1, SendStamp.fromBookingId(f, 0x12345678), "another run's event");
        assertEquals(elapsed, SendStamp.bookingIdProbe(0xCAFEBABE).publishedAt(f, FrameType.of(f)));
    }

    @Test
    void bookingIdStampToleratesSpacesAndFieldOrder() {
        String id = SendStamp.bookingId(7, 42);
        ByteBuf f = frame("{ \"room\" : \"user:1\", \"status\":\"arrived\" , \"bookingId\" :  \"" + id
                + "\" , \"type\" : \"status_update\" }");
        assertEquals(FrameType.STATUS_UPDATE, FrameType.of(f));
        assertEquals(42, SendStamp.fromBookingId(f, 7));
    }

    @Test
    void coordinatesCarryTheTimeInMicroseconds() {
        long elapsed = 83_000_123_456_789L;
        ByteBuilder out = new ByteBuilder(8).append((byte) '{');
        SendStamp.appendCoordinates(out, elapsed);
        String location = out.append((byte) '}').toString();

        assertEquals("{\"latitude\":1.083000,\"longitude\":1.123456}", location);
        ByteBuf f = frame("{\"type\":\"location_update\",\"bookingId\":\"b\",\"location\":" + location
                + ",\"room\":\"booking:b\"}");
        assertEquals(83_000_123_456_000L, SendStamp.locationProbe().publishedAt(f, FrameType.of(f)));
    }

    @Test
    void coordinatesSurviveADoubleRoundTrip() {
        // How Jackson writes the doubles back: shortest form, trailing zeros dropped, maybe noise past 6 digits.
        ByteBuf f =
                frame("{\"type\":\"location_update\",\"location\":{\"latitude\":1.08,\"longitude\":1.0000019999999}}");
        assertEquals((80_000L * 1_000_000 + 2) * 1000, SendStamp.fromCoordinates(f));
        ByteBuf whole = frame("{\"location\":{\"latitude\":1.0,\"longitude\":1}}");
        assertEquals(0, SendStamp.fromCoordinates(whole));
    }

    @Test
    void recognisesFrameTypes() {
        assertEquals(FrameType.CONNECTED, FrameType.of(frame("{\"type\":\"connected\",\"userId\":\"u\"}")));
        assertEquals(
                FrameType.JOINED_ROOM,
                FrameType.of(frame("{\"type\":\"joined_room\",\"room\":\"user:u\",\"offset\":0}")));
        assertEquals(FrameType.ERROR, FrameType.of(frame("{\"type\":\"error\",\"code\":\"FORBIDDEN\"}")));
        assertEquals(
                FrameType.MESSAGE, FrameType.of(frame("{\"type\":\"message\",\"message\":{\"message\":\"type\"}}")));
        assertEquals(FrameType.OTHER, FrameType.of(frame("{\"type\":\"status_updated\"}")));
        assertEquals(FrameType.OTHER, FrameType.of(frame("{\"kind\":\"type\"}")));
        assertEquals(FrameType.OTHER, FrameType.of(frame("not json")));
    }

    @Test
    void readsStringFieldsForRareFrames() {
        ByteBuf f = frame("{\"type\":\"error\",\"code\":\"RATE_LIMITED\",\"message\":\"slow down\"}");
        assertEquals("RATE_LIMITED", FrameScan.string(f, FrameScan.key("code")));
        assertEquals(null, FrameScan.string(f, FrameScan.key("room")));
    }

    @Test
    void statusLedgerMatchesBookingAndStatus() {
        StatusChangeLedger ledger = new StatusChangeLedger();
        ledger.started("b-1", "arrived", 777);
        ByteBuf hit = frame(
                "{\"type\":\"status_update\",\"bookingId\":\"b-1\",\"status\":\"arrived\",\"room\":\"booking:b-1\"}");
        ByteBuf miss = frame(
                "{\"type\":\"status_update\",\"bookingId\":\"b-1\",\"status\":\"assigned\",\"room\":\"booking:b-1\"}");
        assertEquals(777, ledger.publishedAt(hit, FrameType.of(hit)));
        assertEquals(-1, ledger.publishedAt(miss, FrameType.of(miss)));
    }
}
