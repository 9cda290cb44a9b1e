package com.servicehub.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A stepped target rate: consecutive steps of constant events per second. The plan answers the
 * two questions a pacing loop asks: how many events should have been sent by elapsed time t
 * ({@link #dueCount}), and when the n-th event falls due ({@link #dueAt}). Pacing from the
 * cumulative count, not from "one event every 1/rate", means a late publisher catches up instead
 * of silently lowering the rate.
 */
final class StepPlan {

    record Step(String label, double eventsPerSecond, long durationNanos, boolean warmup) {}

    private final List<Step> steps;
    private final long[] startNanos;
    private final double[] eventsBefore;

    StepPlan(List<Step> steps) {
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("a plan needs at least one step");
        }
        this.steps = List.copyOf(steps);
        this.startNanos = new long[steps.size() + 1];
        this.eventsBefore = new double[steps.size() + 1];
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            if (step.eventsPerSecond() < 0 || step.durationNanos() <= 0) {
                throw new IllegalArgumentException("bad step " + step);
            }
            startNanos[i + 1] = startNanos[i] + step.durationNanos();
            eventsBefore[i + 1] = eventsBefore[i] + step.eventsPerSecond() * step.durationNanos() / 1e9;
        }
    }

    /** An optional warm-up step at the first rate, then one step per rate. */
    static StepPlan of(List<Double> eventRates, Duration stepLength, Duration warmup) {
        List<Step> steps = new ArrayList<>();
        if (!warmup.isZero() && !eventRates.isEmpty()) {
            steps.add(new Step("warm-up", eventRates.get(0), warmup.toNanos(), true));
        }
        for (int i = 0; i < eventRates.size(); i++) {
            steps.add(new Step(String.valueOf(i + 1), eventRates.get(i), stepLength.toNanos(), false));
        }
        return new StepPlan(steps);
    }

    int size() {
        return steps.size();
    }

    Step step(int index) {
        return steps.get(index);
    }

    long startOf(int index) {
        return startNanos[index];
    }

    long totalNanos() {
        return startNanos[steps.size()];
    }

    long totalEvents() {
        return (long) Math.floor(eventsBefore[steps.size()] + 1e-9);
    }

    /** The step that elapsed time t falls in, clamped to the first and last step. */
    int stepAt(long elapsedNanos) {
        int last = steps.size() - 1;
        if (elapsedNanos >= startNanos[last]) {
            return last;
        }
        for (int i = 0; i < last; i++) {
            if (elapsedNanos < startNanos[i + 1]) {
                return i;
            }
        }
        return last;
    }

    /** Events that should have been sent by elapsed time t. */
    long dueCount(long elapsedNanos) {
        if (elapsedNanos <= 0) {
            return 0;
        }
        if (elapsedNanos >= totalNanos()) {
            return totalEvents();
        }
        int i = stepAt(elapsedNanos);
        double events = eventsBefore[i] + steps.get(i).eventsPerSecond() * (elapsedNanos - startNanos[i]) / 1e9;
        return (long) Math.floor(events + 1e-9);
    }

    /**
     * The earliest elapsed time at which event n (counting from 0) is due, i.e. the first t with
     * {@code dueCount(t) > n}; {@link Long#MAX_VALUE} when the plan never sends it.
     */
    long dueAt(long n) {
        double needed = n + 1;
        for (int i = 0; i < steps.size(); i++) {
            double rate = steps.get(i).eventsPerSecond();
            if (eventsBefore[i + 1] + 1e-9 >= needed && rate > 0) {
                double offset = Math.max(0, needed - eventsBefore[i] - 1e-9) * 1e9 / rate;
                long t = startNanos[i] + (long) Math.ceil(offset);
                while (t > startNanos[i] && dueCount(t - 1) > n) {
                    t--;
                }
                while (dueCount(t) <= n) {
                    t++;
                }
                return t;
            }
        }
        return Long.MAX_VALUE;
    }
}
