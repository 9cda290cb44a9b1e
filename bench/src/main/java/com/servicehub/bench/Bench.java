package com.servicehub.bench;

import java.time.Duration;

import io.netty.util.ResourceLeakDetector;

/** Entry point: {@code java -jar servicehub-bench.jar SCENARIO [--flag value ...]}. */
public final class Bench {

    static final String USAGE = """
            usage: java -jar servicehub-bench.jar SCENARIO [--flag value ...]

            scenarios
              handshake       open --connections as fast as accepted; connections/s (target --target-rate 2000)
              memory          server RSS and heap-after-GC at --levels of idle joined connections (--server-pid)
              fanout          rooms of --room-size via raw Redis booking:status; deliveries/s, latency, losses
              bigroom         fanout with all --connections in one room
              rest-status     real bookings, status PATCHes over REST → booking rooms
              rest-location   real bookings, location POSTs over REST → booking rooms
              redis-location  real bookings, raw Redis technician:location → booking rooms
              mint            print an access token (--user-id, --role) for manual tests

            common flags
              --ws-url ws://127.0.0.1:5000/ws   (comma-separated list: connections take turns)
              --jwt-secret S (or env JWT_SECRET)  --jwt-secret-base64   --token-ttl 2h
              --threads <cores>   --source-base 2 (127.0.0.2...; 0 = no binding)   --per-source <port range - 2000>
              --handshake-concurrency 256   --ramp-timeout 120s   --report FILE.md   --title TEXT
              --server-pid PID[,PID]   (server CPU column; required by memory)
            load flags (fanout, bigroom, rest-*, redis-location)
              --rates R1,R2,...   --step-seconds 15   --warmup-seconds 5   --drain-seconds 5   --p99-target-ms X
              fanout/bigroom: --connections --room-size --rate-of deliveries|events --redis-url --status en_route
              rest-*/redis-location: --api-url http://127.0.0.1:5000 --bookings --subscribers-per-booking 1
                --customers 10 --technicians 4 --subscriber-role admin|customer --max-in-flight 256 --setup-concurrency 8
                --admin-phone +966500000003 --admin-password password123 --service-type plumbing --address TEXT
                across nodes: --ws-url A,B --subscribers-per-booking 2 (one per node)   --cross-node-margin-ms 5
            handshake flags
              --connections 10000 --warmup-connections 2000 --join --target-rate 2000 --hold-seconds 0
            memory flags
              --connections 19000 --levels 0,19000 --room-size 1 --settle-seconds 10 --jcmd PATH
            """;

    private Bench() {}

    public static void main(String[] args) {
        // Leak detection samples buffers on the receive path; the generator has no use for it.
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        int code;
        try {
            code = run(args);
        } catch (Options.UsageException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println();
            System.err.print(USAGE);
            code = 2;
        } catch (Exception e) {
            System.err.println("failed: " + Fleet.describe(e));
            e.printStackTrace();
            code = 1;
        }
        System.exit(code);
    }

    static int run(String... args) throws Exception {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help")) {
            System.out.print(USAGE);
            return 0;
        }
        Options options = Options.parse(args);
        switch (options.command()) {
            case "handshake" -> HandshakeScenario.run(new RunSettings(options, "Handshake rate"));
            case "memory" -> MemoryScenario.run(new RunSettings(options, "Memory per idle connection"));
            case "fanout" -> FanoutScenario.run(new RunSettings(options, "Fan-out, rooms of K"), false);
            case "bigroom" -> FanoutScenario.run(new RunSettings(options, "Fan-out, one big room"), true);
            case "rest-status" ->
                BookingScenario.run(
                        new RunSettings(options, BookingScenario.Mode.REST_STATUS.title),
                        BookingScenario.Mode.REST_STATUS);
            case "rest-location" ->
                BookingScenario.run(
                        new RunSettings(options, BookingScenario.Mode.REST_LOCATION.title),
                        BookingScenario.Mode.REST_LOCATION);
            case "redis-location" ->
                BookingScenario.run(
                        new RunSettings(options, BookingScenario.Mode.REDIS_LOCATION.title),
                        BookingScenario.Mode.REDIS_LOCATION);
            case "mint" -> mint(options);
            default -> throw new Options.UsageException("unknown scenario '" + options.command() + "'");
        }
        return 0;
    }

    private static void mint(Options o) {
        String secret = o.string("jwt-secret", System.getenv("JWT_SECRET"));
        if (secret == null) {
            throw new Options.UsageException("the JWT secret is needed: --jwt-secret or JWT_SECRET");
        }
        TokenMinter minter = TokenMinter.forSecret(
                secret, o.flag("jwt-secret-base64", false), o.duration("token-ttl", Duration.ofHours(2)));
        String userId = o.string("user-id", java.util.UUID.randomUUID().toString());
        String role = o.string("role", "customer");
        o.rejectUnused();
        System.out.println(minter.mint(userId, role));
    }
}
