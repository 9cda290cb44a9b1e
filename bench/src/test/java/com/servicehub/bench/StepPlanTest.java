package com.servicehub.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

class StepPlanTest {

    private static final long SECOND = 1_000_000_000L;

    private final StepPlan plan =
            StepPlan.of(List.of(100.0, 1000.0, 3.0), Duration.ofSeconds(10), Duration.ofSeconds(2));

    @Test
    void warmUpComesFirstAtTheFirstRate() {
        assertEquals(4, plan.size());
        assertEquals("warm-up", plan.step(0).label());
        assertTrue(plan.step(0).warmup());
        assertEquals(100.0, plan.step(0).eventsPerSecond());
        assertEquals("1", plan.step(1).label());
        assertEquals(32 * SECOND, plan.totalNanos());
        assertEquals(200 + 1000 + 10_000 + 30, plan.totalEvents());
    }

    @Test
    void findsTheStepOfAnElapsedTime() {
        assertEquals(0, plan.stepAt(-5));
        assertEquals(0, plan.stepAt(0));
        assertEquals(0, plan.stepAt(2 * SECOND - 1));
        assertEquals(1, plan.stepAt(2 * SECOND));
        assertEquals(2, plan.stepAt(12 * SECOND));
        assertEquals(3, plan.stepAt(31 * SECOND));
        assertEquals(3, plan.stepAt(100 * SECOND));
    }

    @Test
    void countsDueEventsCumulatively() {
        assertEquals(0, plan.dueCount(0));
        assertEquals(0, plan.dueCount(SECOND / 100 - 1));
        assertEquals(1, plan.dueCount(SECOND / 100));
        assertEquals(100, plan.dueCount(SECOND));
        assertEquals(200, plan.dueCount(2 * SECOND));
        assertEquals(200 + 1000 + 500, plan.dueCount(12 * SECOND + SECOND / 2));
        assertEquals(plan.totalEvents(), plan.dueCount(32 * SECOND));
        assertEquals(plan.totalEvents(), plan.dueCount(99 * SECOND));
    }

    @Test
    void dueAtIsTheInverseOfDueCount() {
        for (long n = 0; n < plan.totalEvents(); n += 7) {
            long t = plan.dueAt(n);
            assertTrue(plan.dueCount(t) > n, "event " + n + " due at " + t);
            assertTrue(plan.dueCount(t - 1) <= n, "event " + n + " not due before " + t);
        }
        assertEquals(Long.MAX_VALUE, plan.dueAt(plan.totalEvents()));
    }

    @Test
    void skipsAPauseStep() {
        StepPlan withPause = new StepPlan(List.of(
                new StepPlan.Step("a", 10, SECOND, false),
                new StepPlan.Step("pause", 0, SECOND, false),
                new StepPlan.Step("b", 10, SECOND, false)));
        assertEquals(10, withPause.dueCount(SECOND + SECOND / 2));
        long t = withPause.dueAt(10);
        assertEquals(2 * SECOND + SECOND / 10, t);
    }

    @Test
    void driverSendsExactlyThePlannedEvents() throws Exception {
        StepPlan short_ = StepPlan.of(List.of(2000.0, 500.0), Duration.ofMillis(300), Duration.ZERO);
        long[] sent = new long[1];
        int[] flushes = new int[1];
        RateDriver driver = new RateDriver(
                short_,
                new RateDriver.Publisher() {
                    @Override
                    public void publish(long seq) {
                        assertEquals(sent[0], seq);
                        sent[0]++;
                    }

                    @Override
                    public void flush() {
                        flushes[0]++;
                    }
                },
                100);
        long start = System.nanoTime();
        long total = driver.run(start);
        long took = System.nanoTime() - start;
        assertEquals(short_.totalEvents(), total);
        assertEquals(total, sent[0]);
        assertTrue(took >= 600_000_000L && took < 2_000_000_000L, "took " + took);
        assertTrue(flushes[0] > 1);
    }
}
