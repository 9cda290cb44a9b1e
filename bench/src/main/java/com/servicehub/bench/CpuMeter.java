package com.servicehub.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * CPU use of the generator, the server (when its PID is known) and the whole machine, from
 * /proc. On a two-core machine that the generator shares with the server, a step's numbers mean
 * little without knowing who had the cores, so each report says it.
 */
final class CpuMeter {

    /** Clock ticks per second of /proc's counters (USER_HZ; 100 on Linux). */
    static final double TICKS_PER_SECOND = 100.0;

    record Snapshot(long nanos, long selfTicks, long serverTicks, long machineBusy, long machineTotal) {}

    private final List<Long> serverPids;

    /** The server's CPU is the sum over these processes (two nodes of a cluster, say); none: unknown. */
    CpuMeter(List<Long> serverPids) {
        this.serverPids = List.copyOf(serverPids);
    }

    Snapshot snapshot() {
        long[] machine = machine(read("/proc/stat"));
        long server = serverPids.isEmpty() ? -1 : 0;
        for (long pid : serverPids) {
            long ticks = processTicks(read("/proc/" + pid + "/stat"));
            server = ticks < 0 || server < 0 ? -1 : server + ticks;
        }
        return new Snapshot(System.nanoTime(), processTicks(read("/proc/self/stat")), server, machine[0], machine[1]);
    }

    /** A Markdown table: one row per interval between consecutive snapshots. */
    static String table(List<String> labels, List<Snapshot> snapshots) {
        StringBuilder out = new StringBuilder(
                "| step | generator CPU (cores) | server CPU (cores) | machine busy |\n|---|---:|---:|---:|\n");
        for (int i = 0; i + 1 < snapshots.size() && i < labels.size(); i++) {
            Snapshot a = snapshots.get(i);
            Snapshot b = snapshots.get(i + 1);
            double seconds = (b.nanos() - a.nanos()) / 1e9;
            out.append("| ")
                    .append(labels.get(i))
                    .append(" | ")
                    .append(cores(a.selfTicks(), b.selfTicks(), seconds))
                    .append(" | ")
                    .append(cores(a.serverTicks(), b.serverTicks(), seconds))
                    .append(" | ")
                    .append(
                            b.machineTotal() == a.machineTotal() || a.machineTotal() < 0
                                    ? "—"
                                    : String.format(
                                            Locale.ROOT,
                                            "%.0f %%",
                                            100.0
                                                    * (b.machineBusy() - a.machineBusy())
                                                    / (b.machineTotal() - a.machineTotal())))
                    .append(" |\n");
        }
        return out.toString();
    }

    private static String cores(long before, long after, double seconds) {
        if (before < 0 || after < 0 || seconds <= 0) {
            return "—";
        }
        return String.format(Locale.ROOT, "%.2f", (after - before) / TICKS_PER_SECOND / seconds);
    }

    /** utime + stime of a /proc/PID/stat line (the command name may contain spaces); -1 if unreadable. */
    static long processTicks(String stat) {
        if (stat == null) {
            return -1;
        }
        int close = stat.lastIndexOf(')');
        String[] fields = stat.substring(close + 2).trim().split("\\s+");
        // fields[0] is field 3 (state); utime and stime are fields 14 and 15
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** {busy, total} ticks from the first line of /proc/stat; busy leaves out idle and iowait. */
    static long[] machine(String procStat) {
        if (procStat == null) {
            return new long[] {-1, -1};
        }
        String[] fields = procStat.substring(0, procStat.indexOf('\n')).trim().split("\\s+");
        long total = 0;
        for (int i = 1; i < fields.length && i <= 8; i++) {
            total += Long.parseLong(fields[i]);
        }
        long idle = Long.parseLong(fields[4]) + (fields.length > 5 ? Long.parseLong(fields[5]) : 0);
        return new long[] {total - idle, total};
    }

    private static String read(String path) {
        try {
            return Files.readString(Path.of(path));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
