package com.servicehub.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.Deflater;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.servicehub.TestApi;
import com.servicehub.TestUsers;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Frame fuzzing (issue 13, part 3): more than 100,000 generated bad frames from a seeded generator
 * of our own, sent on live connections that are joined to the same rooms as neighbour connections,
 * while support messages keep reaching those neighbours. Every bad frame must be answered with the
 * contract's error (a stream of frames on open connections) or close code (frames that break the
 * protocol, each on a connection of its own); no neighbour is closed or misses a message. The
 * neighbours' delivery latency and the heap after GC are measured and printed (docs/reliability.md).
 *
 * <p>The node runs with the rate limit lifted, so that every frame reaches the decoder and is
 * answered, instead of most being answered {@code RATE_LIMITED}. {@code -Dfuzz.rate=20} paces each
 * fuzzing connection at the contract's rate instead (with the contract's limits on), for the
 * latency a neighbour sees from clients that stay within them; {@code -Dfuzz.frames},
 * {@code -Dfuzz.seed} and {@code -Dfuzz.probe-rounds} size the run.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FrameFuzzTests {

    private static final long SEED = Long.getLong("fuzz.seed", 13L);
    private static final int STREAM_FRAMES = Integer.getInteger("fuzz.frames", 100_000);
    /** Frames per second per fuzzing connection; 0 (the default): as fast as the answers come. */
    private static final int RATE = Integer.getInteger("fuzz.rate", 0);

    private static final int FUZZERS = 8;
    private static final int NEIGHBOURS = 12;
    private static final Set<String> KNOWN_TYPES = Set.of("join", "leave", "typing", "ping", "auth");

    private static ClusterNodes node;
    private static int port;
    private static TestApi api;
    private static TestUsers.Session customer;
    private static String adminToken;
    private static UUID ticket;
    private static final List<Neighbour> neighbours = new ArrayList<>();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        node = ClusterNodes.startAlone(
                RATE > 0
                        ? Map.of("servicehub.realtime.close-grace", "1s")
                        : Map.of(
                                "servicehub.realtime.frames-per-second", 10_000_000,
                                "servicehub.realtime.frame-burst", 10_000_000,
                                "servicehub.realtime.flood-close-after", 10_000_000,
                                "servicehub.realtime.close-grace", "1s"));
        port = node.port(0);
        api = new TestApi(port);
        customer = new TestUsers(api).customer();
        adminToken = TestStaff.create(api, "admin").accessToken();
        ticket = new TestDomain(api).openTicket(customer);
    }

    @AfterAll
    static void stop() {
        neighbours.forEach(Neighbour::close);
        if (node != null) {
            node.close();
        }
    }

    private static List<String> rooms() {
        return List.of("user:" + customer.id(), "support:" + ticket);
    }

    @Test
    @Order(1)
    void everyBadFrameOnALiveConnectionIsAnsweredWithTheContractsErrorAndNeighboursKeepReceiving() throws Exception {
        for (int i = 0; i < NEIGHBOURS; i++) {
            neighbours.add(Neighbour.open(port, customer.accessToken(), rooms()));
        }
        long heapBefore = heapAfterGc();

        Publisher quiet = new Publisher();
        quiet.run(Duration.ofSeconds(3));
        Latencies baseline = Latencies.of(neighbours, quiet);

        Generator generator = new Generator(new Random(SEED), customer.id(), ticket);
        List<Fuzzer> fuzzers = new ArrayList<>();
        for (int i = 0; i < FUZZERS; i++) {
            fuzzers.add(Fuzzer.open(port, customer.accessToken(), rooms()));
        }
        Publisher busy = new Publisher();
        Thread publishing = new Thread(() -> busy.run(null), "fuzz-publisher");
        publishing.start();
        long started = System.nanoTime();
        AtomicInteger sent = new AtomicInteger();
        List<Thread> writers = new ArrayList<>();
        for (int f = 0; f < FUZZERS; f++) {
            Fuzzer fuzzer = fuzzers.get(f);
            List<Generator.Bad> frames = new ArrayList<>();
            for (int i = f; i < STREAM_FRAMES; i += FUZZERS) {
                frames.add(generator.next());
            }
            Thread writer = new Thread(() -> fuzzer.send(frames, sent), "fuzzer-" + f);
            writers.add(writer);
            writer.start();
        }
        for (Thread writer : writers) {
            writer.join(TimeUnit.MINUTES.toMillis(3));
        }
        for (Fuzzer fuzzer : fuzzers) {
            fuzzer.awaitAnswers(Duration.ofSeconds(30));
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        busy.stop();
        publishing.join();
        Latencies during = Latencies.of(neighbours, busy);
        fuzzers.forEach(Fuzzer::close);
        long heapAfter = heapAfterGc();

        Map<String, Integer> answered = new TreeMap<>();
        fuzzers.forEach(
                fuzzer -> fuzzer.codes.forEach((code, count) -> answered.merge(code, count.get(), Integer::sum)));
        System.out.printf(
                Locale.ROOT,
                "fuzz: %d bad frames on %d connections in %.1f s (%.0f frames/s%s), seed %d, answers %s%n",
                sent.get(),
                FUZZERS,
                seconds,
                sent.get() / seconds,
                RATE > 0 ? ", paced at " + RATE + "/s per connection" : "",
                SEED,
                answered);
        System.out.printf(Locale.ROOT, "fuzz: by kind %s%n", generator.kinds);
        System.out.printf(
                Locale.ROOT,
                "fuzz: neighbour delivery (REST request to frame) quiet: %s; while fuzzing: %s%n",
                baseline,
                during);
        System.out.printf(
                Locale.ROOT,
                "fuzz: heap after GC %.1f MiB before, %.1f MiB after (%+.1f %%)%n",
                heapBefore / 1048576.0,
                heapAfter / 1048576.0,
                100.0 * (heapAfter - heapBefore) / heapBefore);

        assertThat(sent.get()).isGreaterThanOrEqualTo(STREAM_FRAMES);
        for (Fuzzer fuzzer : fuzzers) {
            assertThat(fuzzer.failures)
                    .as("answers that were not the contract's")
                    .isEmpty();
            assertThat(fuzzer.closedWith.get())
                    .as("a fuzzing connection was closed")
                    .isZero();
            assertThat(fuzzer.answers.get()).isEqualTo(fuzzer.expected.get());
        }
        for (Neighbour neighbour : neighbours) {
            assertThat(neighbour.closed.get()).as("a neighbour was closed").isFalse();
            for (String room : rooms()) {
                assertThat(neighbour.received(room, busy.sent))
                        .as("neighbour in %s missed messages", room)
                        .containsExactlyElementsOf(busy.sent);
            }
        }
        // Generous: the fuzzing leaves nothing behind that grows with the frames sent.
        assertThat(heapAfter).isLessThan(heapBefore + heapBefore / 2 + 32L * 1024 * 1024);
    }

    @Test
    @Order(2)
    void framesThatBreakTheProtocolCloseTheirConnectionWithTheRightCodeAndNoNeighbourNotices() throws Exception {
        if (neighbours.isEmpty()) {
            for (int i = 0; i < NEIGHBOURS; i++) {
                neighbours.add(Neighbour.open(port, customer.accessToken(), rooms()));
            }
        }
        Random random = new Random(SEED + 1);
        byte[] big = new byte[65_537];
        Arrays.fill(big, (byte) 'a');
        Map<String, Probe> probes = new java.util.LinkedHashMap<>();
        probes.put(
                "binary frame",
                new Probe(Set.of("close 1003"), ws -> ws.frame(true, 0, RawWebSocket.BINARY, bytes(random, 20), true)));
        probes.put(
                "text frame of 64 KiB + 1",
                new Probe(Set.of("close 1009"), ws -> ws.frame(true, 0, RawWebSocket.TEXT, big, true)));
        probes.put("fragments adding up past 64 KiB", new Probe(Set.of("close 1009"), ws -> {
            byte[] part = Arrays.copyOf(big, 16_384);
            ws.frame(false, 0, RawWebSocket.TEXT, part, true);
            for (int i = 0; i < 4; i++) {
                ws.frame(i == 3, 0, RawWebSocket.CONTINUATION, part, true);
            }
        }));
        probes.put(
                "invalid UTF-8 in a text frame",
                new Probe(
                        Set.of("error INVALID_MESSAGE"),
                        ws -> ws.frame(
                                true,
                                0,
                                RawWebSocket.TEXT,
                                new byte[] {'{', (byte) 0xc3, (byte) 0x28, (byte) 0xff, '}'},
                                true)));
        probes.put("invalid UTF-8 split over fragments", new Probe(Set.of("error INVALID_MESSAGE"), ws -> {
            ws.frame(false, 0, RawWebSocket.TEXT, new byte[] {'"', (byte) 0xe2}, true);
            ws.frame(true, 0, RawWebSocket.CONTINUATION, new byte[] {(byte) 0x28, (byte) 0xa1, '"'}, true);
        }));
        probes.put(
                "RSV1 (a compressed frame, never negotiated): a deflate bomb",
                new Probe(
                        Set.of("error INVALID_MESSAGE"),
                        ws -> ws.frame(true, 4, RawWebSocket.TEXT, deflateBomb(), true)));
        probes.put(
                "RSV2 or RSV3 set on a ping frame",
                new Probe(
                        Set.of("pong"),
                        ws -> ws.frame(
                                true,
                                1 + random.nextInt(2),
                                RawWebSocket.TEXT,
                                "{\"type\":\"ping\"}".getBytes(StandardCharsets.UTF_8),
                                true)));
        probes.put(
                "unmasked client frame",
                new Probe(
                        Set.of("close 1002"),
                        ws -> ws.frame(
                                true,
                                0,
                                RawWebSocket.TEXT,
                                "{\"type\":\"ping\"}".getBytes(StandardCharsets.UTF_8),
                                false)));
        probes.put(
                "reserved opcode",
                new Probe(
                        Set.of("close 1002"),
                        ws -> ws.frame(
                                true,
                                0,
                                new int[] {3, 4, 5, 6, 7, 11, 12, 13, 14, 15}[random.nextInt(10)],
                                bytes(random, 10),
                                true)));
        probes.put(
                "ping of 126 bytes",
                new Probe(Set.of("close 1002"), ws -> ws.frame(true, 0, RawWebSocket.PING, bytes(random, 126), true)));
        probes.put(
                "fragmented ping",
                new Probe(Set.of("close 1002"), ws -> ws.frame(false, 0, RawWebSocket.PING, bytes(random, 4), true)));
        probes.put(
                "continuation without a start",
                new Probe(
                        Set.of("close 1002", "close 1003"),
                        ws -> ws.frame(
                                true,
                                0,
                                RawWebSocket.CONTINUATION,
                                "{\"type\":\"ping\"}".getBytes(StandardCharsets.UTF_8),
                                true)));
        probes.put("new text frame inside a fragmented one", new Probe(Set.of("close 1002"), ws -> {
            ws.frame(false, 0, RawWebSocket.TEXT, "{\"type\":".getBytes(StandardCharsets.UTF_8), true);
            ws.frame(true, 0, RawWebSocket.TEXT, "{\"type\":\"ping\"}".getBytes(StandardCharsets.UTF_8), true);
        }));
        Publisher publisher = new Publisher();
        Thread publishing = new Thread(() -> publisher.run(null), "probe-publisher");
        publishing.start();
        Map<String, Map<String, Integer>> seen = new java.util.LinkedHashMap<>();
        List<String> wrong = new ArrayList<>();
        int rounds = Integer.getInteger("fuzz.probe-rounds", 5);
        for (int round = 0; round < rounds; round++) {
            for (Map.Entry<String, Probe> probe : probes.entrySet()) {
                try (RawWebSocket ws = RawWebSocket.open(port, customer.accessToken(), "")) {
                    assertThat(ws.read().text()).contains("\"connected\"");
                    probe.getValue().send().accept(ws);
                    ws.flush();
                    String answer = ws.answer();
                    seen.computeIfAbsent(probe.getKey(), ignored -> new TreeMap<>())
                            .merge(answer, 1, Integer::sum);
                    if (!probe.getValue().answers().contains(answer)) {
                        wrong.add(probe.getKey() + ": " + answer);
                    }
                }
            }
        }
        publisher.stop();
        publishing.join();
        System.out.printf(Locale.ROOT, "fuzz: protocol-breaking frames, close codes seen: %s%n", seen);
        assertThat(wrong).as("close codes other than the expected").isEmpty();
        for (Neighbour neighbour : neighbours) {
            assertThat(neighbour.closed.get()).as("a neighbour was closed").isFalse();
            for (String room : rooms()) {
                assertThat(neighbour.received(room, publisher.sent)).containsExactlyElementsOf(publisher.sent);
            }
        }
    }

    @Test
    @Order(3)
    void theServerDoesNotOfferCompressionSoNoFrameIsEverInflated() throws Exception {
        try (RawWebSocket ws = RawWebSocket.open(
                port,
                customer.accessToken(),
                "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n")) {
            assertThat(ws.handshakeResponse.toLowerCase(Locale.ROOT)).doesNotContain("sec-websocket-extensions");
            assertThat(ws.read().text()).contains("\"connected\"");
            // Without the extension nothing inflates a frame: the bomb's payload is taken as it
            // is, which is not JSON, and the connection lives on.
            ws.frame(true, 4, RawWebSocket.TEXT, deflateBomb(), true);
            ws.flush();
            assertThat(ws.answer()).isEqualTo("error INVALID_MESSAGE");
            ws.text("{\"type\":\"ping\"}");
            ws.flush();
            assertThat(ws.answer()).isEqualTo("pong");
        }
    }

    interface Sender {
        void accept(RawWebSocket ws) throws IOException;
    }

    record Probe(Set<String> answers, Sender send) {}

    private static byte[] bytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    /** 16 MiB of one JSON string, deflated to about 16 KiB. */
    private static byte[] deflateBomb() {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        byte[] chunk = new byte[1 << 20];
        Arrays.fill(chunk, (byte) 'a');
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[65_536];
        for (int i = 0; i < 16; i++) {
            deflater.setInput(chunk);
            while (!deflater.needsInput()) {
                out.write(buffer, 0, deflater.deflate(buffer, 0, buffer.length, Deflater.NO_FLUSH));
            }
        }
        deflater.finish();
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        return out.toByteArray();
    }

    private static long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            try {
                Thread.sleep(200);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Support messages posted by an admin: each reaches support:<ticket> and user:<creator>. */
    static final class Publisher {
        final List<String> sent = Collections.synchronizedList(new ArrayList<>());
        final Map<String, Long> startedAt = new ConcurrentHashMap<>();
        final Map<String, Long> answeredAt = new ConcurrentHashMap<>();
        private final AtomicBoolean stopped = new AtomicBoolean();

        void run(Duration duration) {
            long end = duration == null ? Long.MAX_VALUE : System.nanoTime() + duration.toNanos();
            while (!stopped.get() && System.nanoTime() < end) {
                String text = "fuzz-neighbour " + UUID.randomUUID();
                startedAt.put(text, System.nanoTime());
                TestApi.Response posted = api.post(
                        "/api/v2/support/tickets/" + ticket + "/messages", adminToken, TestApi.body("message", text));
                if (posted.status() == 201) {
                    answeredAt.put(text, System.nanoTime());
                    sent.add(text);
                }
                try {
                    Thread.sleep(40);
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        void stop() {
            stopped.set(true);
        }
    }

    /** Percentiles of neighbour delivery: from the start of the REST call to the frame's arrival. */
    record Latencies(int samples, double p50, double p99, double max, double afterAnswerP99) {

        static Latencies of(List<Neighbour> neighbours, Publisher publisher) {
            List<Double> millis = new ArrayList<>();
            List<Double> afterAnswer = new ArrayList<>();
            for (Neighbour neighbour : neighbours) {
                synchronized (neighbour.arrivals) {
                    for (Neighbour.Arrival arrival : neighbour.arrivals) {
                        Long started = publisher.startedAt.get(arrival.text());
                        Long answered = publisher.answeredAt.get(arrival.text());
                        if (started != null && answered != null) {
                            millis.add((arrival.atNanos() - started) / 1e6);
                            afterAnswer.add(Math.max(0, arrival.atNanos() - answered) / 1e6);
                        }
                    }
                }
            }
            Collections.sort(millis);
            Collections.sort(afterAnswer);
            if (millis.isEmpty()) {
                return new Latencies(0, 0, 0, 0, 0);
            }
            return new Latencies(
                    millis.size(),
                    at(millis, 0.50),
                    at(millis, 0.99),
                    millis.get(millis.size() - 1),
                    at(afterAnswer, 0.99));
        }

        private static double at(List<Double> sorted, double quantile) {
            return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(quantile * sorted.size()) - 1));
        }

        @Override
        public String toString() {
            return String.format(
                    Locale.ROOT,
                    "%d deliveries, from the REST request p50 %.1f ms, p99 %.1f ms, max %.1f ms; "
                            + "after the REST answer p99 %.1f ms",
                    samples,
                    p50,
                    p99,
                    max,
                    afterAnswerP99);
        }
    }

    /** A well-behaved app in the fuzzed rooms: records every message's arrival, per room. */
    static final class Neighbour implements WebSocket.Listener {
        record Arrival(String room, String text, long atNanos) {}

        final List<Arrival> arrivals = Collections.synchronizedList(new ArrayList<>());
        final AtomicBoolean closed = new AtomicBoolean();
        private final BlockingQueue<JsonNode> control = new ArrayBlockingQueue<>(100);
        private final StringBuilder partial = new StringBuilder();
        private WebSocket socket;

        static Neighbour open(int port, String token, List<String> rooms) throws Exception {
            Neighbour neighbour = new Neighbour();
            neighbour.socket = HTTP.newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws?token=" + token), neighbour)
                    .get(10, TimeUnit.SECONDS);
            assertThat(neighbour.control.poll(10, TimeUnit.SECONDS).path("type").asString())
                    .isEqualTo("connected");
            for (String room : rooms) {
                neighbour
                        .socket
                        .sendText("{\"type\":\"join\",\"room\":\"" + room + "\"}", true)
                        .get(5, TimeUnit.SECONDS);
                assertThat(neighbour
                                .control
                                .poll(10, TimeUnit.SECONDS)
                                .path("type")
                                .asString())
                        .isEqualTo("joined_room");
            }
            return neighbour;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                long now = System.nanoTime();
                JsonNode frame = TestApi.JSON.readTree(partial.toString());
                partial.setLength(0);
                if ("message".equals(frame.path("type").asString())) {
                    arrivals.add(new Arrival(
                            frame.path("room").asString(),
                            frame.path("message").path("message").asString(),
                            now));
                } else {
                    control.offer(frame);
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.set(true);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.set(true);
        }

        /** The messages of {@code among} that arrived through the room, in arrival order. */
        List<String> received(String room, List<String> among) {
            Set<String> wanted = Set.copyOf(among);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (true) {
                List<String> texts;
                synchronized (arrivals) {
                    texts = arrivals.stream()
                            .filter(a -> a.room().equals(room) && wanted.contains(a.text()))
                            .map(Arrival::text)
                            .toList();
                }
                if (texts.size() >= among.size() || System.nanoTime() > deadline) {
                    return texts;
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    return texts;
                }
            }
        }

        void close() {
            socket.abort();
        }
    }

    /** A connection that sends bad frames and checks each answer against what the contract says. */
    static final class Fuzzer {
        final RawWebSocket ws;
        final BlockingQueue<Generator.Bad> pending = new java.util.concurrent.LinkedBlockingQueue<>();
        final Semaphore window = new Semaphore(200);
        final AtomicInteger expected = new AtomicInteger();
        final AtomicInteger answers = new AtomicInteger();
        final AtomicInteger closedWith = new AtomicInteger();
        final Map<String, AtomicInteger> codes = new ConcurrentHashMap<>();
        final List<String> failures = Collections.synchronizedList(new ArrayList<>());
        private final Thread reader;
        private volatile boolean readerDone;

        private Fuzzer(RawWebSocket ws) {
            this.ws = ws;
            this.reader = new Thread(this::read, "fuzz-reader");
            reader.setDaemon(true);
        }

        static Fuzzer open(int port, String token, List<String> rooms) throws IOException {
            RawWebSocket ws = RawWebSocket.open(port, token, "");
            assertThat(ws.read().text()).contains("\"connected\"");
            for (String room : rooms) {
                ws.text("{\"type\":\"join\",\"room\":\"" + room + "\"}");
                ws.flush();
                assertThat(ws.read().text()).contains("\"joined_room\"");
            }
            Fuzzer fuzzer = new Fuzzer(ws);
            fuzzer.reader.start();
            return fuzzer;
        }

        void send(List<Generator.Bad> frames, AtomicInteger sent) {
            long interval = RATE > 0 ? 1_000_000_000L / RATE : 0;
            long next = System.nanoTime();
            try {
                for (Generator.Bad frame : frames) {
                    if (interval > 0) {
                        next += interval;
                        long wait = next - System.nanoTime();
                        if (wait > 0) {
                            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                        }
                    }
                    while (!window.tryAcquire(1, TimeUnit.SECONDS)) {
                        if (readerDone) {
                            failures.add("the connection stopped answering");
                            return;
                        }
                    }
                    pending.add(frame);
                    expected.incrementAndGet();
                    byte[] bytes = frame.text().getBytes(StandardCharsets.UTF_8);
                    if (frame.fragments() <= 1 || bytes.length < 2) {
                        ws.frame(true, 0, RawWebSocket.TEXT, bytes, true);
                    } else {
                        int parts = Math.min(frame.fragments(), bytes.length);
                        int step = (bytes.length + parts - 1) / parts;
                        for (int offset = 0, i = 0; offset < bytes.length; offset += step, i++) {
                            byte[] part = Arrays.copyOfRange(bytes, offset, Math.min(bytes.length, offset + step));
                            ws.frame(
                                    offset + step >= bytes.length,
                                    0,
                                    i == 0 ? RawWebSocket.TEXT : RawWebSocket.CONTINUATION,
                                    part,
                                    true);
                        }
                    }
                    ws.flush();
                    sent.incrementAndGet();
                }
            } catch (IOException | InterruptedException ex) {
                failures.add("sending failed: " + ex);
            }
        }

        private void read() {
            try {
                while (true) {
                    RawWebSocket.Frame frame = ws.read();
                    if (frame.opcode() == RawWebSocket.CLOSE) {
                        closedWith.set(frame.closeCode());
                        return;
                    }
                    if (frame.opcode() != RawWebSocket.TEXT) {
                        continue;
                    }
                    JsonNode json;
                    try {
                        json = TestApi.JSON.readTree(frame.text());
                    } catch (RuntimeException ex) {
                        Generator.Bad bad = pending.poll();
                        answers.incrementAndGet();
                        window.release();
                        failures.add("answer is not JSON: "
                                + (bad == null ? "" : bad.kind() + " " + abbreviate(bad.text()) + " -> ")
                                + abbreviate(frame.text()) + " " + hex(frame.payload()));
                        continue;
                    }
                    String type = json.path("type").asString();
                    if (type.equals("message")) {
                        continue; // this connection is in the rooms too
                    }
                    Generator.Bad bad = pending.poll();
                    answers.incrementAndGet();
                    window.release();
                    String code = json.path("code").asString();
                    codes.computeIfAbsent(code, ignored -> new AtomicInteger()).incrementAndGet();
                    if (bad == null || !type.equals("error") || !bad.codes().contains(code)) {
                        failures.add((bad == null ? "unrequested" : bad.kind() + " " + abbreviate(bad.text())) + " -> "
                                + frame.text());
                    }
                }
            } catch (IOException ended) {
                // closed by the test
            } finally {
                readerDone = true;
            }
        }

        private static String hex(byte[] bytes) {
            StringBuilder hex = new StringBuilder();
            for (int i = 0; i < Math.min(bytes.length, 400); i++) {
                int b = bytes[i] & 0xff;
                if (b >= 0x80) {
                    hex.append(String.format(Locale.ROOT, "[%02x]", b));
                }
            }
            return hex.toString();
        }

        void awaitAnswers(Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (answers.get() < expected.get() && System.nanoTime() < deadline && !readerDone) {
                Thread.sleep(20);
            }
        }

        void close() {
            try {
                ws.close();
            } catch (IOException ignored) {
                // gone already
            }
        }

        private static String abbreviate(String text) {
            return text.length() <= 120 ? text : text.substring(0, 120) + "...(" + text.length() + ")";
        }
    }

    /** The seeded generator of bad frames: each with the error codes the contract allows for it. */
    static final class Generator {
        record Bad(String kind, String text, Set<String> codes, int fragments) {}

        final Map<String, AtomicLong> kinds = new TreeMap<>();
        private static final String PUNCTUATION = "{}[]\":,\\0123456789truefalsn";
        private final Random random;
        private final String user;
        private final String support;

        Generator(Random random, UUID user, UUID ticket) {
            this.random = random;
            this.user = "user:" + user;
            this.support = "support:" + ticket;
        }

        Bad next() {
            Bad bad = switch (random.nextInt(9)) {
                case 0 -> new Bad("random text", randomText(random.nextInt(300)), Set.of("INVALID_MESSAGE"), 1);
                case 1 -> truncated();
                case 2 -> nested();
                case 3 -> hugeNumber();
                case 4, 5 -> wrongType();
                case 6 -> unknownType();
                case 7, 8 -> strangeRoom();
                default -> throw new IllegalStateException();
            };
            int fragments = random.nextInt(5) == 0 ? 2 + random.nextInt(5) : 1;
            kinds.computeIfAbsent(bad.kind() + (fragments > 1 ? " (fragmented)" : ""), ignored -> new AtomicLong())
                    .incrementAndGet();
            return new Bad(bad.kind(), bad.text(), bad.codes(), fragments);
        }

        private String randomText(int length) {
            StringBuilder text = new StringBuilder();
            while (text.length() < length) {
                int kind = random.nextInt(4);
                int codePoint = switch (kind) {
                    case 0 -> random.nextInt(0x80);
                    case 1 -> PUNCTUATION.charAt(random.nextInt(PUNCTUATION.length()));
                    case 2 -> random.nextInt(0xd7ff);
                    default -> 0x10000 + random.nextInt(0xfffff);
                };
                text.appendCodePoint(codePoint);
            }
            // A JSON object with a string "type" is not bad; random text never is one in practice,
            // but make sure.
            return text.length() > 0 && text.charAt(0) == '{' ? " " + text : text.toString();
        }

        private String valid() {
            ObjectNode frame = TestApi.JSON.createObjectNode();
            switch (random.nextInt(4)) {
                case 0 ->
                    frame.put("type", "join")
                            .put("room", user)
                            .putObject("since")
                            .put("offset", random.nextInt(1000))
                            .put("epoch", "e1");
                case 1 -> frame.put("type", "leave").put("room", support);
                case 2 ->
                    frame.put("type", "typing")
                            .put("room", support)
                            .putObject("data")
                            .put("isTyping", random.nextBoolean());
                default -> frame.put("type", "ping");
            }
            return frame.toString();
        }

        private Bad truncated() {
            String whole = valid();
            return new Bad(
                    "truncated JSON", whole.substring(0, random.nextInt(whole.length())), Set.of("INVALID_MESSAGE"), 1);
        }

        private Bad nested() {
            int depth = 50 + random.nextInt(2_000);
            boolean arrays = random.nextBoolean();
            String open = arrays ? "[" : "{\"a\":";
            String close = arrays ? "]" : "}";
            StringBuilder text = new StringBuilder(
                    random.nextBoolean()
                            ? "{\"type\":\"join\",\"room\":"
                            : "{\"type\":\"join\",\"room\":\"" + user + "\",\"since\":");
            text.append(open.repeat(depth))
                    .append(arrays ? "" : "1")
                    .append(close.repeat(depth))
                    .append('}');
            if (text.length() > 60_000) {
                text.setLength(60_000);
            }
            return new Bad("deeply nested JSON", text.toString(), Set.of("INVALID_MESSAGE"), 1);
        }

        private Bad hugeNumber() {
            String number = switch (random.nextInt(6)) {
                case 0 -> "9".repeat(20 + random.nextInt(5000));
                case 1 -> "1e" + (400 + random.nextInt(1_000_000));
                case 2 -> "-" + (1 + random.nextInt(1_000_000));
                case 3 -> random.nextInt(1000) + "." + (1 + random.nextInt(999));
                case 4 -> "9223372036854775808";
                default -> "-9223372036854775809";
            };
            String text = random.nextBoolean()
                    ? "{\"type\":\"join\",\"room\":\"" + user + "\",\"since\":{\"offset\":" + number
                            + ",\"epoch\":\"e1\"}}"
                    : "{\"type\":" + number + ",\"room\":\"" + user + "\"}";
            return new Bad("huge number", text, Set.of("INVALID_MESSAGE"), 1);
        }

        private static final String[] WRONG = {
            "1", "-1.5", "true", "false", "null", "[]", "[\"x\"]", "{}", "{\"a\":1}", "1e999"
        };

        private Bad wrongType() {
            String wrong = WRONG[random.nextInt(WRONG.length)];
            String notString = wrong; // none of WRONG is a JSON string
            String text = switch (random.nextInt(11)) {
                case 0 -> "{\"type\":" + notString + "}";
                case 1 -> "{\"type\":\"join\",\"room\":" + notString + "}";
                case 2 -> "{\"type\":\"leave\",\"room\":" + notString + "}";
                case 3 -> "{\"type\":\"typing\",\"room\":" + notString + ",\"data\":{\"isTyping\":true}}";
                case 4 ->
                    "{\"type\":\"typing\",\"room\":\"" + support + "\",\"data\":"
                            + pick(
                                    "1",
                                    "\"x\"",
                                    "[]",
                                    "true",
                                    "{\"isTyping\":\"yes\"}",
                                    "{\"isTyping\":1}",
                                    "{\"isTyping\":null}",
                                    "{}")
                            + "}";
                case 5 ->
                    "{\"type\":\"join\",\"room\":\"" + user + "\",\"since\":"
                            + pick(
                                    "1",
                                    "\"s\"",
                                    "[]",
                                    "true",
                                    "{}",
                                    "{\"offset\":\"1\",\"epoch\":\"e\"}",
                                    "{\"offset\":1,\"epoch\":1}",
                                    "{\"offset\":1}",
                                    "{\"epoch\":\"e\"}",
                                    "{\"offset\":1.5,\"epoch\":\"e\"}",
                                    "{\"offset\":null,\"epoch\":\"e\"}",
                                    "{\"offset\":1,\"epoch\":null}",
                                    "{\"offset\":[1],\"epoch\":\"e\"}")
                            + "}";
                case 6 -> "{\"type\":\"auth\",\"token\":" + notString + "}";
                case 7 -> "{\"type\":\"auth\"}";
                case 8 ->
                    pick(
                            "[]",
                            "1",
                            "\"join\"",
                            "true",
                            "null",
                            "[{\"type\":\"ping\"}]",
                            "\"{\\\"type\\\":\\\"ping\\\"}\"");
                case 9 -> "{\"room\":\"" + user + "\"}";
                default -> "{\"type\":\"join\"}";
            };
            return new Bad("wrong type", text, Set.of("INVALID_MESSAGE"), 1);
        }

        private String pick(String... options) {
            return options[random.nextInt(options.length)];
        }

        private Bad unknownType() {
            String type;
            do {
                type = random.nextBoolean()
                        ? randomText(1 + random.nextInt(60))
                        : pick("JOIN", "Join", "join ", " ping", "subscribe", "publish", "", "\u0000", "ping\u0000");
            } while (KNOWN_TYPES.contains(type));
            ObjectNode frame = TestApi.JSON.createObjectNode().put("type", type).put("room", user);
            return new Bad("unknown type", frame.toString(), Set.of("UNKNOWN_TYPE"), 1);
        }

        private Bad strangeRoom() {
            UUID id = UUID.randomUUID();
            String room = switch (random.nextInt(12)) {
                case 0 -> "booking:\u0000";
                case 1 -> user + "\u0000";
                case 2 -> "\u0000" + user;
                case 3 -> "support:名前";
                case 4 -> "booking:" + id + "\u200b";
                case 5 -> "user:" + id.toString().replace('-', '\u2010');
                case 6 -> "booking:\ud800";
                case 7 -> randomText(1 + random.nextInt(100));
                case 8 -> "";
                case 9 -> "booking:" + "a".repeat(1 + random.nextInt(2000));
                case 10 -> "user: " + id;
                default -> "BOOKING:" + id;
            };
            if (room.startsWith("booking:") || room.startsWith("support:") || room.startsWith("user:")) {
                // fine: a form that is not the contract's
            }
            ObjectNode frame = TestApi.JSON.createObjectNode();
            Set<String> codes;
            switch (random.nextInt(3)) {
                case 0 -> {
                    frame.put("type", "join").put("room", room);
                    codes = Set.of("INVALID_ROOM");
                }
                case 1 -> {
                    frame.put("type", "leave").put("room", room);
                    codes = Set.of("INVALID_ROOM", "NOT_IN_ROOM");
                }
                default -> {
                    frame.put("type", "typing")
                            .put("room", room)
                            .putObject("data")
                            .put("isTyping", true);
                    codes = Set.of("INVALID_ROOM", "NOT_IN_ROOM");
                }
            }
            return new Bad("unicode and NUL in room names", frame.toString(), codes, 1);
        }
    }
}
