package com.servicehub.realtime;

/**
 * Where a room's stream stands: the offset of its latest event (0 before the first) and the
 * epoch that names this stream. An offset means nothing without its epoch: when a room's history
 * is lost, its stream starts again under a new epoch.
 */
record StreamPosition(long offset, String epoch) {

    StreamPosition next() {
        return new StreamPosition(offset + 1, epoch);
    }
}
