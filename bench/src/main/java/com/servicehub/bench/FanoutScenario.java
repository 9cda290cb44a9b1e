package com.servicehub.bench;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Fan-out: N connections in {@code user:<uuid>} rooms of K members (or one room of everyone),
 * events published raw on Redis {@code booking:status} with {@code userId} = the room's user,
 * spread round-robin over the rooms at stepped rates. Measures deliveries/s, publish-to-receive
 * latency and losses per step.
 */
final class FanoutScenario {

    private FanoutScenario() {}

    static LoadRun.Outcome run(RunSettings settings, boolean bigRoom) throws Exception {
        Options o = settings.options;
        int connections = o.integer("connections", bigRoom ? 5_000 : 10_000);
        int roomSize = Math.max(1, Math.min(connections, o.integer("room-size", bigRoom ? connections : 5)));
        List<Double> rates = o.decimals("rates", bigRoom ? "25000,50000,100000" : "20000,40000,60000");
        boolean ratesAreDeliveries = !"events".equals(o.string("rate-of", "deliveries"));
        Duration stepLength = o.duration("step-seconds", Duration.ofSeconds(15));
        Duration warmup = o.duration("warmup-seconds", Duration.ofSeconds(5));
        Duration drain = o.duration("drain-seconds", Duration.ofSeconds(5));
        double p99Target = o.decimal("p99-target-ms", bigRoom ? 200 : 50);
        URI redisUri = URI.create(o.string("redis-url", envOr("REDIS_URL", "redis://127.0.0.1:6379")));
        String status = o.string("status", "en_route");
        TokenMinter minter = settings.minter();
        o.rejectUnused();
        settings.checkDescriptors(connections);

        Audience audience = Audience.userRooms(connections, roomSize);
        double membersPerEvent = (double) connections / audience.rooms();
        List<Double> eventRates = new ArrayList<>();
        for (double rate : rates) {
            eventRates.add(ratesAreDeliveries ? rate / membersPerEvent : rate);
        }
        StepPlan plan = StepPlan.of(eventRates, stepLength, warmup);
        int runTag = new SecureRandom().nextInt();

        try (WsClient client = new WsClient(settings.threads);
                Fleet fleet = new Fleet(
                        client,
                        settings.wsUris,
                        audience,
                        minter,
                        settings.sources,
                        settings.errors,
                        settings.handshakeConcurrency);
                RedisPublisher redis = RedisPublisher.connect(redisUri)) {
            settings.log.printf(
                    "opening %d connections in %d rooms of %d...%n", connections, audience.rooms(), roomSize);
            RampResult ramp = fleet.open(connections, settings.rampTimeout);
            settings.log.println("ramp: " + ReportFormatter.rampLine(ramp));
            LoadRun.Outcome outcome = LoadRun.run(
                    fleet,
                    plan,
                    SendStamp.bookingIdProbe(runTag),
                    deliveries -> new StatusFanoutPublisher(redis, fleet, deliveries, runTag, status),
                    settings.errors,
                    drain,
                    settings.cpuMeter(),
                    settings.log);
            redis.awaitReplies(2_000);

            StringBuilder md = new StringBuilder();
            md.append("## ").append(settings.title).append("\n\n");
            md.append("- Layout: ")
                    .append(ReportFormatter.count(connections))
                    .append(" connections in ")
                    .append(ReportFormatter.count(audience.rooms()))
                    .append(bigRoom && audience.rooms() == 1 ? " room" : " rooms")
                    .append(" of ")
                    .append(ReportFormatter.count(roomSize))
                    .append(" (`user:<uuid>` rooms; the members of a room share one user id)\n");
            md.append("- Publish path: raw Redis `PUBLISH booking:status` on ")
                    .append(redisUri.getHost())
                    .append(':')
                    .append(redisUri.getPort() > 0 ? redisUri.getPort() : 6379)
                    .append(
                            " with `userId` = the room's user, rooms in turn; the publish time is encoded in `bookingId`\n");
            md.append(settings.clientLines(client, connections));
            md.append("- Ramp: ").append(ReportFormatter.rampLine(ramp)).append('\n');
            md.append("- Steps: ")
                    .append(ReportFormatter.seconds(stepLength))
                    .append(" s each")
                    .append(warmup.isZero() ? "" : " after a " + ReportFormatter.seconds(warmup) + " s warm-up")
                    .append("; rates given as ")
                    .append(ratesAreDeliveries ? "deliveries/s" : "events/s")
                    .append("\n\n");
            md.append(ReportFormatter.stepTable(outcome.steps(), p99Target)).append('\n');
            md.append(outcome.cpuTable()).append('\n');
            md.append(notes(settings, fleet, outcome, redis)).append('\n');
            settings.report.write(md.toString());
            return outcome;
        }
    }

    /** Everything a reader needs to trust or distrust the table. */
    static String notes(RunSettings settings, Fleet fleet, LoadRun.Outcome outcome, RedisPublisher redis) {
        StringBuilder notes = new StringBuilder();
        notes.append("- Errors: ").append(settings.errors.summary()).append('\n');
        if (fleet.droppedAfterUpgrade() > 0) {
            notes.append("- Connections lost during the run: ")
                    .append(fleet.droppedAfterUpgrade())
                    .append('\n');
        }
        if (outcome.deliveries().unmatchedCount() > 0) {
            notes.append("- Pushed frames not from this run (or undecodable): ")
                    .append(outcome.deliveries().unmatchedCount())
                    .append('\n');
        }
        if (fleet.otherRoomPushes() > 0) {
            notes.append("- Pushed frames through rooms the connection did not join (ignored): ")
                    .append(fleet.otherRoomPushes())
                    .append('\n');
        }
        if (fleet.earlyPushes() > 0) {
            notes.append("- Pushed frames before the run started: ")
                    .append(fleet.earlyPushes())
                    .append('\n');
        }
        if (redis != null) {
            notes.append(String.format(
                    Locale.ROOT,
                    "- Redis: %d PUBLISH, %d answered, %.2f subscribers per message",
                    redis.sent(),
                    redis.replies(),
                    redis.listenersPerPublish()));
            if (redis.unheard() > 0) {
                notes.append("; **")
                        .append(redis.unheard())
                        .append(
                                " reached no subscriber** (is the server running with REDIS_URL pointing at this Redis?)");
            }
            if (redis.errorReplies() > 0) {
                notes.append("; ")
                        .append(redis.errorReplies())
                        .append(" errors, last: ")
                        .append(redis.lastError());
            }
            notes.append('\n');
        }
        return notes.toString();
    }

    static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isEmpty() ? fallback : value;
    }
}
