package com.servicehub.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Histogram;

/**
 * Drives one plan against an open {@link Fleet}: publishes on the calling thread, prints a
 * progress line per second, then waits (up to the drain time) for the last deliveries and
 * returns one {@link StepResult} per step.
 */
final class LoadRun {

    interface PublisherFactory {
        RateDriver.Publisher create(Deliveries deliveries) throws Exception;
    }

    record Outcome(List<StepResult> steps, Deliveries deliveries, long sent, String cpuTable) {}

    private static final long START_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private LoadRun() {}

    static Outcome run(
            Fleet fleet,
            StepPlan plan,
            LatencyProbe probe,
            PublisherFactory factory,
            Errors errors,
            Duration drain,
            CpuMeter cpu,
            PrintStream log)
            throws Exception {
        long base = System.nanoTime() + START_DELAY_NANOS;
        Deliveries deliveries = new Deliveries(plan, base, fleet.nodes());
        fleet.measureInto(deliveries, probe);
        errors.attributeTo(plan, base);
        RateDriver driver = new RateDriver(plan, factory.create(deliveries), 2_000);
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "progress");
            t.setDaemon(true);
            return t;
        });
        Progress progress = new Progress(fleet, plan, deliveries, errors, log);
        ticker.scheduleAtFixedRate(
                progress::print,
                START_DELAY_NANOS + TimeUnit.SECONDS.toNanos(1),
                TimeUnit.SECONDS.toNanos(1),
                TimeUnit.NANOSECONDS);
        CpuMeter.Snapshot[] boundaries = new CpuMeter.Snapshot[plan.size() + 1];
        for (int i = 0; i <= plan.size(); i++) {
            int boundary = i;
            long at = base + (i == plan.size() ? plan.totalNanos() : plan.startOf(i));
            ticker.schedule(() -> boundaries[boundary] = cpu.snapshot(), at - System.nanoTime(), TimeUnit.NANOSECONDS);
        }
        long sent;
        try {
            LockSupport.parkNanos(base - System.nanoTime());
            sent = driver.run(base);
            long drainEnd = System.nanoTime() + drain.toNanos();
            while (System.nanoTime() < drainEnd && deliveries.totalReceived() < deliveries.totalExpected()) {
                Thread.sleep(20);
            }
        } finally {
            ticker.shutdownNow();
        }
        progress.print();
        List<StepResult> steps = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<CpuMeter.Snapshot> snapshots = new ArrayList<>();
        for (int i = 0; i < plan.size(); i++) {
            steps.add(deliveries.result(i, errors.inStep(i)));
            labels.add(plan.step(i).label());
        }
        for (CpuMeter.Snapshot snapshot : boundaries) {
            if (snapshot == null) {
                break;
            }
            snapshots.add(snapshot);
        }
        return new Outcome(steps, deliveries, sent, CpuMeter.table(labels, snapshots));
    }

    /** One line a second: what was sent and delivered in the last second. */
    private static final class Progress {
        private final Fleet fleet;
        private final StepPlan plan;
        private final Deliveries deliveries;
        private final Errors errors;
        private final PrintStream log;
        private long lastNanos;
        private long lastPublished;
        private long lastArrivals;

        Progress(Fleet fleet, StepPlan plan, Deliveries deliveries, Errors errors, PrintStream log) {
            this.fleet = fleet;
            this.plan = plan;
            this.deliveries = deliveries;
            this.errors = errors;
            this.log = log;
            this.lastNanos = deliveries.baseNanos();
        }

        synchronized void print() {
            long now = System.nanoTime();
            long elapsed = now - deliveries.baseNanos();
            double seconds = Math.max(1e-3, (now - lastNanos) / 1e9);
            long published = deliveries.totalPublished();
            long arrivals = deliveries.arrivals();
            int step = plan.stepAt(elapsed);
            Histogram h = deliveries.latencySnapshot(step);
            log.printf(
                    Locale.ROOT,
                    "[%6.1fs] step %s (%s events/s): sent %s/s, delivered %s/s, step p99 %s ms, errors %d, joined %d%n",
                    elapsed / 1e9,
                    plan.step(step).label(),
                    ReportFormatter.count(plan.step(step).eventsPerSecond()),
                    ReportFormatter.count((published - lastPublished) / seconds),
                    ReportFormatter.count((arrivals - lastArrivals) / seconds),
                    ReportFormatter.percentile(h, 99.0),
                    errors.total(),
                    fleet.joinedNow());
            lastNanos = now;
            lastPublished = published;
            lastArrivals = arrivals;
        }
    }
}
