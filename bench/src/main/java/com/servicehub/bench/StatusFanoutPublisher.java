package com.servicehub.bench;

import java.nio.charset.StandardCharsets;

/**
 * Fan-out events: raw PUBLISH on {@code booking:status} with {@code userId} = a room's user, so
 * the service pushes a {@code status_update} to every connection in {@code user:<userId>}. Rooms
 * take turns, spreading events evenly. The publish time rides in {@code bookingId}
 * ({@link SendStamp}); the booking does not exist and nobody is in its {@code booking:} room.
 */
final class StatusFanoutPublisher implements RateDriver.Publisher {

    static final byte[] CHANNEL = "booking:status".getBytes(StandardCharsets.US_ASCII);

    private final RedisPublisher redis;
    private final Fleet fleet;
    private final Deliveries deliveries;
    private final int runTag;
    private final byte[][] roomUsers;
    private final byte[] status;
    private final IsoClock clock = new IsoClock();
    private final ByteBuilder payload = new ByteBuilder(256);

    StatusFanoutPublisher(RedisPublisher redis, Fleet fleet, Deliveries deliveries, int runTag, String status) {
        this.redis = redis;
        this.fleet = fleet;
        this.deliveries = deliveries;
        this.runTag = runTag;
        this.status = status.getBytes(StandardCharsets.US_ASCII);
        Audience audience = fleet.audience();
        this.roomUsers = new byte[audience.rooms()][];
        for (int r = 0; r < roomUsers.length; r++) {
            roomUsers[r] = audience.roomUser(r).getBytes(StandardCharsets.US_ASCII);
        }
    }

    @Override
    public void publish(long seq) throws Exception {
        int room = (int) (seq % roomUsers.length);
        long at = deliveries.elapsed(System.nanoTime());
        payload.reset().ascii("{\"bookingId\":\"");
        SendStamp.appendBookingId(payload, runTag, at);
        payload.ascii("\",\"userId\":\"")
                .append(roomUsers[room])
                .ascii("\",\"status\":\"")
                .append(status)
                .ascii("\",\"timestamp\":\"")
                .append(clock.now())
                .ascii("\"}");
        deliveries.published(at, fleet.members(room));
        redis.publish(CHANNEL, payload.array(), payload.length());
    }

    @Override
    public void flush() throws Exception {
        redis.flush();
    }
}
