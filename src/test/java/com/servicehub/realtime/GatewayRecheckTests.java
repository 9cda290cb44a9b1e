package com.servicehub.realtime;

import static com.servicehub.TestApi.body;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.servicehub.TestApi;
import com.servicehub.TestUsers;
import com.servicehub.TestUsers.Session;
import com.servicehub.auth.CurrentUser;
import com.servicehub.booking.BookingAccess;
import com.servicehub.support.TicketAccess;

import tools.jackson.databind.JsonNode;

/** Access is asked again when it may have changed unheard: on each token refresh, and right after a join. */
class GatewayRecheckTests {

    /** Answers the first question about a room, and fails every one after it, as a database blip would. */
    static class FlakyAfterFirstCheck {

        @Bean
        static BeanPostProcessor flakyAuthorizer() {
            return new Replacing();
        }

        static final class Replacing implements BeanPostProcessor, BeanFactoryAware {

            private BeanFactory beans;

            @Override
            public void setBeanFactory(BeanFactory beanFactory) {
                this.beans = beanFactory;
            }

            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                if (!(bean instanceof RoomAuthorizer)) {
                    return bean;
                }
                AtomicInteger checks = new AtomicInteger();
                return new RoomAuthorizer(beans.getBean(BookingAccess.class), beans.getBean(TicketAccess.class)) {
                    @Override
                    boolean mayJoin(CurrentUser user, RoomName room) {
                        if (checks.incrementAndGet() > 1) {
                            throw new IllegalStateException("connection refused (a database blip)");
                        }
                        return super.mayJoin(user, room);
                    }
                };
            }
        }
    }

    static String book(TestApi api, Session customer, Session technician, Session admin) {
        String booking = api.post(
                        "/api/v2/bookings",
                        customer.accessToken(),
                        body(
                                "serviceType",
                                "Cleaning",
                                "address",
                                "5 Tahlia St",
                                "scheduledAt",
                                Instant.now().plus(1, ChronoUnit.DAYS).toString()))
                .text("id");
        assertThat(api.put(
                                "/api/v2/bookings/" + booking + "/technician",
                                admin.accessToken(),
                                body("technicianId", technician.id().toString()))
                        .status())
                .isEqualTo(200);
        return booking;
    }

    @Test
    void aTokenRefreshTakesTheUserOutOfRoomsItMayNoLongerBeIn() {
        try (ClusterNodes node = ClusterNodes.startAlone(Map.of())) {
            TestApi api = new TestApi(node.port(0));
            TestUsers users = new TestUsers(api);
            Session customer = users.customer();
            Session technician = users.technician();
            Session admin = users.admin();
            String booking = book(api, customer, technician, admin);
            String room = "booking:" + booking;
            try (TestSocket socket = TestSocket.connected(node.port(0), technician.accessToken())) {
                GatewayRoomTests.assertJoined(socket.join(room), room);
                GatewayRoomTests.assertJoined(socket.join("user:" + technician.id()), "user:" + technician.id());
                // Access goes without anyone being told (as when a revocation never arrived).
                node.context(0)
                        .getBean(JdbcClient.class)
                        .sql("UPDATE bookings SET technician_id = NULL WHERE id = :id")
                        .param("id", UUID.fromString(booking))
                        .update();

                socket.send(Map.of(
                        "type",
                        "auth",
                        "token",
                        users.login(technician.phone(), TestUsers.PASSWORD).accessToken()));
                assertThat(socket.nextOfType("authenticated").path("expiresAt").asString())
                        .isNotEmpty();
                JsonNode left = socket.nextOfType("left_room");
                assertThat(left.path("room").asString()).isEqualTo(room);
                assertThat(left.path("reason").asString()).isEqualTo("revoked");
                assertThat(socket.drain(Duration.ofMillis(500)))
                        .as("the user's own room stays")
                        .isEmpty();
            }
        }
    }

    @Test
    void aCheckThatFailsRightAfterAJoinKeepsTheMemberAndTheConnection() {
        try (ClusterNodes node = ClusterNodes.start("", 1, Map.of(), FlakyAfterFirstCheck.class)) {
            TestApi api = new TestApi(node.port(0));
            TestUsers users = new TestUsers(api);
            Session customer = users.customer();
            String booking = api.post(
                            "/api/v2/bookings",
                            customer.accessToken(),
                            body(
                                    "serviceType",
                                    "Cleaning",
                                    "address",
                                    "5 Tahlia St",
                                    "scheduledAt",
                                    Instant.now().plus(1, ChronoUnit.DAYS).toString()))
                    .text("id");
            String room = "booking:" + booking;
            try (TestSocket socket = TestSocket.connected(node.port(0), customer.accessToken())) {
                GatewayRoomTests.assertJoined(socket.join(room), room);
                socket.send(Map.of("type", "ping"));
                assertThat(socket.nextOfType("pong")).isNotNull();
                assertThat(socket.isClosed()).isFalse();
                node.context(0)
                        .getBean(Broker.class)
                        .publish(new RoomEvent.StatusChanged(
                                UUID.fromString(booking), customer.id(), "confirmed", Instant.now()));
                assertThat(socket.nextOfType("status_update").path("room").asString())
                        .isEqualTo(room);
            }
        }
    }
}
