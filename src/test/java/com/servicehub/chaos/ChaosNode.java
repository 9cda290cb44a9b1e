package com.servicehub.chaos;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One real ServiceHub node: the built jar in a process of its own, killed and restarted at will. */
final class ChaosNode implements AutoCloseable {

    private static final HttpClient PROBE =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    final String name;
    final int port;
    private final Path jar;
    private final Path workDir;
    private final Map<String, String> env;
    private Process process;
    private int starts;

    ChaosNode(String name, Path jar, Path workDir, Map<String, String> env) {
        this.name = name;
        this.port = ChaosRedis.freePort();
        this.jar = jar;
        this.workDir = workDir;
        this.env = env;
    }

    /** The jar that {@code ./mvnw package} built: {@code target/servicehub-<version>.jar}. */
    static Path builtJar(Path target) {
        try (var files = Files.list(target)) {
            return files.filter(path -> path.getFileName().toString().matches("servicehub-.*\\.jar"))
                    .filter(path -> !path.getFileName().toString().endsWith("-plain.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException(
                            "no servicehub-*.jar in " + target + ": run ./mvnw -DskipTests package first"));
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    String wsUrl() {
        return "ws://127.0.0.1:" + port + "/ws";
    }

    String httpUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** Starts the process and waits until it is ready (readiness 200). */
    void start(Duration timeout) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms128m",
                "-Xmx384m",
                "-XX:MaxHeapFreeRatio=30",
                "-XX:MinHeapFreeRatio=10",
                "-XX:TieredStopAtLevel=1",
                "-jar",
                jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(new File(workDir.toFile(), "node-" + name + ".log")));
        builder.environment().putAll(env);
        builder.environment().put("PORT", Integer.toString(port));
        builder.environment().put("NODE_ID", "chaos-" + name + "-" + (++starts));
        try {
            process = builder.start();
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "node " + name + " exited while starting (see " + workDir + "/node-" + name + ".log)");
            }
            if (ready()) {
                return;
            }
            ChaosRun.sleep(200);
        }
        throw new IllegalStateException("node " + name + " not ready within " + timeout);
    }

    boolean ready() {
        try {
            HttpResponse<Void> response = PROBE.send(
                    HttpRequest.newBuilder(URI.create(httpUrl() + "/actuator/health/readiness"))
                            .timeout(Duration.ofSeconds(2))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException ex) {
            return false;
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** {@code kill -9}: no shutdown hook, no close frames, nothing flushed. */
    void kill9() {
        process.destroyForcibly();
        waitForExit(10);
    }

    /** SIGTERM: the graceful shutdown (1001 to every connection), then the process ends. */
    void terminate() {
        process.destroy();
        if (!waitForExit(40)) {
            kill9();
        }
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    private boolean waitForExit(int seconds) {
        try {
            return process.waitFor(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        if (alive()) {
            kill9();
        }
    }
}
