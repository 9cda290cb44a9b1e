package com.servicehub.realtime;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

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

    private Recovery() {}

    /**
     * The room's stream after a history read: a room not followed yet, or whose history restarted
     * under another epoch, starts at the history's top; one that lags behind it gets the events
     * in between, or is lost when the history no longer holds them all.
     */
    static CatchUp catchUp(StreamPosition cursor, History history) {
        StreamPosition top = history.top();
        if (cursor == null || !cursor.epoch().equals(top.epoch())) {
            return new CatchUp(List.of(), false, top);
        }
        if (top.offset() <= cursor.offset()) {
            return new CatchUp(List.of(), false, cursor);
        }
        List<History.Entry> ahead = contiguous(entriesByOffset(history.entries()), cursor.offset(), top.offset());
        return ahead == null ? new CatchUp(List.of(), true, top) : new CatchUp(ahead, false, top);
    }

    /**
     * Where a room's live stream resumes after a catch-up moved it from {@code before} to
     * {@code after}. Within one epoch that is {@code after}. When the history restarted under
     * another epoch, this node has delivered none of the new epoch's events: those that arrived
     * live while the history was read ({@code waiting}, in the order they came) came after this
     * node subscribed, so they are delivered rather than taken for ones it had. Earlier events of
     * the new epoch are not: the epoch's change tells the members that the history was lost.
     */
    static StreamPosition resumeAt(StreamPosition before, StreamPosition after, Iterable<StreamPosition> waiting) {
        if (before == null || before.epoch().equals(after.epoch())) {
            return after;
        }
        long first = Long.MAX_VALUE;
        for (StreamPosition position : waiting) {
            if (position.epoch().equals(after.epoch()) && position.offset() <= after.offset()) {
                first = Math.min(first, position.offset());
            }
        }
        return first == Long.MAX_VALUE ? after : new StreamPosition(first - 1, after.epoch());
    }

    /**
     * A join: {@code since} as the client sent it (may be null), the room's cursor before the read
     * (null when not followed yet), the history read, and the events delivered live to the room
     * while it was read (in the cursor's epoch, oldest first).
     */
    static Plan join(
            ClientFrame.Since since, StreamPosition cursor, History history, List<History.Entry> deliveredMeanwhile) {
        CatchUp catchUp = catchUp(cursor, history);
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
