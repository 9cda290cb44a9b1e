package com.servicehub.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts what went wrong, by reason ("close 1013", "error frame RATE_LIMITED", "http 409 PATCH
 * status"), and, while a plan runs, by the step during which it happened (errors after the last
 * step, while draining, count for the last step).
 */
final class Errors {

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final LongAdder total = new LongAdder();
    private volatile StepPlan plan;
    private volatile long baseNanos;
    private volatile LongAdder[] perStep;

    /** From now on, also count errors per step of this plan, t = 0 being {@code baseNanos}. */
    void attributeTo(StepPlan stepPlan, long base) {
        LongAdder[] steps = new LongAdder[stepPlan.size()];
        for (int i = 0; i < steps.length; i++) {
            steps[i] = new LongAdder();
        }
        this.baseNanos = base;
        this.perStep = steps;
        this.plan = stepPlan;
    }

    void record(String reason) {
        counts.computeIfAbsent(reason, r -> new LongAdder()).increment();
        total.increment();
        StepPlan p = plan;
        if (p != null) {
            long elapsed = System.nanoTime() - baseNanos;
            if (elapsed >= 0) {
                perStep[p.stepAt(elapsed)].increment();
            }
        }
    }

    long inStep(int step) {
        LongAdder[] steps = perStep;
        return steps == null ? 0 : steps[step].sum();
    }

    long total() {
        return total.sum();
    }

    Map<String, Long> snapshot() {
        Map<String, Long> copy = new TreeMap<>();
        counts.forEach((reason, count) -> copy.put(reason, count.sum()));
        return copy;
    }

    /** "none" or "close 1013: 12, error RATE_LIMITED: 3". */
    String summary() {
        Map<String, Long> snapshot = snapshot();
        if (snapshot.isEmpty()) {
            return "none";
        }
        StringBuilder out = new StringBuilder();
        snapshot.forEach((reason, count) -> {
            if (out.length() > 0) {
                out.append(", ");
            }
            out.append(reason).append(": ").append(count);
        });
        return out.toString();
    }
}
