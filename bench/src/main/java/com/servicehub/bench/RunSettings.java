package com.servicehub.bench;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The flags every WebSocket scenario shares: where to connect, how to mint tokens, how to spread
 * source addresses, how fast to ramp, where to write the report.
 */
final class RunSettings {

    final Options options;
    final List<URI> wsUris = new ArrayList<>();
    final int threads;
    final SourceAddresses sources;
    final int handshakeConcurrency;
    final Duration rampTimeout;
    final MarkdownReport report;
    final String title;
    final Errors errors = new Errors();
    final PrintStream log = System.out;
    /** The server's PID, or -1; with several (--server-pid A,B) this is the first, the CPU meter sums all. */
    final long serverPid;

    private final List<Long> serverPids = new ArrayList<>();
    private final String secret;
    private final boolean secretBase64;
    private final Duration tokenLifetime;
    private TokenMinter minter;

    RunSettings(Options o, String defaultTitle) {
        this.options = o;
        for (String url : o.list("ws-url", "ws://127.0.0.1:5000/ws")) {
            wsUris.add(URI.create(url));
        }
        this.threads = o.integer("threads", Runtime.getRuntime().availableProcessors());
        int sourceBase = o.integer("source-base", 2);
        int perSource = o.integer("per-source", SourceAddresses.defaultPerAddress());
        this.sources = sourceBase > 0 && allLoopback(wsUris)
                ? SourceAddresses.loopback(sourceBase, perSource)
                : SourceAddresses.none();
        this.handshakeConcurrency = o.integer("handshake-concurrency", 256);
        this.rampTimeout = o.duration("ramp-timeout", Duration.ofSeconds(120));
        String reportFile = o.string("report", null);
        this.report = new MarkdownReport(reportFile == null ? null : Path.of(reportFile), log);
        this.title = o.string("title", defaultTitle);
        this.secret = o.string("jwt-secret", System.getenv("JWT_SECRET"));
        this.secretBase64 = o.flag("jwt-secret-base64", false);
        this.tokenLifetime = o.duration("token-ttl", Duration.ofHours(2));
        for (String pid : o.list("server-pid", "")) {
            try {
                serverPids.add(Long.parseLong(pid));
            } catch (NumberFormatException e) {
                throw new Options.UsageException("--server-pid must be a PID or a comma-separated list of PIDs");
            }
        }
        this.serverPid = serverPids.isEmpty() ? -1 : serverPids.get(0);
    }

    CpuMeter cpuMeter() {
        return new CpuMeter(serverPids);
    }

    TokenMinter minter() {
        if (minter == null) {
            if (secret == null || secret.isEmpty()) {
                throw new Options.UsageException("the JWT secret is needed: --jwt-secret or JWT_SECRET");
            }
            minter = TokenMinter.forSecret(secret, secretBase64, tokenLifetime);
            if (minter.secretLength() < 32) {
                log.println("warning: the JWT secret is shorter than 32 bytes; the service requires at least 32");
            }
        }
        return minter;
    }

    String wsTargets() {
        List<String> targets = new ArrayList<>();
        for (URI uri : wsUris) {
            targets.add(uri.toString());
        }
        return String.join(", ", targets);
    }

    /** Warns when the process may not open that many sockets (each connection is one descriptor). */
    void checkDescriptors(int connections) {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            long max = unix.getMaxFileDescriptorCount();
            if (connections + 200 > max) {
                log.printf(
                        "warning: %d connections but only %d open files allowed (ulimit -n); expect failures%n",
                        connections, max);
            }
        }
    }

    /** A bullet list describing the client side, for the report. */
    String clientLines(WsClient client, int connections) {
        return "- WebSocket: " + wsTargets() + "; " + ReportFormatter.count(connections) + " connections from "
                + sources.describe(connections) + "; client " + client.transport() + ", handshakes in flight ≤ "
                + handshakeConcurrency + "\n";
    }

    private static boolean allLoopback(List<URI> uris) {
        for (URI uri : uris) {
            try {
                if (!InetAddress.getByName(uri.getHost()).isLoopbackAddress()) {
                    return false;
                }
            } catch (UnknownHostException e) {
                return false;
            }
        }
        return true;
    }
}
