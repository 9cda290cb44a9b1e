package com.servicehub.bench;

import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Tallies a run, attributing everything to the step in which the event was published: the
 * publisher adds the deliveries each event should cause, receivers add what arrived and its
 * latency. Both sides find the step from the same publish time, so an event sent late in step 1
 * and received during step 2 still counts for step 1, and late arrivals after the last step are
 * not lost as long as they come before the drain ends.
 */
final class Deliveries {

    static final long MAX_LATENCY_MICROS = 120_000_000L;

    private final StepPlan plan;
    private final long baseNanos;
    private final Histogram[] latencies;
    /** Per node and step, when the connections are spread over several nodes; else empty. */
    private final Histogram[][] nodeLatencies;

    private final LongAdder[] published;
    private final LongAdder[] expected;
    private final LongAdder[] received;
    private final LongAdder arrivals = new LongAdder();
    private final LongAdder unmatched = new LongAdder();

    Deliveries(StepPlan plan, long baseNanos, int nodes) {
        this.plan = plan;
        this.baseNanos = baseNanos;
        int n = plan.size();
        nodeLatencies = new Histogram[nodes > 1 ? nodes : 0][n];
        for (Histogram[] perStep : nodeLatencies) {
            for (int i = 0; i < n; i++) {
                perStep[i] = new ConcurrentHistogram(1, MAX_LATENCY_MICROS, 3);
            }
        }
        latencies = new Histogram[n];
        published = new LongAdder[n];
        expected = new LongAdder[n];
        received = new LongAdder[n];
        for (int i = 0; i < n; i++) {
            latencies[i] = new ConcurrentHistogram(1, MAX_LATENCY_MICROS, 3);
            published[i] = new LongAdder();
            expected[i] = new LongAdder();
            received[i] = new LongAdder();
        }
    }

    /** t = 0 of the run, a System.nanoTime value. */
    long baseNanos() {
        return baseNanos;
    }

    long elapsed(long nanoTime) {
        return nanoTime - baseNanos;
    }

    void published(long publishedAt, int deliveries) {
        int step = plan.stepAt(publishedAt);
        published[step].increment();
        expected[step].add(deliveries);
    }

    /** Takes back a publish that failed (an HTTP error): its deliveries are no longer expected. */
    void unpublished(long publishedAt, int deliveries) {
        int step = plan.stepAt(publishedAt);
        published[step].decrement();
        expected[step].add(-deliveries);
    }

    /** A delivery to a connection of node {@code node} (an index into the WebSocket URLs). */
    void delivered(long publishedAt, long receivedNanoTime, int node) {
        int step = plan.stepAt(publishedAt);
        long micros = Math.max(0, Math.min((receivedNanoTime - baseNanos - publishedAt) / 1000, MAX_LATENCY_MICROS));
        latencies[step].recordValue(micros);
        if (node < nodeLatencies.length) {
            nodeLatencies[node][step].recordValue(micros);
        }
        received[step].increment();
        arrivals.increment();
    }

    /** A pushed frame that is not one of this run's events (or could not be decoded). */
    void unmatched() {
        unmatched.increment();
    }

    long arrivals() {
        return arrivals.sum();
    }

    long unmatchedCount() {
        return unmatched.sum();
    }

    long totalExpected() {
        long sum = 0;
        for (LongAdder e : expected) {
            sum += e.sum();
        }
        return sum;
    }

    long totalReceived() {
        long sum = 0;
        for (LongAdder r : received) {
            sum += r.sum();
        }
        return sum;
    }

    long totalPublished() {
        long sum = 0;
        for (LongAdder p : published) {
            sum += p.sum();
        }
        return sum;
    }

    /** How many nodes are measured apart: 0 when the connections all use one node. */
    int nodes() {
        return nodeLatencies.length;
    }

    /** One node's latencies in one step (a copy). */
    Histogram nodeLatency(int node, int step) {
        return nodeLatencies[node][step].copy();
    }

    /** The latency so far of one step (a copy), for progress lines. */
    Histogram latencySnapshot(int step) {
        return latencies[step].copy();
    }

    StepResult result(int step, long errors) {
        StepPlan.Step s = plan.step(step);
        return new StepResult(
                s.label(),
                s.warmup(),
                s.eventsPerSecond(),
                s.durationNanos() / 1e9,
                published[step].sum(),
                expected[step].sum(),
                received[step].sum(),
                latencies[step].copy(),
                errors);
    }
}
