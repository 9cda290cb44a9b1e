package com.servicehub.bench;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Location events published raw on {@code technician:location} (CONTRACT §4, without
 * {@code origin}) for real bookings, whose {@code booking:<id>} rooms the subscribers joined.
 * The publish time rides in the coordinates ({@link SendStamp}).
 */
final class LocationFanoutPublisher implements RateDriver.Publisher {

    static final byte[] CHANNEL = "technician:location".getBytes(StandardCharsets.US_ASCII);

    private final RedisPublisher redis;
    private final Fleet fleet;
    private final Deliveries deliveries;
    private final byte[][] bookingIds;
    private final IsoClock clock = new IsoClock();
    private final ByteBuilder payload = new ByteBuilder(256);

    LocationFanoutPublisher(RedisPublisher redis, Fleet fleet, Deliveries deliveries, List<BookingRef> bookings) {
        this.redis = redis;
        this.fleet = fleet;
        this.deliveries = deliveries;
        this.bookingIds = new byte[bookings.size()][];
        for (int b = 0; b < bookingIds.length; b++) {
            bookingIds[b] = bookings.get(b).id().getBytes(StandardCharsets.US_ASCII);
        }
    }

    @Override
    public void publish(long seq) throws Exception {
        int room = (int) (seq % bookingIds.length);
        long at = deliveries.elapsed(System.nanoTime());
        payload.reset().ascii("{\"bookingId\":\"").append(bookingIds[room]).ascii("\",\"location\":{");
        SendStamp.appendCoordinates(payload, at);
        payload.ascii("},\"timestamp\":\"").append(clock.now()).ascii("\"}");
        deliveries.published(at, fleet.members(room));
        redis.publish(CHANNEL, payload.array(), payload.length());
    }

    @Override
    public void flush() throws Exception {
        redis.flush();
    }
}
