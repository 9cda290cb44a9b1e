package com.servicehub.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs each scenario, briefly and small, against {@link FakeServiceHub}: real Netty WebSocket
 * connections, real HTTP calls, and real Redis PUBLISH to a redis-server of the test's own (on a
 * free port, so that no other ServiceHub node on the machine's Redis receives these events); the
 * Redis tests are skipped where there is no redis-server binary.
 */
class EndToEndTest {

    private static final String SECRET = "end-to-end-secret-of-at-least-32-bytes!!";
    private static FakeServiceHub hub;
    private static Process redisServer;
    private static int redisPort;
    private static boolean redis;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        hub = new FakeServiceHub(SECRET);
        redis = startRedis();
        if (redis) {
            hub.listenToRedis("127.0.0.1", redisPort);
        }
    }

    @AfterAll
    static void stop() throws IOException {
        hub.close();
        if (redisServer != null) {
            redisServer.destroy();
        }
    }

    private static String redisUrl() {
        return "redis://127.0.0.1:" + redisPort;
    }

    private List<String> args(String scenario, String... more) {
        List<String> args = new ArrayList<>(List.of(
                scenario,
                "--ws-url",
                "ws://127.0.0.1:" + hub.port() + "/ws",
                "--jwt-secret",
                SECRET,
                "--report",
                dir.resolve("report.md").toString(),
                "--ramp-timeout",
                "30s"));
        Collections.addAll(args, more);
        return args;
    }

    private static RunSettings settings(List<String> args) {
        return new RunSettings(Options.parse(args.toArray(String[]::new)), "test");
    }

    private static void assertAllDelivered(LoadRun.Outcome outcome) {
        for (StepResult step : outcome.steps()) {
            assertTrue(step.expected() > 0, "step " + step.label() + " expected nothing");
            assertEquals(step.expected(), step.received(), "step " + step.label());
            assertEquals(step.received(), step.latencyMicros().getTotalCount());
        }
        assertEquals(0, outcome.deliveries().unmatchedCount());
    }

    @Test
    void fanoutThroughRedisReachesEveryMember() throws Exception {
        assumeTrue(redis, "no redis-server to start");
        LoadRun.Outcome outcome = FanoutScenario.run(
                settings(args(
                        "fanout",
                        "--connections",
                        "300",
                        "--room-size",
                        "5",
                        "--rates",
                        "3000,6000",
                        "--step-seconds",
                        "1",
                        "--warmup-seconds",
                        "0.5",
                        "--drain-seconds",
                        "3",
                        "--source-base",
                        "30",
                        "--redis-url",
                        redisUrl())),
                false);

        assertAllDelivered(outcome);
        assertEquals(3, outcome.steps().size());
        assertEquals(5.0, outcome.steps().get(1).fanout(), 1e-9);
        String report = Files.readString(dir.resolve("report.md"));
        assertTrue(report.contains("| step | target events/s |"), report);
        assertTrue(report.contains("300 of 300 connected (300 joined"), report);
        assertTrue(report.contains("subscribers per message") && !report.contains("reached no subscriber"), report);
    }

    @Test
    void bigRoomPutsEveryoneInOneRoom() throws Exception {
        assumeTrue(redis, "no redis-server to start");
        LoadRun.Outcome outcome = FanoutScenario.run(
                settings(args(
                        "bigroom",
                        "--connections",
                        "200",
                        "--rates",
                        "4000",
                        "--step-seconds",
                        "1",
                        "--warmup-seconds",
                        "0",
                        "--drain-seconds",
                        "3",
                        "--redis-url",
                        redisUrl())),
                true);

        assertAllDelivered(outcome);
        assertEquals(200.0, outcome.steps().get(0).fanout(), 1e-9);
    }

    @Test
    void restStatusChangesAreTimedFromTheCall() throws Exception {
        LoadRun.Outcome outcome = BookingScenario.run(
                settings(args(
                        "rest-status",
                        "--api-url",
                        "http://127.0.0.1:" + hub.port(),
                        "--rates",
                        "50,100",
                        "--step-seconds",
                        "1",
                        "--warmup-seconds",
                        "0",
                        "--bookings",
                        "60",
                        "--customers",
                        "3",
                        "--technicians",
                        "2",
                        "--subscribers-per-booking",
                        "2",
                        "--subscriber-role",
                        "customer")),
                BookingScenario.Mode.REST_STATUS);

        assertAllDelivered(outcome);
        assertEquals(2.0, outcome.steps().get(0).fanout(), 1e-9);
        assertEquals(150, outcome.sent());
        assertTrue(Files.readString(dir.resolve("report.md")).contains("same node"));
    }

    /**
     * Two WebSocket URLs (here two names of the one fake node): each booking gets one subscriber
     * per URL, every event is counted once per node, and the per-node table compares each node's
     * p99 with the publishing node's.
     */
    @Test
    void restStatusChangesAreMeasuredOnEachNodeSideBySide() throws Exception {
        String a = "ws://127.0.0.1:" + hub.port() + "/ws";
        LoadRun.Outcome outcome = BookingScenario.run(
                settings(args(
                        "rest-status",
                        "--api-url",
                        "http://127.0.0.1:" + hub.port(),
                        "--ws-url",
                        a + "," + a + "?node=b",
                        "--rates",
                        "50",
                        "--step-seconds",
                        "1",
                        "--warmup-seconds",
                        "0",
                        "--bookings",
                        "30",
                        "--customers",
                        "3",
                        "--technicians",
                        "2",
                        "--subscribers-per-booking",
                        "2")),
                BookingScenario.Mode.REST_STATUS);

        assertAllDelivered(outcome);
        assertEquals(50, outcome.sent());
        assertEquals(50, outcome.deliveries().nodeLatency(0, 0).getTotalCount());
        assertEquals(50, outcome.deliveries().nodeLatency(1, 0).getTotalCount());
        String report = Files.readString(dir.resolve("report.md"));
        assertTrue(report.contains("measured side by side"), report);
        assertTrue(report.contains("| 1 | 127.0.0.1:" + hub.port() + " (publishes) |"), report);
        assertTrue(report.contains("p99 − same-node p99"), report);
    }

    @Test
    void twoNodesNeedASubscriberPerNodeInEveryRoom() {
        String a = "ws://127.0.0.1:" + hub.port() + "/ws";
        assertThrows(
                Options.UsageException.class,
                () -> BookingScenario.run(
                        settings(args(
                                "rest-status",
                                "--api-url",
                                "http://127.0.0.1:" + hub.port(),
                                "--ws-url",
                                a + "," + a + "?node=b",
                                "--subscribers-per-booking",
                                "1")),
                        BookingScenario.Mode.REST_STATUS));
    }

    @Test
    void restLocationsCarryTheTimeInTheCoordinates() throws Exception {
        LoadRun.Outcome outcome = BookingScenario.run(
                settings(args(
                        "rest-location",
                        "--api-url",
                        "http://127.0.0.1:" + hub.port(),
                        "--rates",
                        "100",
                        "--step-seconds",
                        "1",
                        "--warmup-seconds",
                        "0",
                        "--bookings",
                        "20",
                        "--customers",
                        "2",
                        "--technicians",
                        "2")),
                BookingScenario.Mode.REST_LOCATION);

        assertAllDelivered(outcome);
    }

    @Test
    void redisLocationsReachRealBookingRooms() throws Exception {
        assumeTrue(redis, "no redis-server to start");
        LoadRun.Outcome outcome = BookingScenario.run(
                settings(args(
                        "redis-location",
                        "--api-url",
                        "http://127.0.0.1:" + hub.port(),
                        "--rates",
                        "500",
                        "--step-seconds",
                        "1",
                        "--warmup-seconds",
                        "0",
                        "--bookings",
                        "30",
                        "--customers",
                        "2",
                        "--subscribers-per-booking",
                        "3",
                        "--redis-url",
                        redisUrl())),
                BookingScenario.Mode.REDIS_LOCATION);

        assertAllDelivered(outcome);
        assertEquals(3.0, outcome.steps().get(0).fanout(), 1e-9);
    }

    @Test
    void handshakeCountsConnectedFrames() throws Exception {
        RampResult ramp = HandshakeScenario.run(settings(
                args("handshake", "--connections", "500", "--target-rate", "1", "--warmup-connections", "50")));

        assertEquals(500, ramp.connected());
        assertEquals(0, ramp.failed());
        assertEquals(500, ramp.handshakeMicros().getTotalCount());
        assertTrue(ramp.connectionsPerSecond() > 0);
    }

    @Test
    void aBadSecretIsRefusedWith1008() throws Exception {
        List<String> args = args("handshake", "--connections", "20", "--warmup-connections", "0");
        args.set(args.indexOf(SECRET), "another-secret-which-the-server-does-not-know");
        RunSettings settings = settings(args);
        RampResult ramp = HandshakeScenario.run(settings);

        assertEquals(0, ramp.connected());
        assertEquals(20, ramp.failed());
        assertEquals(20L, settings.errors.snapshot().get("close 1008 invalid token"));
    }

    @Test
    void memorySamplesAProcess() throws Exception {
        List<MemoryScenario.Level> levels = MemoryScenario.run(settings(args(
                "memory",
                "--server-pid",
                Long.toString(ProcessHandle.current().pid()),
                "--levels",
                "0,100",
                "--settle-seconds",
                "0")));

        assertEquals(2, levels.size());
        assertEquals(100, levels.get(1).joined());
        assertTrue(levels.get(1).sample().rssKb() > 0);
        assertTrue(levels.get(1).sample().heapUsedKb() > 0);
        assertTrue(Files.readString(dir.resolve("report.md")).contains("| 100 | 100 |"));
    }

    /** Starts redis-server on a free port; false when there is none to start. */
    private static boolean startRedis() throws Exception {
        Path binary = Path.of("/usr/bin/redis-server");
        if (!Files.isExecutable(binary)) {
            return false;
        }
        try (ServerSocket probe = new ServerSocket(0)) {
            redisPort = probe.getLocalPort();
        }
        redisServer = new ProcessBuilder(
                        binary.toString(),
                        "--port",
                        Integer.toString(redisPort),
                        "--bind",
                        "127.0.0.1",
                        "--save",
                        "",
                        "--appendonly",
                        "no")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectErrorStream(true)
                .start();
        for (int i = 0; i < 100; i++) {
            if (redisAnswers()) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    private static boolean redisAnswers() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", redisPort), 500);
            s.getOutputStream().write("PING\r\n".getBytes());
            byte[] reply = new byte[7];
            return s.getInputStream().read(reply) > 0 && new String(reply).startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }
}
