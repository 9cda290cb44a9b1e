package com.servicehub.realtime;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The broker of a node that runs alone: each room's stream lives in memory, and publishing is
 * handing the event to this node. Streams of rooms that nobody here is in and that saw nothing
 * for longer than the retention time are dropped; a later stream of the same room gets a new
 * epoch.
 */
class InMemoryBroker implements Broker {

    private final HistoryProperties retention;
    private final Map<String, MemoryStream> streams = new ConcurrentHashMap<>();
    private final Set<String> subscribed = ConcurrentHashMap.newKeySet();
    private final String epochPrefix = UUID.randomUUID().toString().substring(0, 8);
    private final AtomicLong generations = new AtomicLong();
    private volatile Handler handler;

    InMemoryBroker(HistoryProperties retention) {
        this.retention = retention;
    }

    @Override
    public void run(Handler handler) {
        this.handler = handler;
    }

    @Override
    public CompletableFuture<Published> publish(Publication publication) {
        long now = System.nanoTime();
        long nowMillis = System.currentTimeMillis();
        RoomEvent event = publication.event();
        Map<String, StreamPosition> positions = new LinkedHashMap<>();
        for (String room : event.rooms()) {
            MemoryStream stream = stream(room, nowMillis);
            // Handed over under the stream's lock, so the node receives a room's events in offset order.
            synchronized (stream) {
                MemoryStream.Appended appended = stream.append(
                        publication,
                        nowMillis,
                        retention.size(),
                        retention.ttl().toMillis());
                if (appended.fresh()) {
                    handler.handlePublication(room, event, appended.position(), now);
                }
                if (appended.position() != null) {
                    positions.put(room, appended.position());
                }
            }
        }
        return CompletableFuture.completedFuture(new Published(positions, true));
    }

    @Override
    public CompletableFuture<History> history(String room, long sinceOffset, String epoch, int limit) {
        long nowMillis = System.currentTimeMillis();
        MemoryStream stream = stream(room, nowMillis);
        long from = epoch == null || epoch.equals(stream.position().epoch()) ? sinceOffset : 0;
        return CompletableFuture.completedFuture(
                stream.read(from, limit, nowMillis, retention.ttl().toMillis()));
    }

    @Override
    public void subscribe(String room) {
        subscribed.add(room);
    }

    @Override
    public void unsubscribe(String room) {
        subscribed.remove(room);
    }

    @Override
    public void publishTyping(ServerFrame.Typing typing, long senderConnection) {
        handler.handleTyping(typing, senderConnection);
    }

    @Override
    public void publishRevocation(String room, UUID userId) {
        handler.handleRevocation(room, userId);
    }

    /** Drops streams nobody can still want: no member here, nothing new within the retention time. */
    void evictIdle() {
        long cutoff = System.currentTimeMillis() - retention.ttl().toMillis();
        streams.entrySet()
                .removeIf(entry -> entry.getValue().touchedAtMillis() < cutoff && !subscribed.contains(entry.getKey()));
    }

    private MemoryStream stream(String room, long nowMillis) {
        MemoryStream stream = streams.get(room);
        if (stream != null) {
            return stream;
        }
        // Streams only pile up when new ones are made, so that is when old ones are cleared.
        if (generations.get() % 1024 == 1023) {
            evictIdle();
        }
        return streams.computeIfAbsent(
                room,
                name -> new MemoryStream(
                        epochPrefix + "-" + Long.toString(generations.incrementAndGet(), 36), nowMillis));
    }
}
