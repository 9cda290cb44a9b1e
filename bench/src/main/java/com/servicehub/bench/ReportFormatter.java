package com.servicehub.bench;

import java.util.List;
import java.util.Locale;

import org.HdrHistogram.Histogram;

/** Renders results as Markdown. Latencies are kept in µs and shown in ms. */
final class ReportFormatter {

    /** A step passes when it delivered at least this share of its target rate ... */
    static final double RATE_TOLERANCE = 0.98;
    /** ... and lost at most this share of its expected deliveries. */
    static final double LOSS_TOLERANCE = 0.001;

    private ReportFormatter() {}

    /** One row per step; with a p99 target (ms, NaN for none) a verdict column is added. */
    static String stepTable(List<StepResult> steps, double p99TargetMs) {
        boolean verdicts = !Double.isNaN(p99TargetMs);
        StringBuilder out = new StringBuilder();
        out.append("| step | target events/s | sent events/s | fan-out | target deliveries/s | delivered/s "
                + "| p50 ms | p99 ms | p99.9 ms | max ms | expected | received | lost | errors |");
        out.append(verdicts ? " p99 ≤ " + number(p99TargetMs) + " ms |\n" : "\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        out.append(verdicts ? "---|\n" : "\n");
        for (StepResult s : steps) {
            Histogram h = s.latencyMicros();
            out.append("| ")
                    .append(s.label())
                    .append(" | ")
                    .append(count(s.targetEventsPerSecond()))
                    .append(" | ")
                    .append(count(s.publishedPerSecond()))
                    .append(" | ")
                    .append(String.format(Locale.ROOT, "%.1f", s.fanout()))
                    .append(" | ")
                    .append(count(s.targetDeliveriesPerSecond()))
                    .append(" | ")
                    .append(count(s.deliveredPerSecond()))
                    .append(" | ")
                    .append(percentile(h, 50.0))
                    .append(" | ")
                    .append(percentile(h, 99.0))
                    .append(" | ")
                    .append(percentile(h, 99.9))
                    .append(" | ")
                    .append(h.getTotalCount() == 0 ? "—" : ms(h.getMaxValue()))
                    .append(" | ")
                    .append(count(s.expected()))
                    .append(" | ")
                    .append(count(s.received()))
                    .append(" | ")
                    .append(count(s.lost()))
                    .append(" | ")
                    .append(count(s.errors()))
                    .append(" |");
            if (verdicts) {
                out.append(' ').append(verdict(s, p99TargetMs)).append(" |");
            }
            out.append('\n');
        }
        return out.toString();
    }

    /**
     * Latency per node and step, for connections spread over several nodes. With a reference node
     * (the one that takes the publishes; -1 for none), every other node's p99 is compared with the
     * reference's in the same step: the extra time the event took to cross to that node.
     */
    static String nodeTable(StepPlan plan, Deliveries d, List<String> nodeNames, int reference, double marginMs) {
        boolean compare = reference >= 0 && !Double.isNaN(marginMs);
        StringBuilder out = new StringBuilder();
        out.append("| step | node | p50 ms | p99 ms | p99.9 ms | max ms | received |");
        out.append(compare ? " p99 − same-node p99 | within +" + number(marginMs) + " ms |\n" : "\n");
        out.append("|---|---|---:|---:|---:|---:|---:|").append(compare ? "---:|---|\n" : "\n");
        for (int step = 0; step < plan.size(); step++) {
            Histogram same = compare ? d.nodeLatency(reference, step) : null;
            for (int node = 0; node < d.nodes(); node++) {
                Histogram h = d.nodeLatency(node, step);
                out.append("| ")
                        .append(plan.step(step).label())
                        .append(" | ")
                        .append(nodeNames.get(node))
                        .append(node == reference ? " (publishes)" : "")
                        .append(" | ")
                        .append(percentile(h, 50.0))
                        .append(" | ")
                        .append(percentile(h, 99.0))
                        .append(" | ")
                        .append(percentile(h, 99.9))
                        .append(" | ")
                        .append(h.getTotalCount() == 0 ? "—" : ms(h.getMaxValue()))
                        .append(" | ")
                        .append(count(h.getTotalCount()))
                        .append(" |");
                if (compare) {
                    if (node == reference || h.getTotalCount() == 0 || same.getTotalCount() == 0) {
                        out.append(" — | — |");
                    } else {
                        double extraMs = (h.getValueAtPercentile(99.0) - same.getValueAtPercentile(99.0)) / 1000.0;
                        out.append(' ')
                                .append(String.format(Locale.ROOT, "%+.2f", extraMs))
                                .append(" | ")
                                .append(plan.step(step).warmup() ? "(warm-up)" : extraMs <= marginMs ? "pass" : "FAIL")
                                .append(" |");
                    }
                }
                out.append('\n');
            }
        }
        return out.toString();
    }

    /** "pass", or "FAIL" with the reasons; warm-up steps are not judged. */
    static String verdict(StepResult s, double p99TargetMs) {
        if (s.warmup()) {
            return "(warm-up)";
        }
        StringBuilder reasons = new StringBuilder();
        Histogram h = s.latencyMicros();
        if (h.getTotalCount() == 0 || h.getValueAtPercentile(99.0) / 1000.0 > p99TargetMs) {
            reasons.append(" p99");
        }
        if (s.deliveredPerSecond() < RATE_TOLERANCE * s.targetDeliveriesPerSecond()) {
            reasons.append(" rate");
        }
        if (s.lost() > LOSS_TOLERANCE * s.expected()) {
            reasons.append(" loss");
        }
        return reasons.length() == 0 ? "pass" : "FAIL:" + reasons;
    }

    static String rampLine(RampResult r) {
        Histogram h = r.handshakeMicros();
        return count(r.connected()) + " of " + count(r.attempted()) + " connected (" + count(r.joined())
                + " joined, " + count(r.joinFailed()) + " join refused, " + count(r.failed()) + " failed) in "
                + String.format(Locale.ROOT, "%.2f", r.elapsedNanos() / 1e9) + " s: **"
                + count(r.connectionsPerSecond()) + " connections/s**; handshake p50 " + percentile(h, 50.0)
                + " ms, p99 " + percentile(h, 99.0) + " ms, max " + (h.getTotalCount() == 0 ? "—" : ms(h.getMaxValue()))
                + " ms";
    }

    static String percentile(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? "—" : ms(h.getValueAtPercentile(percentile));
    }

    /** Microseconds as milliseconds: 2 decimals below 10 ms, 1 below 1 s, none above. */
    static String ms(long micros) {
        double ms = micros / 1000.0;
        if (ms < 10) {
            return String.format(Locale.ROOT, "%.2f", ms);
        }
        if (ms < 1000) {
            return String.format(Locale.ROOT, "%.1f", ms);
        }
        return String.format(Locale.ROOT, "%,.0f", ms);
    }

    /** "15" or "0.5": seconds as the flags were given. */
    static String seconds(java.time.Duration d) {
        return number(d.toMillis() / 1000.0);
    }

    static String count(double value) {
        return String.format(Locale.ROOT, "%,.0f", value);
    }

    static String number(double value) {
        return value == Math.rint(value) ? String.format(Locale.ROOT, "%.0f", value) : String.valueOf(value);
    }
}
