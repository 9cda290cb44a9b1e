package com.servicehub.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class MemoryStreamTests {

    static final RoomEvent EVENT = new RoomEvent.StatusChanged(UUID.randomUUID(), UUID.randomUUID(), "confirmed",
            Instant.EPOCH);

    @Test
    void offsetsGrowByOneUnderTheStreamsEpoch() {
        MemoryStream stream = new MemoryStream("e1", 0);
        assertThat(stream.position()).isEqualTo(new StreamPosition(0, "e1"));
        assertThat(stream.append(EVENT, 0, 100, 60_000)).isEqualTo(new StreamPosition(1, "e1"));
        assertThat(stream.append(EVENT, 0, 100, 60_000)).isEqualTo(new StreamPosition(2, "e1"));
    }

    @Test
    void keepsTheLastSizeEvents() {
        MemoryStream stream = new MemoryStream("e1", 0);
        for (int i = 0; i < 150; i++) {
            stream.append(EVENT, 0, 100, 60_000);
        }
        History history = stream.read(0, 1_000, 0, 60_000);
        assertThat(history.top().offset()).isEqualTo(150);
        assertThat(RecoveryTests.offsets(history.entries())).hasSize(100).startsWith(51L).endsWith(150L);
    }

    @Test
    void dropsEventsOlderThanTheTimeToLive() {
        MemoryStream stream = new MemoryStream("e1", 0);
        stream.append(EVENT, 0, 100, 1_000);
        stream.append(EVENT, 500, 100, 1_000);
        stream.append(EVENT, 1_200, 100, 1_000);
        assertThat(RecoveryTests.offsets(stream.read(0, 100, 1_400, 1_000).entries())).containsExactly(2L, 3L);
        assertThat(RecoveryTests.offsets(stream.read(0, 100, 2_300, 1_000).entries())).isEmpty();
        assertThat(stream.read(0, 100, 2_300, 1_000).top().offset()).isEqualTo(3);
    }

    @Test
    void readsAfterAnOffsetUpToALimit() {
        MemoryStream stream = new MemoryStream("e1", 0);
        for (int i = 0; i < 10; i++) {
            stream.append(EVENT, 0, 100, 60_000);
        }
        assertThat(RecoveryTests.offsets(stream.read(6, 100, 0, 60_000).entries())).containsExactly(7L, 8L, 9L, 10L);
        assertThat(RecoveryTests.offsets(stream.read(2, 3, 0, 60_000).entries())).containsExactly(3L, 4L, 5L);
        assertThat(stream.read(2, 0, 0, 60_000).entries()).isEmpty();
        assertThat(stream.read(10, 100, 0, 60_000).entries()).isEmpty();
    }
}
