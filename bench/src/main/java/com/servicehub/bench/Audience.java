package com.servicehub.bench;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Who connects as whom and joins which room: connection i authenticates as {@link #userOf}
 * (role {@link #roleOf}) and joins room {@link #roomOf} (or none, -1). A room of K members is K
 * connections that share one user id: the contract lets a user join {@code user:<own id>}, and
 * several connections of one user each get a copy of the user's events.
 */
final class Audience {

    static final String CUSTOMER = "customer";

    private final int[] roomOfConnection;
    private final String[] userOfConnection;
    private final String[] roleOfConnection;
    private final String[] roomNames;
    private final String[] roomUsers;
    /** Booking rooms: the r-th subscriber of every room goes to node r mod N (see {@link #nodeOf}). */
    private boolean nodeBySubscriber;

    private Audience(int connections, int rooms) {
        roomOfConnection = new int[connections];
        userOfConnection = new String[connections];
        roleOfConnection = new String[connections];
        roomNames = new String[rooms];
        roomUsers = new String[rooms];
    }

    /** Rooms {@code user:<uuid>} of {@code roomSize} connections each (the last may be smaller). */
    static Audience userRooms(int connections, int roomSize) {
        int rooms = (connections + roomSize - 1) / roomSize;
        Audience a = new Audience(connections, rooms);
        for (int r = 0; r < rooms; r++) {
            a.roomUsers[r] = UUID.randomUUID().toString();
            a.roomNames[r] = "user:" + a.roomUsers[r];
        }
        for (int i = 0; i < connections; i++) {
            int room = i / roomSize;
            a.roomOfConnection[i] = room;
            a.userOfConnection[i] = a.roomUsers[room];
            a.roleOfConnection[i] = CUSTOMER;
        }
        return a;
    }

    /**
     * Rooms {@code booking:<id>}, {@code subscribersPerBooking} connections each; connection i
     * watches booking i mod B. As {@code customer} every connection is the booking's customer; as
     * {@code admin} each is an admin with a random id of its own (an admin may join any booking
     * room), which keeps the measurement clean should the gateway also put every connection in its
     * own {@code user:} room: a customer's connections would then get each other's status changes.
     */
    static Audience bookingRooms(List<BookingRef> bookings, int subscribersPerBooking, String role) {
        int rooms = bookings.size();
        Audience a = new Audience(rooms * subscribersPerBooking, rooms);
        for (int r = 0; r < rooms; r++) {
            a.roomUsers[r] = bookings.get(r).customerId();
            a.roomNames[r] = "booking:" + bookings.get(r).id();
        }
        a.nodeBySubscriber = true;
        boolean asCustomer = CUSTOMER.equals(role);
        for (int i = 0; i < a.roomOfConnection.length; i++) {
            int room = i % rooms;
            a.roomOfConnection[i] = room;
            a.userOfConnection[i] =
                    asCustomer ? a.roomUsers[room] : UUID.randomUUID().toString();
            a.roleOfConnection[i] = role;
        }
        return a;
    }

    /**
     * Which of {@code nodes} WebSocket URLs connection i uses. Connections take turns (i mod N),
     * except in booking rooms, where the r-th subscriber of every booking goes to node r mod N:
     * with as many subscribers per booking as nodes, every room then has one connection on each
     * node, and each event is measured on every node at the same moment and load.
     */
    int nodeOf(int connection, int nodes) {
        if (nodeBySubscriber && roomNames.length > 0) {
            return (connection / roomNames.length) % nodes;
        }
        return connection % nodes;
    }

    /** Connections that join nothing, each its own random user. */
    static Audience noRooms(int connections) {
        Audience a = new Audience(connections, 0);
        Arrays.fill(a.roomOfConnection, -1);
        Arrays.fill(a.roleOfConnection, CUSTOMER);
        for (int i = 0; i < connections; i++) {
            a.userOfConnection[i] = UUID.randomUUID().toString();
        }
        return a;
    }

    int connections() {
        return roomOfConnection.length;
    }

    int rooms() {
        return roomNames.length;
    }

    int roomOf(int connection) {
        return roomOfConnection[connection];
    }

    String userOf(int connection) {
        return userOfConnection[connection];
    }

    String roleOf(int connection) {
        return roleOfConnection[connection];
    }

    String roomName(int room) {
        return roomNames[room];
    }

    /** The user id behind a room: the {@code userId} that routes a {@code booking:status} event to it. */
    String roomUser(int room) {
        return roomUsers[room];
    }
}
