package com.servicehub.bench;

import java.time.Duration;

/**
 * Handshake rate: opens N connections as fast as the server accepts them (at most
 * {@code --handshake-concurrency} in flight) and reports connections/s, counting a connection
 * when the server's {@code connected} frame arrives; optionally each joins its own user room.
 */
final class HandshakeScenario {

    private HandshakeScenario() {}

    static RampResult run(RunSettings settings) throws Exception {
        Options o = settings.options;
        int connections = o.integer("connections", 10_000);
        boolean join = o.flag("join", false);
        double target = o.decimal("target-rate", 2_000);
        Duration hold = o.duration("hold-seconds", Duration.ZERO);
        int warmupConnections = o.integer("warmup-connections", 2_000);
        TokenMinter minter = settings.minter();
        o.rejectUnused();
        settings.checkDescriptors(connections);

        Audience audience = join ? Audience.userRooms(connections, 1) : Audience.noRooms(connections);
        try (WsClient client = new WsClient(settings.threads)) {
            RampResult warmup = warmUp(settings, client, minter, warmupConnections);
            return measure(settings, client, minter, audience, connections, join, target, hold, warmup);
        }
    }

    /**
     * Opens and closes a first batch, so that neither the generator's nor the server's JIT
     * compiler is what the measured ramp mostly measures.
     */
    private static RampResult warmUp(RunSettings settings, WsClient client, TokenMinter minter, int count)
            throws Exception {
        if (count <= 0) {
            return null;
        }
        settings.log.printf("warm-up: %d connections...%n", count);
        RampResult ramp;
        try (Fleet warm = new Fleet(
                client,
                settings.wsUris,
                Audience.noRooms(count),
                minter,
                settings.sources,
                new Errors(),
                settings.handshakeConcurrency)) {
            ramp = warm.open(count, settings.rampTimeout);
        }
        Thread.sleep(2_000);
        return ramp;
    }

    private static RampResult measure(
            RunSettings settings,
            WsClient client,
            TokenMinter minter,
            Audience audience,
            int connections,
            boolean join,
            double target,
            Duration hold,
            RampResult warmup)
            throws Exception {
        try (Fleet fleet = new Fleet(
                client,
                settings.wsUris,
                audience,
                minter,
                settings.sources,
                settings.errors,
                settings.handshakeConcurrency)) {
            settings.log.printf("opening %d connections...%n", connections);
            CpuMeter cpu = settings.cpuMeter();
            CpuMeter.Snapshot before = cpu.snapshot();
            RampResult ramp = fleet.open(connections, settings.rampTimeout);
            CpuMeter.Snapshot after = cpu.snapshot();
            if (!hold.isZero()) {
                Thread.sleep(hold.toMillis());
            }
            boolean pass = ramp.connectionsPerSecond() >= target && ramp.failed() == 0;
            StringBuilder md = new StringBuilder();
            md.append("## ").append(settings.title).append("\n\n");
            md.append(settings.clientLines(client, connections));
            md.append("- Each connection: upgrade with `?token=` (minted), wait for `connected`")
                    .append(join ? ", join `user:<own id>`" : "")
                    .append('\n');
            if (warmup != null) {
                md.append("- Warm-up first (not counted): ")
                        .append(ReportFormatter.rampLine(warmup))
                        .append('\n');
            }
            md.append("- Result: ").append(ReportFormatter.rampLine(ramp)).append('\n');
            md.append("- Target ≥ ")
                    .append(ReportFormatter.count(target))
                    .append(" connections/s: ")
                    .append(pass ? "pass" : "**FAIL**")
                    .append('\n');
            md.append("- Errors: ").append(settings.errors.summary()).append("\n\n");
            md.append(CpuMeter.table(java.util.List.of("ramp"), java.util.List.of(before, after)));
            settings.report.write(md.toString());
            return ramp;
        }
    }
}
