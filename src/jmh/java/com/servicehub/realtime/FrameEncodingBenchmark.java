package com.servicehub.realtime;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import com.servicehub.system.BenchmarkJsonMapper;
import com.servicehub.system.Timestamps;

/**
 * Encoding one server frame, as a broker does once per event and room before the fan-out
 * ({@link FrameEncoder#encodeBytes}): a booking's status update and a support message with a
 * 200-character text, both with the history's room, offset and epoch.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class FrameEncodingBenchmark {

    private static final Instant AT = Instant.parse("2024-10-02T19:00:00.123Z");

    private FrameEncoder encoder;
    private ServerFrame.StatusUpdate status;
    private ServerFrame.Message message;

    @Setup
    public void setUp() {
        encoder = new FrameEncoder(BenchmarkJsonMapper.create());
        UUID bookingId = UUID.fromString("6f1c1a8e-3d0b-4c57-9d8e-2b7a4f3e9c01");
        UUID ticketId = UUID.fromString("0b8d7c6e-5f4a-4b3c-8d2e-1f0a9b8c7d6e");
        status =
                new ServerFrame.StatusUpdate(bookingId, "en_route", AT, RoomName.booking(bookingId), 42L, "3f2a9c1b-1");
        message = new ServerFrame.Message(
                ticketId,
                UUID.fromString("9a8b7c6d-5e4f-4a3b-9c2d-1e0f2a3b4c5d"),
                new ServerFrame.Message.Body(UUID.fromString("1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"), text(200), AT),
                AT,
                RoomName.support(ticketId),
                7L,
                "3f2a9c1b-1");
        // The contract's timestamp format proves the service's module is in place.
        String encoded = new String(encoder.encodeBytes(status), StandardCharsets.UTF_8);
        if (!encoded.contains("\"timestamp\":\"2024-10-02T19:00:00.123Z\"")
                || !encoded.startsWith("{\"type\":\"status_update\"")) {
            throw new IllegalStateException("Unexpected encoding: " + encoded);
        }
    }

    @Benchmark
    public byte[] statusUpdate() {
        return encoder.encodeBytes(status);
    }

    @Benchmark
    public byte[] message200Chars() {
        return encoder.encodeBytes(message);
    }

    /** One contract timestamp, as the service's Instant serializer writes it; a frame has one or two. */
    @Benchmark
    public String contractTimestamp() {
        return Timestamps.format(AT);
    }

    static String text(int length) {
        String words =
                "The technician is on the way and will arrive in about twenty minutes; please keep the gate open. ";
        StringBuilder text = new StringBuilder(length);
        while (text.length() < length) {
            text.append(words);
        }
        return text.substring(0, length);
    }
}
