package com.servicehub.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class AudienceTest {

    /** An even number of rooms is the case where taking turns (i mod 2) would put a room on one node. */
    @Test
    void everyBookingRoomHasOneSubscriberOnEachNode() {
        List<BookingRef> bookings = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            bookings.add(new BookingRef("b" + i, "c" + i, "t" + i));
        }
        Audience audience = Audience.bookingRooms(bookings, 2, "admin");

        List<Set<Integer>> nodesOfRoom = new ArrayList<>();
        for (int r = 0; r < audience.rooms(); r++) {
            nodesOfRoom.add(new HashSet<>());
        }
        for (int i = 0; i < audience.connections(); i++) {
            nodesOfRoom.get(audience.roomOf(i)).add(audience.nodeOf(i, 2));
        }
        for (Set<Integer> nodes : nodesOfRoom) {
            assertEquals(Set.of(0, 1), nodes);
        }
    }

    @Test
    void otherAudiencesTakeTurns() {
        Audience audience = Audience.userRooms(10, 5);
        assertEquals(0, audience.nodeOf(4, 2));
        assertEquals(1, audience.nodeOf(5, 2));
        assertEquals(2, audience.nodeOf(5, 3));
    }
}
