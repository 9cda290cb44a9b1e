package com.servicehub.bench;

import org.HdrHistogram.Histogram;

/**
 * What one step of a plan produced, counted by publish time: events published during the step,
 * the deliveries they should have caused, those that arrived (whenever they arrived), and their
 * publish-to-receive latency in microseconds.
 */
record StepResult(
        String label,
        boolean warmup,
        double targetEventsPerSecond,
        double seconds,
        long published,
        long expected,
        long received,
        Histogram latencyMicros,
        long errors) {

    double publishedPerSecond() {
        return published / seconds;
    }

    double deliveredPerSecond() {
        return received / seconds;
    }

    /** Deliveries per event, as the room layout made it (0 when nothing was published). */
    double fanout() {
        return published == 0 ? 0 : (double) expected / published;
    }

    double targetDeliveriesPerSecond() {
        return targetEventsPerSecond * fanout();
    }

    /** Missing deliveries; negative when more arrived than expected (duplicates). */
    long lost() {
        return expected - received;
    }
}
