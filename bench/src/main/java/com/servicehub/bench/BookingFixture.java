package com.servicehub.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Creates real data over REST for the booking scenarios: the admin (demo account) creates
 * technicians, customers register, customers book, the admin assigns technicians, and, when
 * asked, technicians set off ({@code en_route}, the state in which they may report locations).
 * Users log in once so that REST calls carry real access tokens; a run should stay inside the
 * tokens' lifetime (15 minutes by default).
 */
final class BookingFixture {

    static final String PASSWORD = "bench-password-1";

    /** What the setup made: the bookings, and an access token per user id. */
    record Setup(String adminToken, List<BookingRef> bookings, Map<String, String> tokens, double seconds) {
        String tokenOf(String userId) {
            return tokens.get(userId);
        }
    }

    enum Stage {
        CREATED,
        ASSIGNED,
        EN_ROUTE
    }

    private final RestApi api;
    private final int concurrency;
    private final PrintStream log;
    private final SecureRandom random = new SecureRandom();

    BookingFixture(RestApi api, int concurrency, PrintStream log) {
        this.api = api;
        this.concurrency = concurrency;
        this.log = log;
    }

    Setup create(
            String adminPhone,
            String adminPassword,
            int customers,
            int technicians,
            int bookings,
            Stage stage,
            String serviceType,
            String address)
            throws IOException, InterruptedException {
        long start = System.nanoTime();
        String adminToken = api.login(adminPhone, adminPassword).accessToken();
        Map<String, String> tokens = new HashMap<>();
        List<String> technicianIds = new ArrayList<>();
        List<String> customerIds = new ArrayList<>();
        int technicianCount = stage == Stage.CREATED ? 0 : technicians;
        for (int t = 0; t < technicianCount; t++) {
            String name = "Bench Technician " + (t + 1);
            NewUser user = withFreshPhone(p -> api.createUser(adminToken, p, PASSWORD, name, "technician"));
            technicianIds.add(user.id());
            tokens.put(user.id(), api.login(user.phone(), PASSWORD).accessToken());
        }
        for (int c = 0; c < customers; c++) {
            String name = "Bench Customer " + (c + 1);
            NewUser user = withFreshPhone(p -> api.register(p, PASSWORD, name));
            customerIds.add(user.id());
            tokens.put(user.id(), api.login(user.phone(), PASSWORD).accessToken());
        }
        log.printf(
                "setup: %d technicians, %d customers; creating %d bookings (%s)%n",
                technicianIds.size(), customerIds.size(), bookings, stage);

        String scheduledAt = IsoClock.format(Instant.now().plus(1, ChronoUnit.DAYS));
        BookingRef[] made = new BookingRef[bookings];
        AtomicInteger done = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int b = 0; b < bookings; b++) {
                int index = b;
                futures.add(pool.submit(() -> {
                    String customerId = customerIds.get(index % customerIds.size());
                    String technicianId =
                            technicianIds.isEmpty() ? null : technicianIds.get(index % technicianIds.size());
                    String id =
                            api.createBooking(tokens.get(customerId), serviceType, address, scheduledAt, "load test");
                    if (technicianId != null) {
                        api.assignTechnician(adminToken, id, technicianId);
                        if (stage == Stage.EN_ROUTE) {
                            api.changeStatus(tokens.get(technicianId), id, "en_route");
                        }
                    }
                    made[index] = new BookingRef(id, customerId, technicianId);
                    int n = done.incrementAndGet();
                    if (n % 500 == 0) {
                        log.printf("setup: %d of %d bookings%n", n, bookings);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof IOException io ? io : new IOException("booking setup failed", cause);
        } finally {
            pool.shutdownNow();
        }
        return new Setup(adminToken, List.of(made), tokens, (System.nanoTime() - start) / 1e9);
    }

    private interface PhoneCall {
        String call(String phone) throws IOException, InterruptedException;
    }

    private record NewUser(String id, String phone) {}

    /** Creates a user under a random phone, trying another when the number is taken (409). */
    private NewUser withFreshPhone(PhoneCall call) throws IOException, InterruptedException {
        for (int attempt = 0; ; attempt++) {
            String phone = newPhone();
            try {
                return new NewUser(call.call(phone), phone);
            } catch (RestApi.CallFailed e) {
                if (e.status != 409 || attempt >= 5) {
                    throw e;
                }
            }
        }
    }

    /** +9665 and eight random digits: an E.164 Saudi mobile number unlikely to be taken. */
    private String newPhone() {
        return "+9665" + (10_000_000 + random.nextInt(90_000_000));
    }
}
