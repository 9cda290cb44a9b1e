package com.servicehub.booking;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The transition table against CONTRACT §2, transcribed here by hand rather than derived from the code. */
class StatusTransitionsTests {

    private static final Map<String, Set<Party>> CONTRACT = Map.of(
            "pending>confirmed", Set.of(Party.ADMIN),
            "assigned>en_route", Set.of(Party.ASSIGNED_TECHNICIAN, Party.ADMIN),
            "en_route>arrived", Set.of(Party.ASSIGNED_TECHNICIAN, Party.ADMIN),
            "arrived>in_progress", Set.of(Party.ASSIGNED_TECHNICIAN, Party.ADMIN),
            "in_progress>completed", Set.of(Party.ASSIGNED_TECHNICIAN, Party.ADMIN),
            "pending>cancelled", Set.of(Party.CUSTOMER, Party.ADMIN),
            "confirmed>cancelled", Set.of(Party.CUSTOMER, Party.ADMIN),
            "assigned>cancelled", Set.of(Party.CUSTOMER, Party.ADMIN));

    static Stream<Arguments> everyPair() {
        List<Arguments> pairs = new ArrayList<>();
        for (BookingStatus from : BookingStatus.values()) {
            for (BookingStatus to : BookingStatus.values()) {
                pairs.add(Arguments.of(from, to));
            }
        }
        return pairs.stream();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("everyPair")
    void exactlyTheContractsMovesAreListedWithTheContractsParties(BookingStatus from, BookingStatus to) {
        Set<Party> expected = CONTRACT.getOrDefault(from.value() + ">" + to.value(), Set.of());
        assertThat(StatusTransitions.whoMay(from, to)).isEqualTo(expected);
        assertThat(StatusTransitions.isListed(from, to)).isEqualTo(!expected.isEmpty());
    }

    @Test
    void assignedIsNeverAStatusChange() {
        for (BookingStatus from : BookingStatus.values()) {
            assertThat(StatusTransitions.isListed(from, BookingStatus.ASSIGNED)).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(BookingStatus.class)
    void assignmentAssignsPendingAndConfirmedKeepsAJobUnderWayAndNotAFinishedOne(BookingStatus status) {
        switch (status) {
            case PENDING, CONFIRMED -> {
                assertThat(StatusTransitions.assignableFrom(status)).isTrue();
                assertThat(StatusTransitions.afterAssignment(status)).isEqualTo(BookingStatus.ASSIGNED);
            }
            case ASSIGNED, EN_ROUTE, ARRIVED, IN_PROGRESS -> {
                assertThat(StatusTransitions.assignableFrom(status)).isTrue();
                assertThat(StatusTransitions.afterAssignment(status)).isEqualTo(status);
            }
            case COMPLETED, CANCELLED ->
                assertThat(StatusTransitions.assignableFrom(status)).isFalse();
        }
    }

    @Test
    void locationIsTrackedOnTheWayAndOnSiteOnly() {
        Set<BookingStatus> tracked = EnumSet.noneOf(BookingStatus.class);
        for (BookingStatus status : BookingStatus.values()) {
            if (StatusTransitions.tracksLocationIn(status)) {
                tracked.add(status);
            }
        }
        assertThat(tracked)
                .containsExactlyInAnyOrder(BookingStatus.EN_ROUTE, BookingStatus.ARRIVED, BookingStatus.IN_PROGRESS);
    }
}
