package com.servicehub.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Paces a {@link Publisher} along a {@link StepPlan} on the calling thread. It sleeps until the
 * next event is due (but at least {@link #MIN_PARK_NANOS}), sends everything that is due in one
 * batch, then flushes once, so that at tens of thousands of events per second the publisher makes
 * about a thousand pipelined writes a second instead of one system call per event. Receivers
 * measure from the moment each event is actually written, so batching does not bend latencies.
 * A publisher that cannot keep up is not throttled: it falls behind, and the report shows the
 * achieved rate next to the target.
 */
final class RateDriver {

    /** Sends event number {@code seq}; the driver calls {@link #flush} after each batch. */
    interface Publisher {
        void publish(long seq) throws Exception;

        default void flush() throws Exception {}
    }

    private static final long MIN_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private final StepPlan plan;
    private final Publisher publisher;
    private final int maxBatch;
    private volatile boolean stopped;

    RateDriver(StepPlan plan, Publisher publisher, int maxBatch) {
        this.plan = plan;
        this.publisher = publisher;
        this.maxBatch = maxBatch;
    }

    void stop() {
        stopped = true;
    }

    /** Runs the whole plan; t = 0 is {@code startNanos} (a System.nanoTime value). Returns events sent. */
    long run(long startNanos) throws Exception {
        long total = plan.totalNanos();
        long sent = 0;
        while (!stopped) {
            long elapsed = System.nanoTime() - startNanos;
            long due = plan.dueCount(elapsed);
            int batch = 0;
            while (sent < due && batch < maxBatch) {
                publisher.publish(sent++);
                batch++;
            }
            if (batch > 0) {
                publisher.flush();
            }
            if (sent < due) {
                continue;
            }
            if (elapsed >= total) {
                break;
            }
            long next = Math.min(plan.dueAt(sent), total);
            long wait = next - (System.nanoTime() - startNanos);
            if (wait > 0) {
                LockSupport.parkNanos(Math.max(MIN_PARK_NANOS, Math.min(wait, MAX_PARK_NANOS)));
            }
        }
        publisher.flush();
        return sent;
    }
}
