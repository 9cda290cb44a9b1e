package com.servicehub.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The recovery rule, case by case, without a socket: what a joiner is told and sent. */
class RecoveryTests {

    static final String EPOCH = "e1";
    static final UUID CUSTOMER = UUID.randomUUID();

    static History.Entry entry(long offset) {
        return new History.Entry(
                offset,
                new RoomEvent.StatusChanged(
                        UUID.randomUUID(), CUSTOMER, "s" + offset, Instant.EPOCH.plusSeconds(offset)));
    }

    /** A history whose top is {@code top} and which still holds {@code oldest..top}. */
    static History history(String epoch, long top, long oldest) {
        List<History.Entry> entries = new ArrayList<>();
        for (long offset = oldest; offset <= top; offset++) {
            entries.add(entry(offset));
        }
        return new History(new StreamPosition(top, epoch), entries);
    }

    static List<Long> offsets(List<History.Entry> entries) {
        return entries.stream().map(History.Entry::offset).toList();
    }

    static ClientFrame.Since since(long offset, String epoch) {
        return new ClientFrame.Since(offset, epoch);
    }

    @Nested
    class CatchUp {

        @Test
        void aRoomNotFollowedYetStartsAtTheTop() {
            Recovery.CatchUp up = Recovery.catchUp(null, history(EPOCH, 7, 1));
            assertThat(up.cursor()).isEqualTo(new StreamPosition(7, EPOCH));
            assertThat(up.ahead()).isEmpty();
            assertThat(up.lost()).isFalse();
        }

        static Recovery.CatchUp to(StreamPosition top, History.Entry... ahead) {
            return new Recovery.CatchUp(List.of(ahead), false, top);
        }

        @Test
        void liveEventsOfTheNewEpochThatArrivedDuringTheReadAreStillDelivered() {
            StreamPosition before = new StreamPosition(4, "old");
            StreamPosition top = new StreamPosition(3, EPOCH);
            assertThat(Recovery.resumeAt(
                            before, to(top), List.of(new StreamPosition(3, EPOCH), new StreamPosition(4, EPOCH))))
                    .isEqualTo(new StreamPosition(2, EPOCH));
            assertThat(Recovery.resumeAt(before, to(top), List.of(new StreamPosition(5, "old"))))
                    .as("only events of the new epoch")
                    .isEqualTo(top);
            assertThat(Recovery.resumeAt(before, to(top), List.of())).isEqualTo(top);
        }

        @Test
        void liveEventsOfTheNewEpochThatTheCatchUpSentAheadAreNotSentAgain() {
            // The catch-up sent 2 and 3 of the new epoch; 3 and 4 arrived live during the read.
            StreamPosition before = new StreamPosition(4, "old");
            StreamPosition top = new StreamPosition(3, EPOCH);
            assertThat(Recovery.resumeAt(
                            before,
                            to(top, entry(2), entry(3)),
                            List.of(new StreamPosition(3, EPOCH), new StreamPosition(4, EPOCH))))
                    .isEqualTo(new StreamPosition(3, EPOCH));
        }

        @Test
        void withinOneEpochTheCatchUpsCursorStands() {
            StreamPosition top = new StreamPosition(9, EPOCH);
            assertThat(Recovery.resumeAt(new StreamPosition(4, EPOCH), to(top), List.of(new StreamPosition(5, EPOCH))))
                    .isEqualTo(top);
            assertThat(Recovery.resumeAt(null, to(top), List.of(new StreamPosition(5, EPOCH))))
                    .as("a room not followed yet starts at the top")
                    .isEqualTo(top);
        }

        @Test
        void aHistoryThatRestartedUnderAnotherEpochResetsTheCursor() {
            Recovery.CatchUp up = Recovery.catchUp(new StreamPosition(40, "old"), history(EPOCH, 2, 1));
            assertThat(up.cursor()).isEqualTo(new StreamPosition(2, EPOCH));
            assertThat(up.ahead()).isEmpty();
            assertThat(up.lost()).isFalse();
        }

        @Test
        void underAnotherEpochMembersGetWhatFollowsTheLastEventTheyHad() {
            // A promoted replica: it holds what it replicated (1..5, the members had up to 5) and
            // what was published on it since (6, 7), all under its own epoch.
            History promoted = history(EPOCH, 7, 1);
            RoomEvent had = promoted.entries().get(4).event();
            Recovery.CatchUp up = Recovery.catchUp(
                    new StreamPosition(5, "old"), promoted, new Recovery.Seen(had::equals, Long.MAX_VALUE));
            assertThat(offsets(up.ahead())).containsExactly(6L, 7L);
            assertThat(up.cursor()).isEqualTo(new StreamPosition(7, EPOCH));
            assertThat(up.lost()).isFalse();
        }

        @Test
        void underAnotherEpochThatLacksTheirLastEventMembersGetWhatWasStampedSince() {
            // A replica that lagged (or a Redis that came back empty): the last event the members
            // had is not there, so what was stamped at or after it is new to them.
            History lagged = history(EPOCH, 7, 1);
            long sinceMillis = Instant.EPOCH.plusSeconds(4).toEpochMilli();
            Recovery.CatchUp up = Recovery.catchUp(
                    new StreamPosition(9, "old"), lagged, new Recovery.Seen(event -> false, sinceMillis));
            assertThat(offsets(up.ahead())).containsExactly(4L, 5L, 6L, 7L);
            assertThat(up.cursor()).isEqualTo(new StreamPosition(7, EPOCH));
        }

        @Test
        void membersWhoJoinedWhileTheHistoryWasUnreadableGetWhatCameAfter() {
            long followedSince = Instant.EPOCH.plusSeconds(6).toEpochMilli();
            Recovery.CatchUp up = Recovery.catchUp(null, history(EPOCH, 7, 1), new Recovery.Seen(null, followedSince));
            assertThat(offsets(up.ahead())).containsExactly(6L, 7L);
            assertThat(up.cursor()).isEqualTo(new StreamPosition(7, EPOCH));
        }

        @Test
        void withinOneEpochWhatMembersHadDoesNotMatter() {
            Recovery.CatchUp up = Recovery.catchUp(
                    new StreamPosition(4, EPOCH), history(EPOCH, 7, 1), new Recovery.Seen(event -> true, 0));
            assertThat(offsets(up.ahead())).containsExactly(5L, 6L, 7L);
        }

        @Test
        void aJoinUnderAnotherEpochCatchesTheMembersUpFirst() {
            History promoted = history(EPOCH, 7, 1);
            RoomEvent had = promoted.entries().get(5).event();
            Recovery.Plan plan = Recovery.join(
                    since(6, "old"),
                    new StreamPosition(6, "old"),
                    promoted,
                    List.of(),
                    new Recovery.Seen(had::equals, Long.MAX_VALUE));
            assertThat(offsets(plan.catchUp().ahead())).containsExactly(7L);
            assertThat(plan.recovered()).as("the joiner's epoch is gone").isFalse();
            assertThat(plan.joinedAt()).isEqualTo(new StreamPosition(7, EPOCH));
        }

        @Test
        void aCursorAheadOfTheReadStaysWhereItIs() {
            Recovery.CatchUp up = Recovery.catchUp(new StreamPosition(9, EPOCH), history(EPOCH, 7, 1));
            assertThat(up.cursor()).isEqualTo(new StreamPosition(9, EPOCH));
            assertThat(up.ahead()).isEmpty();
        }

        @Test
        void aLaggingCursorGetsTheEventsInBetweenInOrder() {
            Recovery.CatchUp up = Recovery.catchUp(new StreamPosition(4, EPOCH), history(EPOCH, 7, 1));
            assertThat(offsets(up.ahead())).containsExactly(5L, 6L, 7L);
            assertThat(up.cursor()).isEqualTo(new StreamPosition(7, EPOCH));
            assertThat(up.lost()).isFalse();
        }

        @Test
        void eventsInBetweenThatTheHistoryNoLongerHoldsAreLost() {
            Recovery.CatchUp up = Recovery.catchUp(new StreamPosition(4, EPOCH), history(EPOCH, 9, 7));
            assertThat(up.lost()).isTrue();
            assertThat(up.ahead()).isEmpty();
            assertThat(up.cursor()).isEqualTo(new StreamPosition(9, EPOCH));
        }

        @Test
        void aHoleInTheMiddleIsLostToo() {
            History holed = new History(new StreamPosition(7, EPOCH), List.of(entry(5), entry(7)));
            assertThat(Recovery.catchUp(new StreamPosition(4, EPOCH), holed).lost())
                    .isTrue();
        }
    }

    @Nested
    class Join {

        @Test
        void aPlainJoinIsToldWhereTheRoomStandsAndGetsNothing() {
            Recovery.Plan plan = Recovery.join(null, new StreamPosition(5, EPOCH), history(EPOCH, 5, 1), List.of());
            assertThat(plan.recovered()).isNull();
            assertThat(plan.replay()).isEmpty();
            assertThat(plan.joinedAt()).isEqualTo(new StreamPosition(5, EPOCH));
        }

        @Test
        void sinceTheCurrentPositionRecoversWithNothingToReplay() {
            Recovery.Plan plan =
                    Recovery.join(since(5, EPOCH), new StreamPosition(5, EPOCH), history(EPOCH, 5, 1), List.of());
            assertThat(plan.recovered()).isTrue();
            assertThat(plan.replay()).isEmpty();
        }

        @Test
        void sinceAnOffsetStillHeldReplaysExactlyWhatCameAfter() {
            Recovery.Plan plan =
                    Recovery.join(since(2, EPOCH), new StreamPosition(5, EPOCH), history(EPOCH, 5, 1), List.of());
            assertThat(plan.recovered()).isTrue();
            assertThat(offsets(plan.replay())).containsExactly(3L, 4L, 5L);
        }

        @Test
        void sinceTheOffsetJustBeforeTheOldestHeldStillRecovers() {
            Recovery.Plan plan =
                    Recovery.join(since(3, EPOCH), new StreamPosition(9, EPOCH), history(EPOCH, 9, 4), List.of());
            assertThat(plan.recovered()).isTrue();
            assertThat(offsets(plan.replay())).containsExactly(4L, 5L, 6L, 7L, 8L, 9L);
        }

        @Test
        void oneOffsetOlderThanTheRetentionIsNotRecovered() {
            Recovery.Plan plan =
                    Recovery.join(since(2, EPOCH), new StreamPosition(9, EPOCH), history(EPOCH, 9, 4), List.of());
            assertThat(plan.recovered()).isFalse();
            assertThat(plan.replay()).isEmpty();
            assertThat(plan.joinedAt()).isEqualTo(new StreamPosition(9, EPOCH));
        }

        @Test
        void anEmptyHistoryCannotProveAnything() {
            Recovery.Plan plan = Recovery.join(
                    since(2, EPOCH),
                    new StreamPosition(9, EPOCH),
                    new History(new StreamPosition(9, EPOCH), List.of()),
                    List.of());
            assertThat(plan.recovered()).isFalse();
        }

        @Test
        void anotherEpochIsNotRecovered() {
            Recovery.Plan plan =
                    Recovery.join(since(5, "other"), new StreamPosition(5, EPOCH), history(EPOCH, 5, 1), List.of());
            assertThat(plan.recovered()).isFalse();
            assertThat(plan.replay()).isEmpty();
        }

        @Test
        void anOffsetFromTheFutureIsNotRecovered() {
            Recovery.Plan plan =
                    Recovery.join(since(6, EPOCH), new StreamPosition(5, EPOCH), history(EPOCH, 5, 1), List.of());
            assertThat(plan.recovered()).isFalse();
        }

        @Test
        void aRoomNotFollowedYetIsJudgedOnTheHistoryAlone() {
            Recovery.Plan plan = Recovery.join(since(3, EPOCH), null, history(EPOCH, 5, 1), List.of());
            assertThat(plan.recovered()).isTrue();
            assertThat(offsets(plan.replay())).containsExactly(4L, 5L);
            assertThat(plan.joinedAt()).isEqualTo(new StreamPosition(5, EPOCH));
        }

        @Test
        void eventsDeliveredLiveWhileTheHistoryWasReadAreMergedWithoutDuplicates() {
            // The read saw up to 5; the room went on live to 7 meanwhile.
            Recovery.Plan plan = Recovery.join(
                    since(3, EPOCH),
                    new StreamPosition(7, EPOCH),
                    history(EPOCH, 5, 1),
                    List.of(entry(5), entry(6), entry(7)));
            assertThat(plan.recovered()).isTrue();
            assertThat(offsets(plan.replay())).containsExactly(4L, 5L, 6L, 7L);
            assertThat(plan.joinedAt()).isEqualTo(new StreamPosition(7, EPOCH));
        }

        @Test
        void aClientAheadOfTheHistoryReadIsCoveredByWhatWasDeliveredMeanwhile() {
            Recovery.Plan plan = Recovery.join(
                    since(6, EPOCH), new StreamPosition(7, EPOCH), history(EPOCH, 5, 1), List.of(entry(6), entry(7)));
            assertThat(plan.recovered()).isTrue();
            assertThat(offsets(plan.replay())).containsExactly(7L);
        }

        @Test
        void aNodeLaggingBehindTheHistoryCatchesUpBeforeTheJoinerIsAnswered() {
            // Pub/Sub has not brought 6 and 7 here yet; the history has them.
            Recovery.Plan plan =
                    Recovery.join(since(6, EPOCH), new StreamPosition(5, EPOCH), history(EPOCH, 7, 1), List.of());
            assertThat(offsets(plan.catchUp().ahead())).containsExactly(6L, 7L);
            assertThat(plan.joinedAt()).isEqualTo(new StreamPosition(7, EPOCH));
            assertThat(plan.recovered()).isTrue();
            assertThat(offsets(plan.replay())).containsExactly(7L);
        }

        @Test
        void eventsOfAnEarlierEpochDeliveredMeanwhileDoNotCount() {
            Recovery.Plan plan = Recovery.join(
                    since(1, EPOCH),
                    new StreamPosition(8, "old"),
                    new History(new StreamPosition(3, EPOCH), List.of(entry(3))),
                    List.of(entry(2)));
            assertThat(plan.joinedAt()).isEqualTo(new StreamPosition(3, EPOCH));
            assertThat(plan.recovered()).isFalse();
        }

        @Test
        void aHoleInWhatIsKnownIsNotRecovered() {
            Recovery.Plan plan = Recovery.join(
                    since(3, EPOCH), new StreamPosition(7, EPOCH), history(EPOCH, 5, 1), List.of(entry(7)));
            assertThat(plan.recovered()).isFalse();
            assertThat(plan.replay()).isEmpty();
        }
    }
}
