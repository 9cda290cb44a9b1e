package com.servicehub.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class MemoryStreamTests {

    static final RoomEvent EVENT =
            new RoomEvent.StatusChanged(UUID.randomUUID(), UUID.randomUUID(), "confirmed", Instant.EPOCH);
    static final Publication PUBLICATION = Publication.untracked(EVENT);

    @Test
    void offsetsGrowByOneUnderTheStreamsEpoch() {
        MemoryStream stream = new MemoryStream("e1", 0);
        assertThat(stream.position()).isEqualTo(new StreamPosition(0, "e1"));
        assertThat(stream.append(PUBLICATION, 0, 100, 60_000).position()).isEqualTo(new StreamPosition(1, "e1"));
        assertThat(stream.append(PUBLICATION, 0, 100, 60_000).position()).isEqualTo(new StreamPosition(2, "e1"));
    }

    @Test
    void keepsTheLastSizeEvents() {
        MemoryStream stream = new MemoryStream("e1", 0);
        for (int i = 0; i < 150; i++) {
            stream.append(PUBLICATION, 0, 100, 60_000);
        }
        History history = stream.read(0, 1_000, 0, 60_000);
        assertThat(history.top().offset()).isEqualTo(150);
        assertThat(RecoveryTests.offsets(history.entries()))
                .hasSize(100)
                .startsWith(51L)
                .endsWith(150L);
    }

    @Test
    void dropsEventsOlderThanTheTimeToLive() {
        MemoryStream stream = new MemoryStream("e1", 0);
        stream.append(PUBLICATION, 0, 100, 1_000);
        stream.append(PUBLICATION, 500, 100, 1_000);
        stream.append(PUBLICATION, 1_200, 100, 1_000);
        assertThat(RecoveryTests.offsets(stream.read(0, 100, 1_400, 1_000).entries()))
                .containsExactly(2L, 3L);
        assertThat(RecoveryTests.offsets(stream.read(0, 100, 2_300, 1_000).entries()))
                .isEmpty();
        assertThat(stream.read(0, 100, 2_300, 1_000).top().offset()).isEqualTo(3);
    }

    @Test
    void readsAfterAnOffsetUpToALimit() {
        MemoryStream stream = new MemoryStream("e1", 0);
        for (int i = 0; i < 10; i++) {
            stream.append(PUBLICATION, 0, 100, 60_000);
        }
        assertThat(RecoveryTests.offsets(stream.read(6, 100, 0, 60_000).entries()))
                .containsExactly(7L, 8L, 9L, 10L);
        assertThat(RecoveryTests.offsets(stream.read(2, 3, 0, 60_000).entries()))
                .containsExactly(3L, 4L, 5L);
        assertThat(stream.read(2, 0, 0, 60_000).entries()).isEmpty();
        assertThat(stream.read(10, 100, 0, 60_000).entries()).isEmpty();
    }

    @Test
    void aPublicationHeldAlreadyKeepsItsFirstPosition() {
        MemoryStream stream = new MemoryStream("e1", 0);
        Publication publication = new Publication(UUID.randomUUID(), null, 0, EVENT);
        assertThat(stream.append(publication, 0, 100, 60_000).position()).isEqualTo(new StreamPosition(1, "e1"));
        stream.append(PUBLICATION, 0, 100, 60_000);
        assertThat(stream.append(publication, 0, 100, 60_000).position()).isEqualTo(new StreamPosition(1, "e1"));
        assertThat(stream.position().offset()).isEqualTo(2);
    }

    @Test
    void aPublicationNoLongerHeldIsAppendedAgain() {
        MemoryStream stream = new MemoryStream("e1", 0);
        Publication publication = new Publication(UUID.randomUUID(), null, 0, EVENT);
        stream.append(publication, 0, 2, 60_000);
        stream.append(PUBLICATION, 0, 2, 60_000);
        stream.append(PUBLICATION, 0, 2, 60_000);
        assertThat(stream.append(publication, 0, 2, 60_000).position()).isEqualTo(new StreamPosition(4, "e1"));
    }

    @Test
    void anOlderVersionOfAnOrderKeyIsDropped() {
        MemoryStream stream = new MemoryStream("e1", 0);
        assertThat(stream.append(new Publication(UUID.randomUUID(), "status:b", 7, EVENT), 0, 100, 60_000)
                        .position())
                .isNotNull();
        assertThat(stream.append(new Publication(UUID.randomUUID(), "status:b", 5, EVENT), 0, 100, 60_000)
                        .position())
                .isNull();
        assertThat(stream.append(new Publication(UUID.randomUUID(), "status:b", 7, EVENT), 0, 100, 60_000)
                        .position())
                .isNull();
        assertThat(stream.append(new Publication(UUID.randomUUID(), "location:b", 6, EVENT), 0, 100, 60_000)
                        .position())
                .isEqualTo(new StreamPosition(2, "e1"));
        assertThat(stream.append(new Publication(UUID.randomUUID(), "status:b", 8, EVENT), 0, 100, 60_000)
                        .position())
                .isEqualTo(new StreamPosition(3, "e1"));
    }
}
