package com.servicehub.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Memory per connection: samples the server's RSS and heap-after-GC with no connections of ours,
 * then at each level of idle authenticated connections, each joined to one {@code user:<uuid>}
 * room ({@code --room-size} members, 1 by default); the cost per connection is the growth divided by
 * the connections added.
 */
final class MemoryScenario {

    private MemoryScenario() {}

    record Level(int connections, int joined, ServerProbe.Sample sample) {}

    static List<Level> run(RunSettings settings) throws Exception {
        Options o = settings.options;
        long pid = settings.serverPid;
        if (pid <= 0) {
            throw new Options.UsageException("--server-pid is required");
        }
        int connections = o.integer("connections", 19_000);
        List<String> levelText = o.list("levels", "0," + connections);
        int roomSize = Math.max(1, o.integer("room-size", 1));
        Duration settle = o.duration("settle-seconds", Duration.ofSeconds(10));
        String jcmd = o.string("jcmd", ServerProbe.defaultJcmd());
        TokenMinter minter = settings.minter();
        o.rejectUnused();
        List<Integer> levels = new ArrayList<>();
        for (String level : levelText) {
            levels.add(Integer.parseInt(level));
        }
        int max = levels.stream().mapToInt(Integer::intValue).max().orElse(connections);
        settings.checkDescriptors(max);

        ServerProbe probe = new ServerProbe(pid, jcmd);
        Audience audience = Audience.userRooms(max, roomSize);
        List<Level> results = new ArrayList<>();
        List<RampResult> ramps = new ArrayList<>();
        try (WsClient client = new WsClient(settings.threads);
                Fleet fleet = new Fleet(
                        client,
                        settings.wsUris,
                        audience,
                        minter,
                        settings.sources,
                        settings.errors,
                        settings.handshakeConcurrency)) {
            for (int level : levels) {
                if (level > fleet.opened()) {
                    settings.log.printf("opening connections %d to %d...%n", fleet.opened() + 1, level);
                    RampResult ramp = fleet.open(level - fleet.opened(), settings.rampTimeout);
                    ramps.add(ramp);
                    settings.log.println("ramp: " + ReportFormatter.rampLine(ramp));
                }
                Thread.sleep(settle.toMillis());
                ServerProbe.Sample sample = probe.sample();
                settings.log.printf(
                        Locale.ROOT,
                        "%d connections (%d joined): RSS %.1f MiB, heap after GC %.1f MiB, %d threads%n",
                        fleet.opened(),
                        fleet.joinedNow(),
                        sample.rssKb() / 1024.0,
                        sample.heapUsedKb() / 1024.0,
                        sample.threads());
                results.add(new Level(fleet.opened(), fleet.joinedNow(), sample));
            }
            StringBuilder md = new StringBuilder();
            md.append("## ").append(settings.title).append("\n\n");
            md.append("- Server PID ")
                    .append(pid)
                    .append(": RSS from /proc/")
                    .append(pid)
                    .append("/status, heap after `jcmd GC.run` (twice) from `GC.heap_info`; ")
                    .append(ReportFormatter.seconds(settle))
                    .append(" s settle time before each sample\n");
            md.append(settings.clientLines(client, max));
            md.append(
                    roomSize == 1
                            ? "- Each connection: idle, authenticated (minted token), joined to its own `user:<uuid>` room\n"
                            : "- Each connection: idle, authenticated (minted token), joined to one `user:<uuid>` room of "
                                    + roomSize + " connections\n");
            for (RampResult ramp : ramps) {
                md.append("- Ramp: ").append(ReportFormatter.rampLine(ramp)).append('\n');
            }
            md.append('\n').append(table(results)).append('\n');
            md.append("- Errors: ").append(settings.errors.summary()).append('\n');
            settings.report.write(md.toString());
        }
        return results;
    }

    static String table(List<Level> levels) {
        StringBuilder out = new StringBuilder();
        out.append(
                "| connections | joined | RSS MiB | heap after GC MiB | threads | RSS per connection KiB | heap per connection KiB |\n");
        out.append("|---:|---:|---:|---:|---:|---:|---:|\n");
        Level first = levels.isEmpty() ? null : levels.get(0);
        for (Level level : levels) {
            ServerProbe.Sample s = level.sample();
            int added = first == null ? 0 : level.connections() - first.connections();
            out.append("| ")
                    .append(ReportFormatter.count(level.connections()))
                    .append(" | ")
                    .append(ReportFormatter.count(level.joined()))
                    .append(" | ")
                    .append(String.format(Locale.ROOT, "%.1f", s.rssKb() / 1024.0))
                    .append(" | ")
                    .append(s.heapUsedKb() < 0 ? "?" : String.format(Locale.ROOT, "%.1f", s.heapUsedKb() / 1024.0))
                    .append(" | ")
                    .append(s.threads())
                    .append(" | ")
                    .append(perConnection(s.rssKb(), first.sample().rssKb(), added))
                    .append(" | ")
                    .append(
                            s.heapUsedKb() < 0
                                    ? "?"
                                    : perConnection(
                                            s.heapUsedKb(), first.sample().heapUsedKb(), added))
                    .append(" |\n");
        }
        return out.toString();
    }

    private static String perConnection(long valueKb, long baselineKb, int added) {
        return added <= 0 ? "—" : String.format(Locale.ROOT, "%.2f", (valueKb - baselineKb) / (double) added);
    }
}
