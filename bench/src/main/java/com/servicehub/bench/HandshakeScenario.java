package com.servicehub.bench;

import java.time.Duration;

/**
 * Handshake rate: opens N connections as fast as the server accepts them (at most
 * {@code --handshake-concurrency} in flight) and reports connections/s, counting a connection
 * when the server's {@code connected} frame arrives; optionally each joins its own user room.
 */
final class HandshakeScenario {

    private HandshakeScenario() {
    }

    static RampResult run(RunSettings settings) throws Exception {
        Options o = settings.options;
        int connections = o.integer("connections", 10_000);
        boolean join = o.flag("join", false);
        double target = o.decimal("target-rate", 2_000);
        Duration hold = o.duration("hold-seconds", Duration.ZERO);
        TokenMinter minter = settings.minter();
        o.rejectUnused();
        settings.checkDescriptors(connections);

        Audience audience = join ? Audience.userRooms(connections, 1) : Audience.noRooms(connections);
        try (WsClient client = new WsClient(settings.threads);
             Fleet fleet = new Fleet(client, settings.wsUris, audience, minter, settings.sources, settings.errors,
                     settings.handshakeConcurrency)) {
            settings.log.printf("opening %d connections...%n", connections);
            RampResult ramp = fleet.open(connections, settings.rampTimeout);
            if (!hold.isZero()) {
                Thread.sleep(hold.toMillis());
            }
            boolean pass = ramp.connectionsPerSecond() >= target && ramp.failed() == 0;
            StringBuilder md = new StringBuilder();
            md.append("## ").append(settings.title).append("\n\n");
            md.append(settings.clientLines(client, connections));
            md.append("- Each connection: upgrade with `?token=` (minted), wait for `connected`")
                    .append(join ? ", join `user:<own id>`" : "").append('\n');
            md.append("- Result: ").append(ReportFormatter.rampLine(ramp)).append('\n');
            md.append("- Target ≥ ").append(ReportFormatter.count(target)).append(" connections/s: ")
                    .append(pass ? "pass" : "**FAIL**").append('\n');
            md.append("- Errors: ").append(settings.errors.summary()).append('\n');
            settings.report.write(md.toString());
            return ramp;
        }
    }
}
