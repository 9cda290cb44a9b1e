package com.servicehub.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class ReportFormatterTest {

    /** 1,000 latencies of 1..1000 µs, 10 s at a target of 1,200 events/s to rooms of 5. */
    private static StepResult step(String label, boolean warmup, long received, double targetEvents) {
        Histogram h = new Histogram(1, Deliveries.MAX_LATENCY_MICROS, 3);
        for (int i = 1; i <= 1000; i++) {
            h.recordValue(i);
        }
        return new StepResult(label, warmup, targetEvents, 10.0, 12_000, 60_000, received, h, 3);
    }

    @Test
    void formatsMillisecondsByMagnitude() {
        assertEquals("0.50", ReportFormatter.ms(500));
        assertEquals("9.99", ReportFormatter.ms(9_990));
        assertEquals("12.3", ReportFormatter.ms(12_345));
        assertEquals("1,235", ReportFormatter.ms(1_234_567));
        assertEquals("60,000", ReportFormatter.count(59_999.6));
    }

    @Test
    void rendersOneRowPerStepWithPercentilesAndCounts() {
        String table = ReportFormatter.stepTable(List.of(step("1", false, 60_000, 1200)), 50);

        String[] lines = table.split("\n");
        assertEquals(3, lines.length);
        assertTrue(lines[0].startsWith(
                "| step | target events/s | sent events/s | fan-out | target deliveries/s | delivered/s |"));
        assertTrue(lines[0].endsWith("| p99 ≤ 50 ms |"));
        assertEquals(
                "| 1 | 1,200 | 1,200 | 5.0 | 6,000 | 6,000 | 0.50 | 0.99 | 1.00 | 1.00 | 60,000 | 60,000 | 0 | 3 | pass |",
                lines[2]);
    }

    @Test
    void judgesRateLossAndLatencyButNotWarmUp() {
        assertEquals("FAIL: rate loss", ReportFormatter.verdict(step("2", false, 50_000, 1200), 50));
        assertEquals("FAIL: p99", ReportFormatter.verdict(step("2", false, 60_000, 1200), 0.5));
        assertEquals("(warm-up)", ReportFormatter.verdict(step("warm-up", true, 0, 1200), 50));
    }

    @Test
    void leavesOutTheVerdictWithoutATarget() {
        String table = ReportFormatter.stepTable(List.of(step("1", false, 60_000, 1200)), Double.NaN);
        assertTrue(table.split("\n")[2].endsWith("| 60,000 | 60,000 | 0 | 3 |"));
    }

    /** Node A publishes and sees 1..100 µs; node B sees the same events 5 ms later. */
    @Test
    void comparesEachNodesP99WithThePublishingNodesInTheSameStep() {
        StepPlan plan = StepPlan.of(List.of(100.0), java.time.Duration.ofSeconds(1), java.time.Duration.ZERO);
        Deliveries d = new Deliveries(plan, 0, 2);
        for (int i = 1; i <= 100; i++) {
            d.delivered(0, i * 1000L, 0);
            d.delivered(0, i * 1000L + 5_000_000L, 1);
        }
        String[] lines = ReportFormatter.nodeTable(plan, d, List.of("a:5000", "b:5001"), 0, 5.5)
                .split("\n");

        assertEquals(4, lines.length);
        assertTrue(lines[0].endsWith("| p99 − same-node p99 | within +5.5 ms |"), lines[0]);
        assertEquals("| 1 | a:5000 (publishes) | 0.05 | 0.10 | 0.10 | 0.10 | 100 | — | — |", lines[2]);
        assertEquals("| 1 | b:5001 | 5.05 | 5.10 | 5.10 | 5.10 | 100 | +5.00 | pass |", lines[3]);
        assertTrue(ReportFormatter.nodeTable(plan, d, List.of("a:5000", "b:5001"), 0, 4.5)
                .endsWith("| +5.00 | FAIL |\n"));
    }

    @Test
    void showsDashesForAnEmptyHistogram() {
        StepResult empty = new StepResult("1", false, 10, 1.0, 0, 0, 0, new Histogram(3), 0);
        assertTrue(ReportFormatter.stepTable(List.of(empty), Double.NaN).contains("| — | — | — | — |"));
    }

    @Test
    void describesARamp() {
        Histogram h = new Histogram(1, 120_000_000L, 3);
        h.recordValue(4_000);
        RampResult ramp = new RampResult(5000, 5000, 4990, 10, 0, 2_000_000_000L, h);
        assertEquals(
                "5,000 of 5,000 connected (4,990 joined, 10 join refused, 0 failed) in 2.00 s: **2,500 connections/s**; "
                        + "handshake p50 4.00 ms, p99 4.00 ms, max 4.00 ms",
                ReportFormatter.rampLine(ramp));
    }
}
