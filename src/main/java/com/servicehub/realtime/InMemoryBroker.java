package com.servicehub.realtime;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import com.servicehub.system.Timestamps;

/**
 * The broker of a node that runs alone: publishing is delivering to this node's hub, and each
 * room's history lives in memory. Histories of rooms that nobody is in and that saw nothing for
 * longer than the retention time are dropped; a later history of the same room gets a new epoch.
 */
class InMemoryBroker implements Broker {

    private final Hub hub;
    private final FrameEncoder encoder;
    private final HistoryProperties retention;
    private final Map<String, RoomHistory> histories = new ConcurrentHashMap<>();
    private final String epochPrefix = UUID.randomUUID().toString().substring(0, 8);
    private final AtomicLong generations = new AtomicLong();

    InMemoryBroker(Hub hub, FrameEncoder encoder, HistoryProperties retention) {
        this.hub = hub;
        this.encoder = encoder;
        this.retention = retention;
    }

    @Override
    public void publish(RoomEvent event) {
        long now = System.nanoTime();
        long nowMillis = System.currentTimeMillis();
        for (String room : event.rooms()) {
            RoomHistory history = history(room, nowMillis);
            synchronized (history) {
                long offset = history.nextOffset();
                ServerFrame frame = event.toFrame(room, offset, history.epoch);
                byte[] json = encoder.encodeBytes(frame);
                history.append(offset, json, nowMillis, retention.size(), retention.ttl().toMillis());
                hub.deliver(room, json, frame, null, now);
            }
        }
    }

    @Override
    public void subscribe(Connection connection, String room, ClientFrame.Since since) {
        long nowMillis = System.currentTimeMillis();
        RoomHistory history = history(room, nowMillis);
        synchronized (history) {
            history.touch(nowMillis);
            hub.join(connection, room);
            if (since == null) {
                hub.sendDirect(connection, new ServerFrame.JoinedRoom(room, null, history.offset(), history.epoch,
                        Timestamps.now()));
                return;
            }
            RoomHistory.Recovery recovery = history.recover(since.offset(), since.epoch(), nowMillis,
                    retention.ttl().toMillis());
            hub.sendDirect(connection, new ServerFrame.JoinedRoom(room, recovery.recovered(), history.offset(),
                    history.epoch, Timestamps.now()));
            for (RoomHistory.Entry entry : recovery.missed()) {
                connection.sendBytes(entry.json());
            }
        }
    }

    @Override
    public void publishTyping(ServerFrame.Typing typing, Connection sender) {
        hub.deliver(typing.room(), encoder.encodeBytes(typing), typing, sender, 0);
    }

    @Override
    public void publishRevocation(String room, UUID userId) {
        hub.revoke(room, userId);
    }

    /** Drops histories nobody can still want: no member here, nothing new within the retention time. */
    void evictIdle() {
        long cutoff = System.currentTimeMillis() - retention.ttl().toMillis();
        histories.entrySet().removeIf(entry -> {
            synchronized (entry.getValue()) {
                return entry.getValue().touchedAtMillis() < cutoff && !hub.hasRoom(entry.getKey());
            }
        });
    }

    private RoomHistory history(String room, long nowMillis) {
        RoomHistory history = histories.get(room);
        if (history != null) {
            return history;
        }
        // Histories only pile up when new ones are made, so that is when old ones are cleared.
        if (generations.get() % 1024 == 1023) {
            evictIdle();
        }
        return histories.computeIfAbsent(room,
                name -> new RoomHistory(epochPrefix + "-" + Long.toString(generations.incrementAndGet(), 36), nowMillis));
    }
}
