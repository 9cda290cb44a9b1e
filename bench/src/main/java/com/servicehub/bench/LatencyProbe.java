package com.servicehub.bench;

import io.netty.buffer.ByteBuf;

/**
 * Reads, from a pushed frame, when its event was published: nanoseconds since the run's t = 0
 * on the generator's own System.nanoTime clock (publisher and receivers share one process).
 */
interface LatencyProbe {

    /** Publish time of this frame's event, or -1 when the frame is not one of this run's events. */
    long publishedAt(ByteBuf frame, FrameType type);
}
