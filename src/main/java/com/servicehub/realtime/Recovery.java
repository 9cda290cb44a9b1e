package com.servicehub.realtime;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The recovery rule, in one place and free of I/O: what a joining connection is told and sent,
 * and how a room's live stream catches up with its history. The {@link Node} feeds it what the
 * broker's history holds and what was delivered live while the history was being read.
 *
 * <p>A room's <em>cursor</em> is the position of the last event this node delivered live to the
 * room. The history can be ahead of it (the event is still on its way over Pub/Sub) or behind
 * it (the event was delivered live after the read); both are merged by offset, so a joiner gets
 * no gap and no duplicate.
 */
final class Recovery {

    /**
     * How a room's live stream moves after a history read.
     *
     * @param ahead events the room's members have not had yet, to deliver to them first, in order
     * @param lost the members missed events that the history no longer holds
     * @param cursor where the room's live stream stands afterwards
     */
    record CatchUp(List<History.Entry> ahead, boolean lost, StreamPosition cursor) {}

    /**
     * What a join comes to.
     *
     * @param catchUp how the room's live stream moves first
     * @param recovered null for a join without {@code since}
     * @param replay what the joiner gets after {@code joined_room} and before live events
     */
    record Plan(CatchUp catchUp, Boolean recovered, List<History.Entry> replay) {

        StreamPosition joinedAt() {
            return catchUp.cursor();
        }
    }

    /**
     * What this node's members of a room had, for a history that their positions cannot be
     * matched with: one under another epoch (Redis restarted, a replica was promoted, the epoch
     * was renewed), or any history when they joined while it could not be read. Offsets of two
     * epochs say nothing about each other, so the events are matched by content: those after
     * the last event the members had, when the history holds it (a promoted replica holds what
     * it replicated); otherwise those stamped at or after {@code sinceMillis}.
     *
     * @param had matches the last event the members had; null when they had none
     * @param sinceMillis when the last event they had was stamped, or when they started
     *     following the room
     */
    record Seen(Predicate<RoomEvent> had, long sinceMillis) {}

    private Recovery() {}

    /** As {@link #catchUp(StreamPosition, History, Seen)} for a room whose members here had nothing. */
    static CatchUp catchUp(StreamPosition cursor, History history) {
        return catchUp(cursor, history, null);
    }

    /**
     * The room's stream after a history read. One that lags behind the history gets the events in
     * between, or is lost when the history no longer holds them all. One not followed yet, or
     * whose history is under another epoch, starts at the history's top, after the events its
     * members have not seen ({@code seen}; null when there is no member here to send them to).
     */
    static CatchUp catchUp(StreamPosition cursor, History history, Seen seen) {
        StreamPosition top = history.top();
        if (cursor == null || !cursor.epoch().equals(top.epoch())) {
            return new CatchUp(seen == null ? List.of() : unseen(history.entries(), seen), false, top);
        }
        if (top.offset() <= cursor.offset()) {
            return new CatchUp(List.of(), false, cursor);
        }
        List<History.Entry> ahead = contiguous(entriesByOffset(history.entries()), cursor.offset(), top.offset());
        return ahead == null ? new CatchUp(List.of(), true, top) : new CatchUp(ahead, false, top);
    }

    /**
     * Where a room's live stream resumes after {@code catchUp} moved it from {@code before}.
     * Within one epoch that is the catch-up's cursor. When the history is under another epoch,
     * this node has delivered of the new epoch's events only those the catch-up sent ahead:
     * those that arrived live while the history was read ({@code waiting}, in the order they
     * came) came after this node subscribed, so the ones after what was sent ahead are
     * delivered rather than taken for ones it had.
     */
    static StreamPosition resumeAt(StreamPosition before, CatchUp catchUp, Iterable<StreamPosition> waiting) {
        StreamPosition after = catchUp.cursor();
        if (before == null || before.epoch().equals(after.epoch())) {
            return after;
        }
        long sent = catchUp.ahead().isEmpty()
                ? 0
                : catchUp.ahead().get(catchUp.ahead().size() - 1).offset();
        long first = Long.MAX_VALUE;
        for (StreamPosition position : waiting) {
            if (position.epoch().equals(after.epoch()) && position.offset() <= after.offset()) {
                first = Math.min(first, position.offset());
            }
        }
        return first == Long.MAX_VALUE ? after : new StreamPosition(Math.max(first - 1, sent), after.epoch());
    }

    /**
     * A join: {@code since} as the client sent it (may be null), the room's cursor before the read
     * (null when not followed yet), the history read, and the events delivered live to the room
     * while it was read (in the cursor's epoch, oldest first).
     */
    static Plan join(
            ClientFrame.Since since, StreamPosition cursor, History history, List<History.Entry> deliveredMeanwhile) {
        return join(since, cursor, history, deliveredMeanwhile, null);
    }

    /** As above, for a room whose members here had what {@code seen} says ({@link #catchUp(StreamPosition, History, Seen)}). */
    static Plan join(
            ClientFrame.Since since,
            StreamPosition cursor,
            History history,
            List<History.Entry> deliveredMeanwhile,
            Seen seen) {
        CatchUp catchUp = catchUp(cursor, history, seen);
        StreamPosition at = catchUp.cursor();
        if (since == null) {
            return new Plan(catchUp, null, List.of());
        }
        if (!since.epoch().equals(at.epoch()) || since.offset() > at.offset()) {
            return new Plan(catchUp, false, List.of());
        }
        if (since.offset() == at.offset()) {
            return new Plan(catchUp, true, List.of());
        }
        TreeMap<Long, History.Entry> known = entriesByOffset(history.entries());
        if (cursor != null && cursor.epoch().equals(at.epoch())) {
            deliveredMeanwhile.forEach(entry -> known.putIfAbsent(entry.offset(), entry));
        }
        List<History.Entry> missed = contiguous(known, since.offset(), at.offset());
        return missed == null ? new Plan(catchUp, false, List.of()) : new Plan(catchUp, true, missed);
    }

    /** The entries after the last one the members had, or else those stamped since they had it. */
    private static List<History.Entry> unseen(List<History.Entry> entries, Seen seen) {
        if (seen.had() != null) {
            for (int i = entries.size() - 1; i >= 0; i--) {
                if (seen.had().test(entries.get(i).event())) {
                    return List.copyOf(entries.subList(i + 1, entries.size()));
                }
            }
        }
        List<History.Entry> later = new ArrayList<>();
        for (History.Entry entry : entries) {
            if (entry.event().timestamp().toEpochMilli() >= seen.sinceMillis()) {
                later.add(entry);
            }
        }
        return later;
    }

    private static TreeMap<Long, History.Entry> entriesByOffset(List<History.Entry> entries) {
        TreeMap<Long, History.Entry> byOffset = new TreeMap<>();
        entries.forEach(entry -> byOffset.putIfAbsent(entry.offset(), entry));
        return byOffset;
    }

    /** The entries after {@code from} up to {@code to}, or null unless every one of them is known. */
    private static List<History.Entry> contiguous(TreeMap<Long, History.Entry> known, long from, long to) {
        List<History.Entry> run = new ArrayList<>();
        for (long offset = from + 1; offset <= to; offset++) {
            History.Entry entry = known.get(offset);
            if (entry == null) {
                return null;
            }
            run.add(entry);
        }
        return run;
    }
}
