package com.servicehub.bench;

import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.List;

/**
 * Events of real bookings, received in {@code booking:<id>} rooms by connections of the
 * booking's customer:
 * <ul>
 *   <li>{@code rest-status}: the assigned technician PATCHes statuses; latency from the start of
 *       the call to the {@code status_update} frame;</li>
 *   <li>{@code rest-location}: the technician POSTs locations of an en-route booking;</li>
 *   <li>{@code redis-location}: locations published raw on Redis {@code technician:location}.</li>
 * </ul>
 * With {@code --api-url} on node A and {@code --ws-url} on node B, the REST modes measure delivery
 * across nodes through Redis; with both on one node, the single-node path at the same load.
 */
final class BookingScenario {

    enum Mode {
        REST_STATUS(
                "REST status changes → booking rooms",
                "PATCH /api/v2/bookings/{id}/status by the assigned technician, "
                        + "each booking walked through en_route → arrived → in_progress → completed; latency from the call's start"),
        REST_LOCATION(
                "REST location reports → booking rooms",
                "POST /api/v2/bookings/{id}/location by the assigned technician "
                        + "(bookings en_route); the publish time is encoded in the coordinates"),
        REDIS_LOCATION(
                "Redis technician:location → booking rooms",
                "raw Redis `PUBLISH technician:location` "
                        + "(no `origin`) for real bookings; the publish time is encoded in the coordinates");

        final String title;
        final String path;

        Mode(String title, String path) {
            this.title = title;
            this.path = path;
        }
    }

    private BookingScenario() {}

    static LoadRun.Outcome run(RunSettings settings, Mode mode) throws Exception {
        Options o = settings.options;
        URI apiUri = URI.create(o.string("api-url", "http://127.0.0.1:5000"));
        List<Double> rates = o.decimals("rates", mode == Mode.REDIS_LOCATION ? "1000,2000,5000" : "50,100,200");
        Duration stepLength = o.duration("step-seconds", Duration.ofSeconds(15));
        Duration warmup = o.duration("warmup-seconds", Duration.ofSeconds(5));
        Duration drain = o.duration("drain-seconds", Duration.ofSeconds(5));
        double p99Target = o.decimal("p99-target-ms", mode == Mode.REDIS_LOCATION ? 50 : 20);
        int subscribers = o.integer("subscribers-per-booking", 1);
        String subscriberRole = o.string("subscriber-role", "admin");
        if (!subscriberRole.equals("admin") && !subscriberRole.equals(Audience.CUSTOMER)) {
            throw new Options.UsageException("--subscriber-role must be admin or customer");
        }
        int customers = o.integer("customers", 10);
        int technicians = o.integer("technicians", 4);
        int maxInFlight = o.integer("max-in-flight", 256);
        int setupConcurrency = o.integer("setup-concurrency", 8);
        String adminPhone = o.string("admin-phone", "+966500000003");
        String adminPassword = o.string("admin-password", "password123");
        String serviceType = o.string("service-type", "plumbing");
        String address = o.string("address", "King Fahd Road 1, Riyadh");
        StepPlan plan = StepPlan.of(rates, stepLength, warmup);
        int bookings = o.integer("bookings", defaultBookings(mode, plan, rates));
        URI redisUri = mode == Mode.REDIS_LOCATION
                ? URI.create(o.string("redis-url", FanoutScenario.envOr("REDIS_URL", "redis://127.0.0.1:6379")))
                : null;
        double crossNodeMargin = o.decimal("cross-node-margin-ms", 5);
        TokenMinter minter = settings.minter();
        o.rejectUnused();
        if (settings.wsUris.size() > subscribers) {
            throw new Options.UsageException("--subscribers-per-booking must be at least the number of --ws-url nodes ("
                    + settings.wsUris.size() + "), so that every booking room has a subscriber on each node");
        }
        settings.checkDescriptors(bookings * subscribers);

        RestApi api = new RestApi(apiUri);
        BookingFixture.Stage stage = switch (mode) {
            case REST_STATUS -> BookingFixture.Stage.ASSIGNED;
            case REST_LOCATION -> BookingFixture.Stage.EN_ROUTE;
            case REDIS_LOCATION -> BookingFixture.Stage.CREATED;
        };
        settings.log.printf("setting up %d bookings through %s...%n", bookings, api.base());
        BookingFixture.Setup setup = new BookingFixture(api, setupConcurrency, settings.log)
                .create(adminPhone, adminPassword, customers, technicians, bookings, stage, serviceType, address);
        settings.log.printf("setup took %.1f s%n", setup.seconds());

        Audience audience = Audience.bookingRooms(setup.bookings(), subscribers, subscriberRole);
        int connections = audience.connections();
        StatusChangeLedger ledger = new StatusChangeLedger();
        LatencyProbe probe = mode == Mode.REST_STATUS ? ledger : SendStamp.locationProbe();

        try (WsClient client = new WsClient(settings.threads);
                Fleet fleet = new Fleet(
                        client,
                        settings.wsUris,
                        audience,
                        minter,
                        settings.sources,
                        settings.errors,
                        settings.handshakeConcurrency);
                RedisPublisher redis = redisUri == null ? null : RedisPublisher.connect(redisUri)) {
            settings.log.printf("opening %d connections to %d booking rooms...%n", connections, audience.rooms());
            RampResult ramp = fleet.open(connections, settings.rampTimeout);
            settings.log.println("ramp: " + ReportFormatter.rampLine(ramp));
            LoadRun.PublisherFactory publishers = switch (mode) {
                case REST_STATUS ->
                    d -> new RestPublisher(
                            RestPublisher.Kind.STATUS, api, fleet, d, settings.errors, setup, ledger, maxInFlight);
                case REST_LOCATION ->
                    d -> new RestPublisher(
                            RestPublisher.Kind.LOCATION, api, fleet, d, settings.errors, setup, ledger, maxInFlight);
                case REDIS_LOCATION -> d -> new LocationFanoutPublisher(redis, fleet, d, setup.bookings());
            };
            LoadRun.Outcome outcome = LoadRun.run(
                    fleet, plan, probe, publishers, settings.errors, drain, settings.cpuMeter(), settings.log);
            if (redis != null) {
                redis.awaitReplies(2_000);
            }

            StringBuilder md = new StringBuilder();
            md.append("## ").append(settings.title).append("\n\n");
            md.append("- Publish path: ").append(mode.path).append('\n');
            md.append("- REST: ")
                    .append(api.base())
                    .append("; WebSocket: ")
                    .append(settings.wsTargets())
                    .append(mode == Mode.REDIS_LOCATION ? "" : crossNode(apiUri, settings.wsUris))
                    .append('\n');
            md.append("- Layout: ")
                    .append(ReportFormatter.count(setup.bookings().size()))
                    .append(" bookings of ")
                    .append(customers)
                    .append(" customers");
            if (stage != BookingFixture.Stage.CREATED) {
                md.append(" and ").append(technicians).append(" technicians");
            }
            md.append(", ")
                    .append(subscribers)
                    .append(" subscriber connection(s) per `booking:<id>` room, authenticated ")
                    .append(subscriberRole.equals("admin") ? "as admins with random ids" : "as the booking's customer")
                    .append(" (minted tokens); setup took ")
                    .append(String.format(java.util.Locale.ROOT, "%.1f s", setup.seconds()))
                    .append('\n');
            md.append(settings.clientLines(client, connections));
            md.append("- Ramp: ").append(ReportFormatter.rampLine(ramp)).append('\n');
            md.append("- Steps: ")
                    .append(ReportFormatter.seconds(stepLength))
                    .append(" s each")
                    .append(warmup.isZero() ? "" : " after a " + ReportFormatter.seconds(warmup) + " s warm-up")
                    .append("; rates in events/s")
                    .append(mode == Mode.REDIS_LOCATION ? "" : "; at most " + maxInFlight + " REST calls in flight")
                    .append("\n\n");
            md.append(ReportFormatter.stepTable(outcome.steps(), p99Target)).append('\n');
            if (settings.wsUris.size() > 1) {
                int publishing = mode == Mode.REDIS_LOCATION ? -1 : sameNode(apiUri, settings.wsUris);
                md.append("Per node: the same events, received at the same moments on each node");
                if (publishing >= 0) {
                    md.append("; the extra p99 of delivery across nodes through Redis is each other node's p99 "
                                    + "minus the publishing node's (target: at most +")
                            .append(ReportFormatter.number(crossNodeMargin))
                            .append(" ms)");
                }
                md.append("\n\n")
                        .append(ReportFormatter.nodeTable(
                                plan, outcome.deliveries(), nodeNames(settings.wsUris), publishing, crossNodeMargin))
                        .append('\n');
            }
            md.append(outcome.cpuTable()).append('\n');
            md.append(FanoutScenario.notes(settings, fleet, outcome, redis)).append('\n');
            settings.report.write(md.toString());
            return outcome;
        }
    }

    /**
     * Status changes need one booking per four changes (each booking goes through four statuses),
     * and enough bookings that a booking's next change comes seconds after its last one.
     */
    static int defaultBookings(Mode mode, StepPlan plan, List<Double> rates) {
        if (mode != Mode.REST_STATUS) {
            return 500;
        }
        double maxRate = rates.isEmpty() ? 0 : Collections.max(rates);
        long needed = (long) Math.ceil(plan.totalEvents() / (double) RestPublisher.STATUSES.length * 1.02) + 10;
        return (int) Math.max(needed, (long) Math.ceil(maxRate * 3));
    }

    private static String crossNode(URI api, List<URI> ws) {
        boolean same = sameNode(api, ws) >= 0;
        if (ws.size() > 1) {
            return same
                    ? " (each booking has a subscriber on every node: delivery on the publishing node and across nodes "
                            + "through Redis, measured side by side)"
                    : " (subscribers on several nodes, none of them the publishing one)";
        }
        return same ? " (same node: single-node delivery)" : " (**other node**: delivery crosses nodes through Redis)";
    }

    /** The index of the WebSocket URL on the REST API's node, or -1. */
    static int sameNode(URI api, List<URI> ws) {
        for (int i = 0; i < ws.size(); i++) {
            URI uri = ws.get(i);
            if (uri.getHost().equals(api.getHost()) && port(uri) == port(api)) {
                return i;
            }
        }
        return -1;
    }

    private static List<String> nodeNames(List<URI> ws) {
        return ws.stream().map(uri -> uri.getHost() + ":" + port(uri)).toList();
    }

    private static int port(URI uri) {
        if (uri.getPort() > 0) {
            return uri.getPort();
        }
        return "https".equals(uri.getScheme()) || "wss".equals(uri.getScheme()) ? 443 : 80;
    }
}
