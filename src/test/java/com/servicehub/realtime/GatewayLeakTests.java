package com.servicehub.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.servicehub.IntegrationTest;

/**
 * Connections that come and go, cleanly or not, in the middle of a join or not, leave nothing
 * in the hub: no connection and no room.
 */
class GatewayLeakTests extends IntegrationTest {

    static final int CLIENTS = 20;
    static final int CYCLES = 10_000;

    @Autowired
    Hub hub;

    @Test
    void tenThousandConnectJoinDisconnectCyclesLeaveNoConnectionAndNoRoom() throws Exception {
        List<UUID> userIds = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            UUID user = UUID.randomUUID();
            userIds.add(user);
            tokens.add(TestTokens.valid(user, "customer"));
        }
        AtomicInteger next = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int client = 0; client < CLIENTS; client++) {
                UUID user = userIds.get(client);
                String token = tokens.get(client);
                running.add(clients.submit(() -> {
                    for (int cycle = next.getAndIncrement(); cycle < CYCLES; cycle = next.getAndIncrement()) {
                        cycle(cycle, user, token);
                    }
                    return null;
                }));
            }
            for (Future<?> client : running) {
                client.get(3, TimeUnit.MINUTES);
            }
        } finally {
            clients.shutdownNow();
        }

        Set<UUID> ours = Set.copyOf(userIds);
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(hub.connections()).noneMatch(connection -> ours.contains(connection.userId()));
            assertThat(userIds).noneMatch(user -> hub.hasRoom("user:" + user));
        });
    }

    /** One app's visit, ended in one of four ways, some of them while its join is still being checked. */
    private void cycle(int cycle, UUID user, String token) {
        String room = "user:" + user;
        TestSocket socket = TestSocket.connect(port, token);
        try {
            switch (cycle % 4) {
                case 0 -> {
                    socket.nextOfType("connected");
                    GatewayRoomTests.assertJoined(socket.join(room), room);
                    socket.closeNormally();
                }
                case 1 -> {
                    socket.nextOfType("connected");
                    GatewayRoomTests.assertJoined(socket.join(room), room);
                    socket.close(); // aborts the TCP connection
                }
                case 2 -> {
                    socket.send(Map.of("type", "join", "room", room));
                    socket.close();
                }
                default -> {
                    socket.send(Map.of("type", "join", "room", room));
                    socket.closeNormally();
                }
            }
        } finally {
            socket.close();
        }
    }
}
