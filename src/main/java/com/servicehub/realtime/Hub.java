package com.servicehub.realtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.springframework.stereotype.Component;

import com.servicehub.system.Timestamps;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.FastThreadLocal;

/**
 * This node's connections and rooms, and the fan-out to them.
 *
 * <p>A room keeps its members split by Netty event loop. Delivering to a room encodes the frame
 * once and hands each event loop one task that writes duplicates of the same buffer to
 * its members; flushes are coalesced per event loop. A room's deliveries all come from its
 * worker ({@link Node}), one after the other, and each event loop runs its tasks in order, so
 * every member sees a room's events in publish order. A member whose write
 * buffer is over its bound is closed with 1013 instead of being written to: a slow reader never
 * holds anyone else up, and never grows the heap without bound.
 */
@Component
class Hub {

    private static final FastThreadLocal<FlushBatch> FLUSHES = new FastThreadLocal<>() {
        @Override
        protected FlushBatch initialValue() {
            return new FlushBatch();
        }
    };

    private final ConcurrentHashMap<Long, Connection> connections = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Room> rooms = new ConcurrentHashMap<>();
    private final FrameEncoder encoder;
    private final RealtimeMetrics metrics;
    private final Duration closeGrace;
    private volatile Consumer<String> roomEmptied = room -> {};

    Hub(FrameEncoder encoder, RealtimeMetrics metrics, RealtimeProperties properties) {
        this.encoder = encoder;
        this.metrics = metrics;
        this.closeGrace = properties.closeGrace();
        metrics.bindHub(this);
    }

    // connections

    void register(Connection connection) {
        connections.put(connection.id, connection);
    }

    /** Removes a connection from every room it was in; empty rooms are dropped. */
    void unregister(Connection connection) {
        connections.remove(connection.id);
        for (String room : connection.rooms()) {
            leave(connection, room);
        }
    }

    Collection<Connection> connections() {
        return connections.values();
    }

    int connectionCount() {
        return connections.size();
    }

    int roomCount() {
        return rooms.size();
    }

    long subscriptionCount() {
        long total = 0;
        for (Room room : rooms.values()) {
            total += room.size();
        }
        return total;
    }

    // rooms

    /**
     * Makes a connection that holds the room (see {@link Connection#addRoom}) one of its members,
     * so deliveries reach it; false when it left or went away meanwhile.
     */
    boolean addMember(Connection connection, String room) {
        rooms.compute(room, (name, existing) -> {
            Room target = existing != null ? existing : new Room();
            target.add(connection);
            return target;
        });
        // Joins complete off the event loop, so the client may have gone or left meanwhile, and its
        // close may already have cleared its rooms; the room would then hold a dead connection for
        // good. A close after this check still finds the room among the connection's rooms.
        if (!connection.channel.isActive() || !connection.inRoom(room)) {
            removeMember(room, connection);
            return false;
        }
        return true;
    }

    /** Removes the connection from the room; false when it was not in. */
    boolean leave(Connection connection, String room) {
        if (!connection.removeRoom(room)) {
            return false;
        }
        removeMember(room, connection);
        return true;
    }

    private void removeMember(String room, Connection connection) {
        boolean[] emptied = new boolean[1];
        rooms.computeIfPresent(room, (name, existing) -> {
            emptied[0] = existing.remove(connection);
            return emptied[0] ? null : existing;
        });
        if (emptied[0]) {
            roomEmptied.accept(room);
        }
    }

    /** Told whenever a room loses its last member here. */
    void onRoomEmptied(Consumer<String> listener) {
        this.roomEmptied = listener;
    }

    boolean hasRoom(String room) {
        return rooms.containsKey(room);
    }

    /** Takes the user's connections out of a room, telling each with {@code left_room} "revoked". */
    void revoke(String room, UUID userId) {
        Room target = rooms.get(room);
        if (target == null) {
            return;
        }
        for (Connection member : target.members()) {
            if (member.userId().equals(userId) && leave(member, room)) {
                sendDirect(member, new ServerFrame.LeftRoom(room, "revoked", Timestamps.now()));
            }
        }
    }

    /** Closes every connection in a room (they reconnect and recover). */
    void closeRoom(String room, int code, String reason) {
        Room target = rooms.get(room);
        if (target != null) {
            target.members().forEach(member -> member.close(code, reason, closeGrace));
        }
    }

    // delivery

    /**
     * Sends one frame to one connection, within the same bound as fan-out: a reader whose backlog
     * is full is closed with 1013 instead.
     */
    void sendDirect(Connection connection, ServerFrame frame) {
        if (connection.isClosing()) {
            return;
        }
        ByteBuf wire = FrameEncoder.toWireFrame(encoder.encodeBytes(frame));
        metrics.frameSent(frame);
        Channel channel = connection.channel;
        if (channel.eventLoop().inEventLoop()) {
            offerDirect(connection, wire);
        } else {
            channel.eventLoop().execute(() -> offerDirect(connection, wire));
        }
    }

    private void offerDirect(Connection connection, ByteBuf wire) {
        switch (connection.offer(wire)) {
            case WRITTEN -> connection.channel.flush();
            case OVERFLOW -> closeSlow(connection);
            default -> {}
        }
    }

    private void closeSlow(Connection connection) {
        if (connection.close(CloseCodes.TRY_AGAIN_LATER, "slow consumer", closeGrace)) {
            metrics.slowConsumerClosed();
        }
    }

    /**
     * Delivers an encoded frame to everyone in the room but the connection whose id is
     * {@code except} (0: nobody). Returns how many connections it was handed to.
     */
    int deliver(String room, byte[] json, ServerFrame frame, long except, long publishedAtNanos) {
        Room target = rooms.get(room);
        if (target == null) {
            return 0;
        }
        ByteBuf encoded = FrameEncoder.toWireFrame(json);
        int recipients = 0;
        try {
            for (Partition partition : target.partitions) {
                encoded.retain();
                recipients += partition.size;
                partition.loop.execute(() -> write(partition.slots, partition.size, encoded, except, publishedAtNanos));
            }
        } finally {
            encoded.release();
        }
        metrics.framesSent(frame, recipients);
        return recipients;
    }

    private void write(Connection[] members, int size, ByteBuf encoded, long except, long publishedAtNanos) {
        try {
            FlushBatch flushes = FLUSHES.get();
            for (int i = 0; i < size; i++) {
                Connection member = members[i];
                if (member.id == except || member.isClosing()) {
                    continue;
                }
                // Already a whole WebSocket frame: passes the frame encoder untouched. A plain
                // duplicate shares the buffer's leak record; a retained one would have its own,
                // with a stack trace per recipient whenever the buffer is sampled for leaks.
                switch (member.offer(encoded.duplicate().retain())) {
                    case WRITTEN -> flushes.add(member);
                    case OVERFLOW -> closeSlow(member);
                    default -> {}
                }
            }
            if (publishedAtNanos > 0) {
                metrics.publishToWrite(System.nanoTime() - publishedAtNanos);
            }
        } finally {
            encoded.release();
        }
    }

    void forEachConnection(Consumer<Connection> action) {
        connections.values().forEach(action);
    }

    /** Flushes, once per event loop turn, every connection written to in that turn. */
    private static final class FlushBatch implements Runnable {

        private final List<Connection> dirty = new ArrayList<>();
        private boolean scheduled;

        void add(Connection connection) {
            if (connection.dirty) {
                return;
            }
            connection.dirty = true;
            dirty.add(connection);
            if (!scheduled) {
                scheduled = true;
                connection.channel.eventLoop().execute(this);
            }
        }

        @Override
        public void run() {
            scheduled = false;
            for (Connection connection : dirty) {
                connection.dirty = false;
                connection.channel.flush();
            }
            dirty.clear();
        }
    }

    /** How many member slots were copied while rooms grew (see {@link Partition}); for tests. */
    long memberSlotsCopied(String room) {
        Room target = rooms.get(room);
        return target == null ? 0 : target.slotsCopied;
    }

    /**
     * A room's members, split by event loop. Deliveries read a {@link Partition} without locking;
     * changes make new partitions under the room's lock.
     */
    private static final class Room {

        private volatile Partition[] partitions = new Partition[0];
        /** Member slots copied into new arrays by joins, under the lock. */
        private long slotsCopied;

        synchronized void add(Connection connection) {
            EventLoop loop = connection.channel.eventLoop();
            Partition[] current = partitions;
            for (int i = 0; i < current.length; i++) {
                if (current[i].loop == loop) {
                    Partition grown = current[i].with(connection);
                    if (grown.slots != current[i].slots) {
                        slotsCopied += current[i].size;
                    }
                    Partition[] next = current.clone();
                    next[i] = grown;
                    partitions = next;
                    return;
                }
            }
            Partition[] next = Arrays.copyOf(current, current.length + 1);
            next[current.length] = Partition.of(loop, connection);
            partitions = next;
        }

        /** Returns true when the room is empty afterwards. */
        synchronized boolean remove(Connection connection) {
            Partition[] current = partitions;
            for (int i = 0; i < current.length; i++) {
                Partition partition = current[i];
                if (partition.loop == connection.channel.eventLoop()) {
                    Partition smaller = partition.without(connection);
                    if (smaller == partition) {
                        break;
                    }
                    if (smaller.size == 0) {
                        Partition[] next = new Partition[current.length - 1];
                        System.arraycopy(current, 0, next, 0, i);
                        System.arraycopy(current, i + 1, next, i, current.length - i - 1);
                        partitions = next;
                    } else {
                        Partition[] next = current.clone();
                        next[i] = smaller;
                        partitions = next;
                    }
                    break;
                }
            }
            return partitions.length == 0;
        }

        List<Connection> members() {
            List<Connection> all = new ArrayList<>();
            for (Partition partition : partitions) {
                all.addAll(Arrays.asList(partition.slots).subList(0, partition.size));
            }
            return all;
        }

        int size() {
            int size = 0;
            for (Partition partition : partitions) {
                size += partition.size;
            }
            return size;
        }
    }

    /**
     * The members of a room on one event loop: {@code slots[0..size)}, never changed once a
     * delivery may have read them. A join appends into the spare capacity of the array it shares
     * with older partitions (which never read past their own size), so a room of n members costs
     * O(n) copies to build, not O(n²); only when the array is full does it move to one twice as
     * large. A leave copies into a new array, so no slot an older partition reads is ever
     * overwritten: a delivery that started before a join or a leave sees the room as it was.
     */
    private static final class Partition {

        private static final int FIRST_CAPACITY = 4;

        final EventLoop loop;
        final Connection[] slots;
        final int size;

        private Partition(EventLoop loop, Connection[] slots, int size) {
            this.loop = loop;
            this.slots = slots;
            this.size = size;
        }

        static Partition of(EventLoop loop, Connection first) {
            Connection[] slots = new Connection[FIRST_CAPACITY];
            slots[0] = first;
            return new Partition(loop, slots, 1);
        }

        /** Only ever called on a room's newest partition, under the room's lock. */
        Partition with(Connection connection) {
            Connection[] target = slots;
            if (size == target.length) {
                target = Arrays.copyOf(slots, size * 2);
            }
            target[size] = connection;
            return new Partition(loop, target, size + 1);
        }

        Partition without(Connection connection) {
            for (int i = 0; i < size; i++) {
                if (slots[i] == connection) {
                    Connection[] next = new Connection[Math.max(FIRST_CAPACITY, size - 1)];
                    System.arraycopy(slots, 0, next, 0, i);
                    System.arraycopy(slots, i + 1, next, i, size - i - 1);
                    return new Partition(loop, next, size - 1);
                }
            }
            return this;
        }
    }
}
