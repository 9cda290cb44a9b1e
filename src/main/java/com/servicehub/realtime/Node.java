package com.servicehub.realtime;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import com.servicehub.system.Timestamps;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

/**
 * The one subscription path, shared by both brokers: join, reply, replay, then live. It follows
 * each room that has members here (its cursor: the last position delivered live), puts the
 * broker's publications in offset order (skips what it had, fills a jump from the history), and
 * hands each event to the {@link Hub} once per room.
 *
 * <p>A join reads the room's history without holding anything: while the read is out, the
 * room's live events are delivered to its members as usual and kept for the joiner, which then
 * gets {@code joined_room}, the events it missed and those kept, merged by offset
 * ({@link Recovery}), and only then goes live. Everything a room does runs on its worker
 * ({@link RoomWorkers}), so a room's state needs no lock and no task waits on I/O.
 */
@Component
class Node implements Broker.Handler, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(Node.class);

    /** The epoch a join is told when the room's history could not be read and nothing was delivered yet. */
    static final String UNAVAILABLE = "unavailable";

    private static final int HISTORY_PAGE = 100;

    /** Failed catch-up reads tried again (after 0.5, 1, 2 and 4 s) before a room's members are told they lost events. */
    private static final int READ_RETRIES = 4;

    private final Hub hub;
    private final Broker broker;
    private final FrameEncoder encoder;
    private final int historyLimit;
    private final long maxReplayBytes;
    private final RoomWorkers workers;
    private final Map<String, RoomStream> streams = new ConcurrentHashMap<>();
    private final ObservationRegistry observations;

    Node(
            Hub hub,
            Broker broker,
            FrameEncoder encoder,
            HistoryProperties history,
            RealtimeProperties properties,
            ObjectProvider<ObservationRegistry> observations) {
        this.observations = observations.getIfAvailable(() -> ObservationRegistry.NOOP);
        this.hub = hub;
        this.broker = broker;
        this.encoder = encoder;
        this.historyLimit = history.size();
        this.maxReplayBytes = properties.maxReplayBytes();
        this.workers = new RoomWorkers(properties.roomWorkers());
        hub.onRoomEmptied(room -> workers.execute(room, () -> {
            RoomStream stream = streams.get(room);
            if (stream != null) {
                forgetIfUnused(stream);
            }
        }));
        broker.run(this);
    }

    // what connections do

    /**
     * Joins an authorized connection to a room. Completes once {@code joined_room} (and any replay)
     * is on its way to the connection, so a connection's later frames are answered after it.
     */
    CompletableFuture<Void> join(Connection connection, String room, ClientFrame.Since since) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        boolean fresh = connection.addRoom(room);
        workers.execute(room, () -> {
            try {
                if (fresh) {
                    startJoin(connection, room, since, done);
                } else {
                    answerMember(connection, room, since);
                    done.complete(null);
                }
            } catch (RuntimeException ex) {
                done.completeExceptionally(ex);
            }
        });
        return done;
    }

    boolean leave(Connection connection, String room) {
        return hub.leave(connection, room);
    }

    void typing(Connection sender, ServerFrame.Typing typing) {
        broker.publishTyping(typing, sender.id);
    }

    /** Takes a user's connections out of a room on every node. */
    void revoke(String room, UUID userId) {
        broker.publishRevocation(room, userId);
    }

    // what the broker delivers

    @Override
    public void handlePublication(String room, RoomEvent event, StreamPosition position, long publishedAtNanos) {
        follow(room, event, position, publishedAtNanos, false);
    }

    @Override
    public void handleDeliveredAlready(String room, RoomEvent event, StreamPosition position) {
        follow(room, event, position, System.nanoTime(), true);
    }

    private void follow(String room, RoomEvent event, StreamPosition position, long publishedAtNanos, boolean had) {
        // The publish span of a change made on this node, when the broker hands it over on the
        // publishing thread: the delivery continues its trace.
        Observation trace = observations.getCurrentObservation();
        workers.execute(room, () -> {
            RoomStream stream = streams.get(room);
            if (stream == null) {
                return;
            }
            Live live = new Live(event, position, publishedAtNanos, trace, had);
            if (position == null) {
                deliver(stream, live);
            } else if (stream.reading) {
                stream.waiting.addLast(live);
            } else {
                accept(stream, live);
            }
        });
    }

    /**
     * Catches every followed room up with its history: events may have gone by unseen. A room
     * whose read is out catches up once it is in, since that read may have been answered before
     * the events it missed.
     */
    @Override
    public void handleResubscribed() {
        for (String room : streams.keySet()) {
            workers.execute(room, () -> {
                RoomStream stream = streams.get(room);
                if (stream == null) {
                    return;
                }
                if (stream.reading) {
                    stream.resync = true;
                } else {
                    resync(stream);
                }
            });
        }
    }

    /**
     * Reads what the room's history gained after the cursor. Members that joined while the history
     * could not be read (no cursor) get what it gained since they started following the room.
     */
    private void resync(RoomStream stream) {
        stream.resync = false;
        if (stream.cursor == null && !hub.hasRoom(stream.room)) {
            return;
        }
        readAfterCursor(stream);
    }

    /** Reads the room's history after its cursor (all of it when it has none), then catches up. */
    private void readAfterCursor(RoomStream stream) {
        stream.reading = true;
        StreamPosition cursor = stream.cursor;
        readHistory(
                        stream.room,
                        cursor == null ? 0 : cursor.offset(),
                        cursor == null ? null : cursor.epoch(),
                        historyLimit)
                .whenComplete((history, error) -> workers.execute(stream.room, () -> caughtUp(stream, history, error)));
    }

    @Override
    public void handleTyping(ServerFrame.Typing typing, long senderConnection) {
        workers.execute(
                typing.room(),
                () -> hub.deliver(typing.room(), encoder.encodeBytes(typing), typing, senderConnection, 0));
    }

    @Override
    public void handleRevocation(String room, UUID userId) {
        workers.execute(room, () -> hub.revoke(room, userId));
    }

    // a room's live stream (on its worker)

    /** Delivers an event in its place in the room's order: skips what was had, catches up over a jump. */
    private void accept(RoomStream stream, Live live) {
        StreamPosition cursor = stream.cursor;
        StreamPosition position = live.position();
        if (cursor != null && cursor.epoch().equals(position.epoch())) {
            if (position.offset() <= cursor.offset()) {
                return;
            }
            if (position.offset() > cursor.offset() + 1) {
                // Events between are missing here (a Pub/Sub message lost or still on its way):
                // read them from the history before going on; what arrives meanwhile waits.
                stream.waiting.addFirst(live);
                readAfterCursor(stream);
                return;
            }
        }
        deliver(stream, live);
        stream.cursor = position;
    }

    private void caughtUp(RoomStream stream, History history, Throwable error) {
        if (error != null && stream.failedReads < READ_RETRIES) {
            // Redis may be on its way back (a subscription can return before the command
            // connection): read again shortly, with what arrives meanwhile waiting in order.
            long delay = 250L << ++stream.failedReads;
            CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS)
                    .execute(() -> workers.execute(stream.room, () -> readAfterCursor(stream)));
            return;
        }
        stream.failedReads = 0;
        stream.reading = false;
        if (log.isDebugEnabled()) {
            log.debug(
                    "Caught {} up from {}: {}",
                    stream.room,
                    stream.cursor,
                    error != null
                            ? error.toString()
                            : history.top() + ", " + history.entries().size() + " entries");
        }
        if (error != null) {
            lost(stream.room);
            stream.cursor = null; // follow the room again from the next event on
        } else {
            catchUp(stream, Recovery.catchUp(stream.cursor, history, seen(stream)));
        }
        settle(stream);
    }

    private void catchUp(RoomStream stream, Recovery.CatchUp catchUp) {
        if (catchUp.lost()) {
            lost(stream.room);
        }
        long now = System.nanoTime();
        for (History.Entry entry : catchUp.ahead()) {
            deliver(
                    stream,
                    new Live(
                            entry.event(),
                            new StreamPosition(entry.offset(), catchUp.cursor().epoch()),
                            now,
                            null,
                            false));
        }
        stream.cursor = Recovery.resumeAt(
                stream.cursor,
                catchUp,
                stream.waiting.stream().map(Live::position).toList());
    }

    /** Once no read is out: answers the joiners whose reads are in, then delivers what waited. */
    private void settle(RoomStream stream) {
        if (stream.reading) {
            return;
        }
        for (Iterator<Joiner> it = stream.joiners.iterator(); it.hasNext(); ) {
            Joiner joiner = it.next();
            if (joiner.read) {
                it.remove();
                answer(stream, joiner);
            }
        }
        while (!stream.reading && !stream.waiting.isEmpty()) {
            accept(stream, stream.waiting.pollFirst());
        }
        if (!stream.reading && stream.resync) {
            resync(stream);
        }
        forgetIfUnused(stream);
    }

    private void deliver(RoomStream stream, Live live) {
        StreamPosition position = live.position();
        if (position != null) {
            stream.last = live.event();
        }
        if (live.had()) {
            // The members here have it (sent while the store was out of reach); a joiner may not.
            stream.joiners.forEach(joiner -> joiner.meanwhile.add(live));
            return;
        }
        ServerFrame frame = live.event()
                .toFrame(
                        stream.room,
                        position == null ? null : position.offset(),
                        position == null ? null : position.epoch());
        if (live.trace() == null) {
            hub.deliver(stream.room, encoder.encodeBytes(frame), frame, 0, live.publishedAtNanos());
        } else {
            Observation.createNotStarted("servicehub.deliver", observations)
                    .parentObservation(live.trace())
                    .contextualName("deliver " + stream.room)
                    .highCardinalityKeyValue("room", stream.room)
                    .observe(() ->
                            hub.deliver(stream.room, encoder.encodeBytes(frame), frame, 0, live.publishedAtNanos()));
        }
        for (Joiner joiner : stream.joiners) {
            joiner.meanwhile.add(live);
        }
    }

    /**
     * What the room's members here had, for a history their cursor cannot be matched with; null
     * when no member is here. The last event is matched by the frame its members were sent.
     */
    private Recovery.Seen seen(RoomStream stream) {
        if (!hub.hasRoom(stream.room)) {
            return null;
        }
        RoomEvent last = stream.last;
        if (last == null) {
            return new Recovery.Seen(null, stream.followedSinceMillis);
        }
        byte[] had = encoder.encodeBytes(last.toFrame(stream.room, null, null));
        return new Recovery.Seen(
                event -> java.util.Arrays.equals(had, encoder.encodeBytes(event.toFrame(stream.room, null, null))),
                last.timestamp().toEpochMilli());
    }

    /** Members of a room that missed events for good are closed, so they reconnect and recover. */
    private void lost(String room) {
        log.warn("Events of {} were lost between nodes; closing its connections here so they recover", room);
        hub.closeRoom(room, CloseCodes.TRY_AGAIN_LATER, "missed events; reconnect and recover");
    }

    private void forgetIfUnused(RoomStream stream) {
        if (stream.joiners.isEmpty()
                && !stream.reading
                && !hub.hasRoom(stream.room)
                && streams.remove(stream.room, stream)) {
            broker.unsubscribe(stream.room);
        }
    }

    // history, read in pages so no single answer is large

    /**
     * Up to {@code limit} events after {@code from} (in {@code epoch}, or from the oldest under
     * another one), read a page at a time, and the room's position.
     */
    private CompletableFuture<History> readHistory(String room, long from, String epoch, int limit) {
        return broker.history(room, from, epoch, Math.min(limit, HISTORY_PAGE))
                .thenCompose(first -> morePages(room, first, limit));
    }

    private CompletableFuture<History> morePages(String room, History sofar, int limit) {
        List<History.Entry> entries = sofar.entries();
        if (entries.size() >= limit
                || entries.isEmpty()
                || entries.size() % HISTORY_PAGE != 0
                || entries.get(entries.size() - 1).offset() >= sofar.top().offset()) {
            return CompletableFuture.completedFuture(sofar);
        }
        long last = entries.get(entries.size() - 1).offset();
        return broker.history(room, last, sofar.top().epoch(), Math.min(HISTORY_PAGE, limit - entries.size()))
                .thenCompose(page -> {
                    if (!page.top().epoch().equals(sofar.top().epoch())) {
                        return CompletableFuture.completedFuture(page); // restarted meanwhile: only the new one counts
                    }
                    List<History.Entry> joined = new ArrayList<>(entries);
                    joined.addAll(page.entries());
                    History merged = new History(page.top(), joined);
                    return page.entries().size() < HISTORY_PAGE
                            ? CompletableFuture.completedFuture(merged)
                            : morePages(room, merged, limit);
                });
    }

    // joins (on the room's worker)

    private void startJoin(Connection connection, String room, ClientFrame.Since since, CompletableFuture<Void> done) {
        RoomStream stream = streams.computeIfAbsent(room, name -> {
            broker.subscribe(name);
            return new RoomStream(name);
        });
        Joiner joiner = new Joiner(connection, since, done);
        stream.joiners.add(joiner);
        // The first read of a room that nobody here follows yet tells where its stream stands:
        // live events wait until then.
        boolean first = stream.cursor == null && !stream.reading;
        if (first) {
            stream.reading = true;
        }
        StreamPosition cursor = stream.cursor;
        long from = since != null
                ? (cursor == null ? since.offset() : Math.min(since.offset(), cursor.offset()))
                : cursor == null ? 0 : cursor.offset();
        int limit = since == null && cursor == null ? 0 : historyLimit;
        readHistory(room, from, cursor == null ? null : cursor.epoch(), limit)
                .whenComplete((history, error) -> workers.execute(room, () -> {
                    joiner.history = history;
                    joiner.failure = error;
                    joiner.read = true;
                    if (first) {
                        stream.reading = false;
                    }
                    settle(stream);
                }));
    }

    private void answer(RoomStream stream, Joiner joiner) {
        Connection connection = joiner.connection;
        String room = stream.room;
        List<History.Entry> replay;
        StreamPosition at;
        Boolean recovered;
        if (joiner.failure != null) {
            // Nothing can be proven about the room's past: the client learns nothing it could
            // mistake for a recovery.
            log.debug("History of {} unavailable for a join: {}", room, joiner.failure.toString());
            at = stream.cursor != null ? stream.cursor : new StreamPosition(0, UNAVAILABLE);
            recovered = joiner.since == null ? null : false;
            replay = List.of();
        } else {
            List<History.Entry> meanwhile = new ArrayList<>();
            for (Live live : joiner.meanwhile) {
                if (live.position() != null) {
                    meanwhile.add(new History.Entry(live.position().offset(), live.event()));
                }
            }
            Recovery.Plan plan = Recovery.join(joiner.since, stream.cursor, joiner.history, meanwhile, seen(stream));
            catchUp(stream, plan.catchUp());
            at = plan.joinedAt();
            recovered = plan.recovered();
            replay = plan.replay();
            if (replay.size() > 0 && replayBytes(room, replay, at.epoch()) > maxReplayBytes) {
                // More than a connection may be sent at once: the app reloads over REST instead.
                recovered = false;
                replay = List.of();
            }
        }
        if (!connection.inRoom(room) || connection.isClosing()) {
            joiner.done.complete(null);
            return;
        }
        hub.sendDirect(
                connection, new ServerFrame.JoinedRoom(room, recovered, at.offset(), at.epoch(), Timestamps.now()));
        for (History.Entry entry : replay) {
            hub.sendDirect(connection, entry.event().toFrame(room, entry.offset(), at.epoch()));
        }
        for (Live live : joiner.meanwhile) {
            if (live.position() == null) {
                hub.sendDirect(connection, live.event().toFrame(room, null, null));
            }
        }
        hub.addMember(connection, room);
        joiner.done.complete(null);
    }

    private long replayBytes(String room, List<History.Entry> replay, String epoch) {
        long bytes = 0;
        for (History.Entry entry : replay) {
            bytes += encoder.encodeBytes(entry.event().toFrame(room, entry.offset(), epoch)).length;
            if (bytes > maxReplayBytes) {
                break;
            }
        }
        return bytes;
    }

    /**
     * A join for a room the connection is in: it gets every event live already, so nothing is
     * replayed, and it is told it recovered only when it holds the room's latest event; what it
     * was sent before {@code since} is not known here, so anything older is not claimed.
     */
    private void answerMember(Connection connection, String room, ClientFrame.Since since) {
        RoomStream stream = streams.get(room);
        StreamPosition at =
                stream != null && stream.cursor != null ? stream.cursor : new StreamPosition(0, UNAVAILABLE);
        Boolean recovered = since == null ? null : since.epoch().equals(at.epoch()) && since.offset() == at.offset();
        hub.sendDirect(
                connection, new ServerFrame.JoinedRoom(room, recovered, at.offset(), at.epoch(), Timestamps.now()));
    }

    @Override
    public void destroy() {
        workers.shutdown();
    }

    /** A room this node follows: touched on the room's worker only. */
    private static final class RoomStream {

        final String room;
        /** The last position delivered live; null while the room is not followed yet. */
        StreamPosition cursor;
        /** A read that decides the cursor is out: live events wait in {@link #waiting}. */
        boolean reading;
        /** The link to the other nodes came back while a read was out: catch up once it is in. */
        boolean resync;
        /** Catch-up reads that failed in a row. */
        int failedReads;
        /** The last event delivered here with a position (or that the members had already). */
        RoomEvent last;
        /** When this node started following the room. */
        final long followedSinceMillis = System.currentTimeMillis();

        final ArrayDeque<Live> waiting = new ArrayDeque<>();
        final List<Joiner> joiners = new ArrayList<>(1);

        RoomStream(String room) {
            this.room = room;
        }
    }

    /** A connection whose join is reading the room's history. */
    private static final class Joiner {

        final Connection connection;
        final ClientFrame.Since since;
        final CompletableFuture<Void> done;
        /** What was delivered live to the room while the history was read. */
        final List<Live> meanwhile = new ArrayList<>();

        boolean read;
        History history;
        Throwable failure;

        Joiner(Connection connection, ClientFrame.Since since, CompletableFuture<Void> done) {
            this.connection = connection;
            this.since = since;
            this.done = done;
        }
    }

    /** {@code had}: the room's members on this node were sent the event already; only its position counts. */
    private record Live(
            RoomEvent event, StreamPosition position, long publishedAtNanos, Observation trace, boolean had) {}
}
