package com.servicehub.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.servicehub.system.Timestamps;

/**
 * A reader that stops reading is closed with 1013, and it can tell: when it reads again, the
 * close frame is there, behind only what was already on its way, with the node's default bounds.
 */
class SlowReaderCloseTests {

    static ClusterNodes node;

    @BeforeAll
    static void startNode() {
        node = ClusterNodes.startAlone(Map.of());
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    @Test
    void aReaderThatPausesWhileThousandsOfMessagesArePushedSeesTheCloseFrameWhenItReadsAgainSlowly() throws Exception {
        Broker broker = node.context(0).getBean(Broker.class);
        UUID user = UUID.randomUUID();
        String room = "user:" + user;
        try (TestSocket slow = TestSocket.connected(node.port(0), TestTokens.valid(user, "customer"))) {
            GatewayRoomTests.assertJoined(slow.join(room), room);
            slow.pauseReading();
            String text = "m".repeat(4000);
            UUID ticket = UUID.randomUUID();
            long pausedAt = System.nanoTime();
            for (int i = 0; i < 3000; i++) {
                broker.publish(new RoomEvent.MessagePosted(
                        ticket, user, UUID.randomUUID(), UUID.randomUUID(), text, Timestamps.now(), Timestamps.now()));
            }
            // Back shortly before the close grace (5 s) runs out, then catching up at 400 KB/s: the
            // close frame comes right after what was on the socket already, not after the half
            // megabyte of backlog behind it, so it is on the socket before the grace is over.
            Thread.sleep(Math.max(0, 4500 - (System.nanoTime() - pausedAt) / 1_000_000));
            slow.resumeReadingSlowly(Duration.ofMillis(10));
            TestSocket.Close close = slow.awaitClose(Duration.ofSeconds(90));
            assertThat(close.code())
                    .as("%s after %d frames", close, slow.received().size())
                    .isEqualTo(1013);
        }
    }
}
