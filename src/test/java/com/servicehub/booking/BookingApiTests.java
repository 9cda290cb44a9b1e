package com.servicehub.booking;

import static com.servicehub.Problems.assertInvalid;
import static com.servicehub.Problems.assertProblem;
import static com.servicehub.TestApi.body;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.servicehub.IntegrationTest;
import com.servicehub.TestApi;
import com.servicehub.TestBookings;
import com.servicehub.TestUsers.Session;

import tools.jackson.databind.JsonNode;

/** Booking, reading and listing bookings, for every role, and what bad input does. */
class BookingApiTests extends IntegrationTest {

    private TestBookings bookings;

    @BeforeEach
    void setUp() {
        bookings = new TestBookings(api);
    }

    @Test
    void customerBooksAPendingServiceAndReadsItBack() {
        Session customer = users.customer();
        String scheduledAt = TestBookings.tomorrow();
        TestApi.Response created = api.post(
                "/api/v2/bookings",
                customer.accessToken(),
                body(
                        "serviceType",
                        "Plumbing",
                        "address",
                        "12 King Fahd Road, Riyadh",
                        "scheduledAt",
                        scheduledAt,
                        "notes",
                        "Kitchen sink leaks"));

        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        JsonNode booking = created.body();
        assertThat(booking.propertyNames())
                .containsExactlyInAnyOrder(
                        "id",
                        "customerId",
                        "technicianId",
                        "serviceType",
                        "address",
                        "scheduledAt",
                        "notes",
                        "status",
                        "createdAt",
                        "updatedAt");
        assertThat(created.text("customerId")).isEqualTo(customer.id().toString());
        assertThat(booking.get("technicianId").isNull()).isTrue();
        assertThat(created.text("serviceType")).isEqualTo("Plumbing");
        assertThat(created.text("address")).isEqualTo("12 King Fahd Road, Riyadh");
        assertThat(created.text("scheduledAt")).isEqualTo(scheduledAt);
        assertThat(created.text("notes")).isEqualTo("Kitchen sink leaks");
        assertThat(created.text("status")).isEqualTo("pending");
        assertThat(created.text("createdAt")).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
        assertThat(created.text("updatedAt")).isEqualTo(created.text("createdAt"));
        assertThat(created.header("Location")).isEqualTo("/api/v2/bookings/" + created.text("id"));

        TestApi.Response read = api.get("/api/v2/bookings/" + created.text("id"), customer.accessToken());
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.body()).isEqualTo(booking);
    }

    @Test
    void notesAreOptionalAndOffsetsAndMicrosecondsAreNormalized() {
        Session customer = users.customer();
        Instant at = Instant.now().plus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        String withOffset =
                DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").format(at.atOffset(ZoneOffset.ofHours(3)))
                        + ".123456+03:00";
        TestApi.Response created = api.post(
                "/api/v2/bookings",
                customer.accessToken(),
                body("serviceType", "  Cleaning  ", "address", "Olaya Street", "scheduledAt", withOffset));

        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        assertThat(created.body().get("notes").isNull()).isTrue();
        assertThat(created.text("serviceType")).isEqualTo("Cleaning");
        assertThat(created.text("scheduledAt")).isEqualTo(at.plusMillis(123).toString());
    }

    @Test
    void onlyCustomersBook() {
        Session technician = users.technician();
        Session admin = users.admin();
        for (Session notACustomer : List.of(technician, admin)) {
            assertProblem(api.post("/api/v2/bookings", notACustomer.accessToken(), TestBookings.validBooking()), 403);
        }
        assertThat(api.get("/api/v2/bookings", technician.accessToken())
                        .body()
                        .get("total")
                        .asLong())
                .isZero();
        assertProblem(api.post("/api/v2/bookings", null, TestBookings.validBooking()), 401);
    }

    @Test
    void aBookingIsVisibleToItsCustomerItsTechnicianAndAdminsOnly() {
        Session customer = users.customer();
        Session technician = users.technician();
        Session admin = users.admin();
        UUID id = bookings.bookIn("assigned", customer, technician, admin);

        for (Session allowed : List.of(customer, technician, admin, users.newAdmin())) {
            TestApi.Response read = bookings.get(id, allowed);
            assertThat(read.status()).as(read.raw()).isEqualTo(200);
            assertThat(read.text("id")).isEqualTo(id.toString());
        }
        for (Session stranger : List.of(users.customer(), users.technician())) {
            assertProblem(bookings.get(id, stranger), 404);
        }
        assertProblem(bookings.get(UUID.randomUUID(), admin), 404);
        assertProblem(api.get("/api/v2/bookings/" + id, null), 401);
    }

    @Test
    void aNonUuidIdIsABadRequest() {
        Session customer = users.customer();
        assertProblem(api.get("/api/v2/bookings/not-a-uuid", customer.accessToken()), 400);
        assertProblem(api.get("/api/v2/bookings/123", customer.accessToken()), 400);
        assertProblem(
                api.patch("/api/v2/bookings/not-a-uuid/status", customer.accessToken(), body("status", "cancelled")),
                400);
    }

    @Test
    void listsFollowTheRoleNewestFirst() {
        Session customer = users.customer();
        Session otherCustomer = users.customer();
        Session technician = users.technician();
        Session admin = users.admin();
        UUID first = bookings.book(customer);
        UUID second = bookings.bookIn("assigned", customer, technician, admin);
        UUID third = bookings.book(customer);
        UUID someoneElses = bookings.bookIn("assigned", otherCustomer, technician, admin);

        assertThat(ids(api.get("/api/v2/bookings", customer.accessToken()))).containsExactly(third, second, first);
        assertThat(ids(api.get("/api/v2/bookings", otherCustomer.accessToken())))
                .containsExactly(someoneElses);
        assertThat(ids(api.get("/api/v2/bookings", technician.accessToken()))).containsExactly(someoneElses, second);
        assertThat(ids(api.get("/api/v2/bookings", users.technician().accessToken())))
                .isEmpty();

        TestApi.Response all = api.get("/api/v2/bookings?size=100", admin.accessToken());
        assertThat(all.body().get("total").asLong()).isGreaterThanOrEqualTo(4);
        assertThat(ids(all)).contains(first, second, third, someoneElses);
        List<UUID> mine = ids(all).stream()
                .filter(List.of(first, second, third, someoneElses)::contains)
                .toList();
        assertThat(mine).containsExactly(someoneElses, third, second, first);
    }

    @Test
    void pagesAreZeroBasedWithADefaultSizeOfTwenty() {
        Session customer = users.customer();
        List<UUID> booked = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            booked.add(0, bookings.book(customer));
        }

        TestApi.Response firstPage = api.get("/api/v2/bookings?page=0&size=2", customer.accessToken());
        assertThat(firstPage.status()).isEqualTo(200);
        assertThat(firstPage.body().propertyNames()).containsExactlyInAnyOrder("items", "page", "size", "total");
        assertThat(firstPage.body().get("page").asInt()).isZero();
        assertThat(firstPage.body().get("size").asInt()).isEqualTo(2);
        assertThat(firstPage.body().get("total").asLong()).isEqualTo(5);
        assertThat(ids(firstPage)).containsExactly(booked.get(0), booked.get(1));
        assertThat(ids(api.get("/api/v2/bookings?page=1&size=2", customer.accessToken())))
                .containsExactly(booked.get(2), booked.get(3));
        assertThat(ids(api.get("/api/v2/bookings?page=2&size=2", customer.accessToken())))
                .containsExactly(booked.get(4));
        TestApi.Response beyond = api.get("/api/v2/bookings?page=3&size=2", customer.accessToken());
        assertThat(ids(beyond)).isEmpty();
        assertThat(beyond.body().get("total").asLong()).isEqualTo(5);

        TestApi.Response defaults = api.get("/api/v2/bookings", customer.accessToken());
        assertThat(defaults.body().get("page").asInt()).isZero();
        assertThat(defaults.body().get("size").asInt()).isEqualTo(20);
        assertThat(ids(defaults)).containsExactlyElementsOf(booked);
        assertThat(api.get("/api/v2/bookings?size=100", customer.accessToken()).status())
                .isEqualTo(200);
    }

    @Test
    void invalidPagingIsABadRequest() {
        Session customer = users.customer();
        for (String query : List.of("page=-1", "page=abc", "page=1.5", "page=", "page=99999999999")) {
            assertInvalid(api.get("/api/v2/bookings?" + query, customer.accessToken()), "page");
        }
        for (String query : List.of("size=0", "size=101", "size=-5", "size=ten", "size=")) {
            assertInvalid(api.get("/api/v2/bookings?" + query, customer.accessToken()), "size");
        }
    }

    @Test
    void invalidBookingsAreRefusedWithFieldErrorsAndNothingIsStored() {
        Session customer = users.customer();
        Map<String, Object> missingEverything = body();
        assertInvalid(post(customer, missingEverything), "serviceType", "address", "scheduledAt");
        assertInvalid(post(customer, with("serviceType", "")), "serviceType");
        assertInvalid(post(customer, with("serviceType", "   ")), "serviceType");
        assertInvalid(post(customer, with("serviceType", "x".repeat(101))), "serviceType");
        assertInvalid(post(customer, with("address", "")), "address");
        assertInvalid(post(customer, with("address", "x".repeat(501))), "address");
        assertInvalid(post(customer, with("notes", "x".repeat(2001))), "notes");
        assertInvalid(post(customer, with("notes", "nul\u0000byte")), "notes");
        assertInvalid(post(customer, with("scheduledAt", "")), "scheduledAt");
        assertInvalid(post(customer, with("scheduledAt", "tomorrow at noon")), "scheduledAt");
        assertInvalid(post(customer, with("scheduledAt", "2030-01-01T10:00:00")), "scheduledAt");
        assertInvalid(post(customer, with("scheduledAt", "2030-13-01T10:00:00Z")), "scheduledAt");
        assertInvalid(
                post(
                        customer,
                        with(
                                "scheduledAt",
                                Instant.now().minus(1, ChronoUnit.HOURS).toString())),
                "scheduledAt");
        assertInvalid(
                post(
                        customer,
                        with(
                                "scheduledAt",
                                Instant.now().plus(400, ChronoUnit.DAYS).toString())),
                "scheduledAt");
        assertInvalid(post(customer, with("scheduledAt", "+294277-01-01T00:00:00Z")), "scheduledAt");

        assertThat(api.get("/api/v2/bookings", customer.accessToken())
                        .body()
                        .get("total")
                        .asLong())
                .isZero();
    }

    @Test
    void limitsAreInclusiveAndAFewMinutesAgoIsStillNow() {
        Session customer = users.customer();
        Map<String, Object> atTheLimits = body(
                "serviceType",
                "s".repeat(100),
                "address",
                "a".repeat(500),
                "scheduledAt",
                Instant.now().minus(1, ChronoUnit.MINUTES).toString(),
                "notes",
                "n".repeat(2000));
        TestApi.Response created = post(customer, atTheLimits);
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        assertThat(created.text("notes")).hasSize(2000);
    }

    @Test
    void malformedJsonWrongTypesAndOtherBodiesAreBadRequests() {
        Session customer = users.customer();
        for (String raw : List.of(
                "{",
                "{\"serviceType\": \"Plumbing\",}",
                "not json",
                "[]",
                "null",
                "{\"serviceType\": {\"a\": 1}, \"address\": \"x\", \"scheduledAt\": \"" + TestBookings.tomorrow()
                        + "\"}",
                "{\"serviceType\": [\"a\"], \"address\": \"x\", \"scheduledAt\": \"" + TestBookings.tomorrow() + "\"}",
                "{\"serviceType\": \"a\", \"address\": \"x\", \"scheduledAt\": {\"at\": 1}}")) {
            assertProblem(
                    api.sendRaw("POST", "/api/v2/bookings", customer.accessToken(), raw, "application/json"), 400);
        }
        TestApi.Response noBody =
                api.sendRaw("POST", "/api/v2/bookings", customer.accessToken(), "", "application/json");
        assertProblem(noBody, 400);
        TestApi.Response notJson =
                api.sendRaw("POST", "/api/v2/bookings", customer.accessToken(), "serviceType=x", "text/plain");
        assertProblem(notJson, 415);
        assertThat(api.get("/api/v2/bookings", customer.accessToken())
                        .body()
                        .get("total")
                        .asLong())
                .isZero();
    }

    @Test
    void sqlLookingTextIsStoredVerbatimAndHarmless() {
        Session customer = users.customer();
        String serviceType = "Plumbing'); DROP TABLE bookings; --";
        String address = "1' OR '1'='1";
        String notes =
                "\"; DELETE FROM users WHERE ''='\n<script>alert(1)</script> \u0645\u0631\u062d\u0628\u0627 \uD83D\uDEB0";
        TestApi.Response created = post(
                customer,
                body(
                        "serviceType",
                        serviceType,
                        "address",
                        address,
                        "scheduledAt",
                        TestBookings.tomorrow(),
                        "notes",
                        notes));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);

        TestApi.Response read = bookings.get(UUID.fromString(created.text("id")), customer);
        assertThat(read.text("serviceType")).isEqualTo(serviceType);
        assertThat(read.text("address")).isEqualTo(address);
        assertThat(read.text("notes")).isEqualTo(notes);
        assertThat(api.get("/api/v2/bookings", customer.accessToken())
                        .body()
                        .get("total")
                        .asLong())
                .isEqualTo(1);
    }

    private TestApi.Response post(Session customer, Map<String, Object> booking) {
        return api.post("/api/v2/bookings", customer.accessToken(), booking);
    }

    private static Map<String, Object> with(String field, Object value) {
        Map<String, Object> booking = TestBookings.validBooking();
        booking.put(field, value);
        return booking;
    }

    private static List<UUID> ids(TestApi.Response page) {
        assertThat(page.status()).as(page.raw()).isEqualTo(200);
        List<UUID> ids = new ArrayList<>();
        page.body()
                .get("items")
                .forEach(item -> ids.add(UUID.fromString(item.get("id").asString())));
        return ids;
    }
}
