package com.servicehub.chaos;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import tools.jackson.databind.JsonNode;

/**
 * The chaos run: two real nodes of the built jar on PostgreSQL and a Redis of the run's own,
 * client sockets spread over both and joined to booking and user rooms, a steady stream of status
 * changes and support messages over REST, and faults in turn. For every client and room it checks
 * every event that REST said was committed: received exactly once and in order, or covered by a
 * gap the client was told about. A loss nobody was told about is a silent loss.
 *
 * <pre>
 *   ./mvnw -Pchaos verify                  # the full run (1,000 sockets, every fault)
 *   java -cp ... com.servicehub.chaos.ChaosRun full|smoke
 * </pre>
 * The smoke variant ({@link ChaosIT}, 50 sockets, one kill -9 and a 3 s Redis stop) runs in
 * {@code ./mvnw verify}.
 */
public final class ChaosRun {

    /** How big the run is and which faults it plays. */
    record Settings(
            String name,
            int sockets,
            int socketsPerCustomer,
            int bookingsPerCustomer,
            double opsPerSecond,
            int baselineSeconds,
            int settleSeconds,
            int redisStopSeconds,
            boolean restartKilledNode,
            boolean allFaults) {

        static Settings full() {
            return new Settings("full", 1000, 5, 6, 30, 10, 15, 15, true, true);
        }

        static Settings smoke() {
            return new Settings("smoke", 50, 5, 3, 8, 4, 8, 3, false, false);
        }
    }

    /** An event that REST said was committed, and the rooms it must reach. */
    record Committed(String key, List<String> rooms, long requestedNanos, long answeredNanos, int phase) {}

    /** One fault's figures. */
    record PhaseResult(
            String name,
            int committed,
            long expected,
            long delivered,
            long duplicates,
            long outOfOrder,
            long gapsSignalled,
            long silentLosses,
            double resumedSeconds,
            double clientsBackSeconds,
            int restFailures) {}

    record Report(Settings settings, List<PhaseResult> phases, List<String> losses, String table) {
        long silentLosses() {
            return phases.stream().mapToLong(PhaseResult::silentLosses).sum();
        }
    }

    private static final String[] STEPS = {"confirmed", "assigned", "en_route", "arrived", "in_progress", "completed"};

    private final Settings settings;
    private final Path workDir;
    private final List<ChaosNode> nodes = new ArrayList<>();
    private ChaosRedis redis;
    private ChaosRest rest;
    private final List<ChaosClient> clients = new ArrayList<>();
    private final List<Customer> customers = new ArrayList<>();
    private final Map<String, List<Committed>> ledger = new ConcurrentHashMap<>();
    private final List<String> phaseNames = Collections.synchronizedList(new ArrayList<>());
    private final List<Long> phaseStarts = Collections.synchronizedList(new ArrayList<>());
    private final Map<Integer, Double> clientsBack = new ConcurrentHashMap<>();
    private final Map<Integer, AtomicInteger> restFailures = new ConcurrentHashMap<>();
    private final AtomicInteger rr = new AtomicInteger();
    private volatile boolean driving;
    private String adminToken;
    private String technicianId;
    private long t0;

    private static final class Customer {
        String id;
        String token;
        String ticketId;
        final List<String> bookings = new ArrayList<>();
        final int[] steps;
        final AtomicBoolean busy = new AtomicBoolean();

        Customer(int bookings) {
            steps = new int[bookings];
        }
    }

    ChaosRun(Settings settings, Path workDir) {
        this.settings = settings;
        this.workDir = workDir;
    }

    public static void main(String[] args) throws Exception {
        Settings settings = args.length > 0 && args[0].equals("smoke") ? Settings.smoke() : Settings.full();
        Report report = new ChaosRun(settings, Path.of("target", "chaos")).run();
        System.exit(report.silentLosses() == 0 ? 0 : 1);
    }

    Report run() throws Exception {
        Files.createDirectories(workDir);
        t0 = System.nanoTime();
        String secret = UUID.randomUUID().toString() + UUID.randomUUID();
        redis = new ChaosRedis(workDir);
        ScheduledExecutorService timer = Executors.newScheduledThreadPool(2);
        ExecutorService socketThreads = Executors.newFixedThreadPool(4);
        HttpClient wsHttp = HttpClient.newBuilder().executor(socketThreads).build();
        try {
            redis.start();
            Map<String, String> env = Map.of(
                    "DATABASE_URL",
                    databaseUrl(),
                    "REDIS_URL",
                    redis.url(),
                    "JWT_SECRET",
                    secret,
                    "SEED_DEMO_DATA",
                    "false",
                    // Every customer of the run registers from this one address.
                    "REGISTRATION_MAX_PER_ADDRESS",
                    "100000");
            Path jar = ChaosNode.builtJar(Path.of("target"));
            for (String name : List.of("a", "b")) {
                ChaosNode node = new ChaosNode(name, jar, workDir, env);
                nodes.add(node);
                node.start(Duration.ofSeconds(180));
                log("node " + name + " ready on " + node.port);
            }
            rest = new ChaosRest(() -> nodes.stream().map(ChaosNode::httpUrl).toList(), secret);
            setUp();
            log(customers.size() + " customers, " + ledgerRooms() + " rooms");
            for (int i = 0; i < settings.sockets(); i++) {
                Customer customer = customers.get(i / settings.socketsPerCustomer());
                List<String> rooms = new ArrayList<>();
                rooms.add("user:" + customer.id);
                customer.bookings.forEach(booking -> rooms.add("booking:" + booking));
                ChaosClient client = new ChaosClient(
                        i,
                        rooms,
                        customer.token,
                        i % nodes.size(),
                        () -> nodes.stream().map(ChaosNode::wsUrl).toList(),
                        wsHttp,
                        timer);
                clients.add(client);
                client.connect();
                if (i % 50 == 49) {
                    sleep(100);
                }
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
            while (!clients.stream().allMatch(ChaosClient::joinedAll)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("sockets did not all join: "
                            + clients.stream().filter(c -> !c.joinedAll()).count() + " missing");
                }
                sleep(200);
            }
            log(clients.size() + " sockets joined");
            Thread driver = new Thread(this::drive, "chaos-driver");
            driving = true;
            driver.start();
            faults();
            driving = false;
            driver.join();
            log("stream stopped; draining");
            drain();
            Report report = check();
            Files.writeString(
                    workDir.resolve("report-" + settings.name() + ".md"),
                    report.table()
                            + (report.losses().isEmpty()
                                    ? ""
                                    : "\nSilent losses:\n" + String.join("\n", report.losses()) + "\n"));
            System.out.println(report.table());
            report.losses().stream().limit(50).forEach(System.out::println);
            return report;
        } finally {
            clients.forEach(ChaosClient::stop);
            nodes.forEach(ChaosNode::close);
            redis.close();
            timer.shutdownNow();
            socketThreads.shutdownNow();
        }
    }

    /** The database of the nodes: {@code TEST_DATABASE_URL} as a {@code postgres://} URL with its user. */
    private static String databaseUrl() {
        String url = System.getenv().getOrDefault("TEST_DATABASE_URL", "jdbc:postgresql://127.0.0.1:5432/test");
        return url.startsWith("jdbc:postgresql://")
                ? "postgres://postgres@" + url.substring("jdbc:postgresql://".length())
                : url;
    }

    private void setUp() throws Exception {
        // An admin of the run's own, made with a minted admin token (the gateway and the REST API
        // take any well-signed token), so the run needs neither the demo accounts nor their password.
        String bootstrap = rest.token(UUID.randomUUID().toString(), "admin");
        adminToken = rest.token(
                rest.must(
                                "POST",
                                "/api/v2/admin/users",
                                bootstrap,
                                Map.of(
                                        "phone",
                                        randomPhone(),
                                        "password",
                                        "chaos-password",
                                        "name",
                                        "Chaos Admin",
                                        "role",
                                        "admin"))
                        .path("id")
                        .asString(),
                "admin");
        technicianId = rest.must(
                        "POST",
                        "/api/v2/admin/users",
                        adminToken,
                        Map.of(
                                "phone",
                                randomPhone(),
                                "password",
                                "chaos-password",
                                "name",
                                "Chaos Technician",
                                "role",
                                "technician"))
                .path("id")
                .asString();
        int count = (settings.sockets() + settings.socketsPerCustomer() - 1) / settings.socketsPerCustomer();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<java.util.concurrent.Future<Customer>> made = new ArrayList<>();
        String scheduledAt = Instant.now()
                .plus(Duration.ofDays(2))
                .truncatedTo(ChronoUnit.MILLIS)
                .toString();
        for (int i = 0; i < count; i++) {
            made.add(pool.submit(() -> {
                Customer customer = new Customer(settings.bookingsPerCustomer());
                customer.id = rest.must(
                                "POST",
                                "/api/v2/auth/register",
                                null,
                                Map.of("phone", randomPhone(), "password", "chaos-password", "name", "Chaos Customer"))
                        .path("id")
                        .asString();
                customer.token = rest.token(customer.id, "customer");
                customer.ticketId = rest.must(
                                "POST",
                                "/api/v2/support/tickets",
                                customer.token,
                                Map.of("subject", "chaos", "message", "hello"))
                        .path("id")
                        .asString();
                for (int b = 0; b < settings.bookingsPerCustomer(); b++) {
                    customer.bookings.add(rest.must(
                                    "POST",
                                    "/api/v2/bookings",
                                    customer.token,
                                    Map.of(
                                            "serviceType",
                                            "cleaning",
                                            "address",
                                            "1 Chaos Street",
                                            "scheduledAt",
                                            scheduledAt))
                            .path("id")
                            .asString());
                }
                return customer;
            }));
        }
        for (var future : made) {
            customers.add(future.get());
        }
        pool.shutdown();
    }

    private int ledgerRooms() {
        return customers.size() * (1 + settings.bookingsPerCustomer());
    }

    private static String randomPhone() {
        return "+9665"
                + String.format(Locale.ROOT, "%08d", ThreadLocalRandom.current().nextInt(100_000_000));
    }

    // the faults, in turn

    private void faults() throws Exception {
        phase("baseline");
        sleep(settings.baselineSeconds() * 1000L);

        phase("kill -9 of node a");
        nodes.get(0).kill9();
        awaitClientsBack();
        if (settings.restartKilledNode()) {
            sleep(5000);
            nodes.get(0).start(Duration.ofSeconds(180));
            log("node a restarted");
        }
        sleep(settings.settleSeconds() * 1000L);

        phase("Redis stopped " + settings.redisStopSeconds() + " s");
        redis.stopSaving();
        sleep(settings.redisStopSeconds() * 1000L);
        redis.start();
        sleep(settings.settleSeconds() * 1000L);

        if (!settings.allFaults()) {
            return;
        }
        phase("Redis restarted empty");
        redis.killAndForget();
        redis.start();
        sleep(settings.settleSeconds() * 1000L);

        phase("PostgreSQL restarted");
        Process pg = new ProcessBuilder(
                        "sh", "-c", "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main restart")
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve("pg-restart.log").toFile())
                .start();
        pg.waitFor(60, TimeUnit.SECONDS);
        log("PostgreSQL restart exited " + pg.exitValue());
        sleep(settings.settleSeconds() * 1000L);

        phase("rolling restart (SIGTERM)");
        for (ChaosNode node : nodes) {
            node.terminate();
            awaitClientsBack();
            node.start(Duration.ofSeconds(180));
            log("node " + node.name + " restarted");
        }
        sleep(settings.settleSeconds() * 1000L);
    }

    private void phase(String name) {
        phaseStarts.add(System.nanoTime());
        phaseNames.add(name);
        log("phase: " + name);
    }

    /** Waits until every socket is connected again and has rejoined its rooms. */
    private void awaitClientsBack() {
        int phase = phaseNames.size() - 1;
        long start = phaseStarts.get(phase);
        sleep(300);
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            boolean back = clients.stream()
                    .allMatch(client -> client.open()
                            && client.joinedAll()
                            && (client.lastDisconnectNanos < start || rejoinedSince(client, start)));
            if (back) {
                clientsBack.merge(phase, (System.nanoTime() - start) / 1e9, Math::max);
                return;
            }
            sleep(100);
        }
        log("not every socket came back within 120 s");
    }

    private static boolean rejoinedSince(ChaosClient client, long start) {
        synchronized (client) {
            return client.state.values().stream().allMatch(room -> room.joins >= 2);
        }
    }

    // the stream of changes

    private void drive() {
        ExecutorService workers = Executors.newFixedThreadPool(16);
        long interval = (long) (1e9 / settings.opsPerSecond());
        long next = System.nanoTime();
        while (driving) {
            next += interval;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            Customer customer = null;
            for (int attempt = 0; attempt < 5 && customer == null; attempt++) {
                Customer candidate = customers.get(ThreadLocalRandom.current().nextInt(customers.size()));
                if (candidate.busy.compareAndSet(false, true)) {
                    customer = candidate;
                }
            }
            if (customer != null) {
                Customer chosen = customer;
                workers.submit(() -> {
                    try {
                        change(chosen);
                    } catch (RuntimeException ex) {
                        log("change failed: " + ex);
                    } finally {
                        chosen.busy.set(false);
                    }
                });
            }
        }
        workers.shutdown();
        try {
            workers.awaitTermination(120, TimeUnit.SECONDS);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private void change(Customer customer) {
        List<Integer> open = new ArrayList<>();
        for (int b = 0; b < customer.steps.length; b++) {
            if (customer.steps[b] < STEPS.length) {
                open.add(b);
            }
        }
        if (!open.isEmpty() && ThreadLocalRandom.current().nextBoolean()) {
            statusChange(customer, open.get(ThreadLocalRandom.current().nextInt(open.size())));
        } else {
            message(customer);
        }
    }

    private void statusChange(Customer customer, int index) {
        String booking = customer.bookings.get(index);
        String status = STEPS[customer.steps[index]];
        long requested = System.nanoTime();
        ChaosRest.Answer answer = status.equals("assigned")
                ? rest.call(
                        rr.incrementAndGet(),
                        "PUT",
                        "/api/v2/bookings/" + booking + "/technician",
                        adminToken,
                        Map.of("technicianId", technicianId))
                : rest.call(
                        rr.incrementAndGet(),
                        "PATCH",
                        "/api/v2/bookings/" + booking + "/status",
                        adminToken,
                        Map.of("status", status));
        boolean committed;
        if (answer.ok()) {
            committed = status.equals(answer.body().path("status").asString());
        } else {
            failed(requested, answer);
            // No answer, or an error: ask what the booking's status is now.
            JsonNode now = resolve("GET", "/api/v2/bookings/" + booking);
            committed = now != null && status.equals(now.path("status").asString());
        }
        if (committed) {
            commit("s:" + booking + ":" + status, List.of("booking:" + booking, "user:" + customer.id), requested);
            customer.steps[index]++;
        }
    }

    private void message(Customer customer) {
        String text = "chaos " + UUID.randomUUID();
        long requested = System.nanoTime();
        ChaosRest.Answer answer = rest.call(
                rr.incrementAndGet(),
                "POST",
                "/api/v2/support/tickets/" + customer.ticketId + "/messages",
                adminToken,
                Map.of("message", text));
        String id = null;
        if (answer.ok()) {
            id = answer.body().path("id").asString();
        } else {
            failed(requested, answer);
            JsonNode list = resolve("GET", "/api/v2/support/tickets/" + customer.ticketId + "/messages?limit=200");
            if (list != null) {
                for (JsonNode message : list) {
                    if (text.equals(message.path("message").asString())) {
                        id = message.path("id").asString();
                    }
                }
            }
        }
        if (id != null) {
            commit("m:" + id, List.of("user:" + customer.id), requested);
        }
    }

    private void failed(long requested, ChaosRest.Answer answer) {
        int count = restFailures
                .computeIfAbsent(phaseOf(requested), ignored -> new AtomicInteger())
                .incrementAndGet();
        if (count <= 3) {
            log("REST call failed: "
                    + (answer.status() == 0 ? answer.failure() : answer.status() + " " + answer.body()));
        }
    }

    /** Asks any node until one answers 200; what a client reloading over REST would see. */
    private JsonNode resolve(String method, String path) {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            ChaosRest.Answer answer =
                    rest.call(ThreadLocalRandom.current().nextInt(1 << 20), method, path, adminToken, null);
            if (answer.status() == 200) {
                return answer.body();
            }
            sleep(250);
        }
        log("could not resolve " + path);
        return null;
    }

    private void commit(String key, List<String> rooms, long requested) {
        Committed event = new Committed(key, rooms, requested, System.nanoTime(), phaseOf(requested));
        for (String room : rooms) {
            ledger.computeIfAbsent(room, ignored -> Collections.synchronizedList(new ArrayList<>()))
                    .add(event);
        }
    }

    private int phaseOf(long nanos) {
        synchronized (phaseStarts) {
            for (int i = phaseStarts.size() - 1; i >= 0; i--) {
                if (nanos >= phaseStarts.get(i)) {
                    return i;
                }
            }
        }
        return 0;
    }

    // the check

    private void drain() {
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        long last = -1;
        while (System.nanoTime() < deadline) {
            Report report = check();
            long open = report.silentLosses();
            if (open == 0) {
                return;
            }
            if (open != last) {
                log("waiting for " + open + " deliveries");
                last = open;
            }
            sleep(1000);
        }
    }

    Report check() {
        int phases = phaseNames.size();
        int[] committed = new int[phases];
        long[] expected = new long[phases];
        long[] delivered = new long[phases];
        long[] duplicates = new long[phases];
        long[] outOfOrder = new long[phases];
        long[] gaps = new long[phases];
        long[] silent = new long[phases];
        double[] resumed = new double[phases];
        Set<String> counted = new HashSet<>();
        for (List<Committed> events : ledger.values()) {
            synchronized (events) {
                for (Committed event : events) {
                    if (counted.add(event.key())) {
                        committed[event.phase()]++;
                    }
                }
            }
        }
        List<String> losses = new ArrayList<>();
        for (ChaosClient client : clients) {
            synchronized (client) {
                for (Map.Entry<String, ChaosClient.RoomState> entry : client.state.entrySet()) {
                    List<Committed> events = ledger.getOrDefault(entry.getKey(), List.of());
                    List<Committed> copy;
                    synchronized (events) {
                        copy = new ArrayList<>(events);
                    }
                    Map<String, Integer> index = new HashMap<>();
                    for (int i = 0; i < copy.size(); i++) {
                        index.put(copy.get(i).key(), i);
                    }
                    ChaosClient.RoomState room = entry.getValue();
                    long[] firstReceipt = new long[copy.size()];
                    Set<String> seen = new HashSet<>();
                    int highest = -1;
                    for (ChaosClient.Received received : room.received) {
                        Integer at = index.get(received.key());
                        if (at == null) {
                            continue;
                        }
                        Committed event = copy.get(at);
                        if (!seen.add(received.key())) {
                            duplicates[event.phase()]++;
                            continue;
                        }
                        firstReceipt[at] = received.atNanos();
                        if (at < highest) {
                            outOfOrder[event.phase()]++;
                        }
                        highest = Math.max(highest, at);
                        delivered[event.phase()]++;
                        long late = received.atNanos() - event.answeredNanos();
                        if (late > 1_000_000_000L) {
                            resumed[event.phase()] = Math.max(
                                    resumed[event.phase()],
                                    (received.atNanos() - phaseStarts.get(event.phase())) / 1e9);
                        }
                    }
                    for (int i = 0; i < copy.size(); i++) {
                        Committed event = copy.get(i);
                        expected[event.phase()]++;
                        if (firstReceipt[i] != 0) {
                            continue;
                        }
                        // Missed: covered when the client was told after the request and before
                        // it received any later event of the room.
                        long until = Long.MAX_VALUE;
                        for (int j = i + 1; j < copy.size(); j++) {
                            if (firstReceipt[j] != 0) {
                                until = Math.min(until, firstReceipt[j]);
                            }
                        }
                        long limit = until;
                        boolean told =
                                room.gapSignals.stream().anyMatch(at -> at > event.requestedNanos() && at <= limit);
                        if (told) {
                            gaps[event.phase()]++;
                        } else {
                            silent[event.phase()]++;
                            // Told at all, but only after a later event of the room had arrived?
                            String toldLater = room.gapSignals.stream()
                                    .filter(at -> at > event.requestedNanos())
                                    .findFirst()
                                    .map(at -> String.format(Locale.ROOT, "told only later, at %.3f s", seconds(at)))
                                    .orElse("never told");
                            losses.add(String.format(
                                    Locale.ROOT,
                                    "  %s: client %d (now on node %s) room %s event %s requested at %.3f s, answered at %.3f s, %s; received %d events of the room, signals %s",
                                    phaseNames.get(event.phase()),
                                    client.id,
                                    nodes.get(Math.floorMod(client.node(), nodes.size())).name,
                                    entry.getKey(),
                                    event.key(),
                                    seconds(event.requestedNanos()),
                                    seconds(event.answeredNanos()),
                                    toldLater,
                                    room.received.size(),
                                    room.gapSignals.stream().map(this::seconds).toList()));
                        }
                    }
                }
            }
        }
        List<PhaseResult> results = new ArrayList<>();
        for (int p = 0; p < phases; p++) {
            results.add(new PhaseResult(
                    phaseNames.get(p),
                    committed[p],
                    expected[p],
                    delivered[p],
                    duplicates[p],
                    outOfOrder[p],
                    gaps[p],
                    silent[p],
                    resumed[p],
                    clientsBack.getOrDefault(p, Double.NaN),
                    restFailures.getOrDefault(p, new AtomicInteger()).get()));
        }
        return new Report(settings, results, losses, table(results));
    }

    private String table(List<PhaseResult> results) {
        StringBuilder table = new StringBuilder(String.format(
                Locale.ROOT,
                "Chaos run (%s): %d sockets on %d nodes, %d customers, %.0f REST changes/s%n%n",
                settings.name(),
                clients.size(),
                nodes.size(),
                customers.size(),
                settings.opsPerSecond()));
        table.append(
                "| fault | events committed | deliveries expected | delivered | duplicates | out of order | gaps signalled | silent losses | delivery resumed after | sockets back after | REST calls failed |\n");
        table.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (PhaseResult r : results) {
            table.append(String.format(
                    Locale.ROOT,
                    "| %s | %d | %d | %d | %d | %d | %d | **%d** | %s | %s | %d |%n",
                    r.name(),
                    r.committed(),
                    r.expected(),
                    r.delivered(),
                    r.duplicates(),
                    r.outOfOrder(),
                    r.gapsSignalled(),
                    r.silentLosses(),
                    r.resumedSeconds() == 0 ? "no pause" : String.format(Locale.ROOT, "%.1f s", r.resumedSeconds()),
                    Double.isNaN(r.clientsBackSeconds())
                            ? "-"
                            : String.format(Locale.ROOT, "%.1f s", r.clientsBackSeconds()),
                    r.restFailures()));
        }
        return table.toString();
    }

    private double seconds(long nanos) {
        return (nanos - t0) / 1e9;
    }

    private void log(String line) {
        System.out.printf(Locale.ROOT, "[chaos %7.1f s] %s%n", seconds(System.nanoTime()), line);
    }

    static void sleep(long millis) {
        sleep(millis, 0);
    }

    static void sleep(long millis, int nanos) {
        try {
            Thread.sleep(millis, nanos);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    static String text(Path path) throws IOException {
        return Files.readString(path, StandardCharsets.UTF_8);
    }
}
