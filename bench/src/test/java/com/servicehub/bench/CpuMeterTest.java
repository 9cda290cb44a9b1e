package com.servicehub.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class CpuMeterTest {

    @Test
    void readsProcessTicksEvenWithSpacesInTheName() {
        String stat = "4242 (java (main) x) S 1 4242 4242 0 -1 4194560 9000 0 3 0 1234 567 0 0 20 0 40 0 100 0 0";
        assertEquals(1234 + 567, CpuMeter.processTicks(stat));
    }

    @Test
    void readsMachineBusyAndTotal() {
        String stat = "cpu  100 5 50 800 20 1 4 0 0 0\ncpu0 50 2 25 400 10 0 2 0 0 0\n";
        assertArrayEquals(new long[] {160, 980}, CpuMeter.machine(stat));
    }

    @Test
    void tabulatesCoresPerStep() {
        List<CpuMeter.Snapshot> snapshots = List.of(
                new CpuMeter.Snapshot(0, 1000, 5000, 0, 0),
                new CpuMeter.Snapshot(10_000_000_000L, 1500, 6500, 1500, 2000),
                new CpuMeter.Snapshot(20_000_000_000L, 1600, -1, 1600, 4000));
        String table = CpuMeter.table(List.of("1", "2"), snapshots);
        String[] lines = table.split("\n");
        assertEquals("| 1 | 0.50 | 1.50 | 75 % |", lines[2]);
        assertEquals("| 2 | 0.10 | — | 5 % |", lines[3]);
    }
}
