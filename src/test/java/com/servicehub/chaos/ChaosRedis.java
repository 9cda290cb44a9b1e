package com.servicehub.chaos;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The chaos run's own redis-server, on a free port. It keeps its data in a directory of its own,
 * so that a stop ({@code SHUTDOWN SAVE}) and a start bring the history back, and a kill plus a
 * deleted dump bring it back empty.
 */
final class ChaosRedis implements AutoCloseable {

    private final int port;
    private final Path dir;
    private Process process;

    ChaosRedis(Path workDir) {
        this.port = freePort();
        this.dir = workDir.resolve("redis-" + port);
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    String url() {
        return "redis://127.0.0.1:" + port;
    }

    void start() {
        try {
            Files.createDirectories(dir);
            process = new ProcessBuilder(
                            "redis-server",
                            "--port",
                            Integer.toString(port),
                            "--bind",
                            "127.0.0.1",
                            "--save",
                            "",
                            "--appendonly",
                            "no",
                            "--dir",
                            dir.toString(),
                            "--dbfilename",
                            "dump.rdb")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(new File(dir.toFile(), "redis.log")))
                    .start();
        } catch (IOException ex) {
            throw new IllegalStateException("redis-server is needed for the chaos run", ex);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            if ("+PONG".equals(command("PING"))) {
                return;
            }
            ChaosRun.sleep(50);
        }
        throw new IllegalStateException("redis-server did not start on " + port);
    }

    /** A clean stop that writes the data to disk first: the next start has the history again. */
    void stopSaving() {
        command("SHUTDOWN SAVE");
        waitForExit();
    }

    /** Killed and its data gone: the next start is empty, as after a crash of an unpersisted Redis. */
    void killAndForget() {
        process.destroyForcibly();
        waitForExit();
        try {
            Files.deleteIfExists(dir.resolve("dump.rdb"));
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private void waitForExit() {
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    /** One inline command; the first line of the answer, or null when Redis does not answer. */
    private String command(String line) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(2000);
            socket.getOutputStream().write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] answer = new byte[64];
            int read = socket.getInputStream().read(answer);
            return read <= 0 ? null : new String(answer, 0, read, StandardCharsets.US_ASCII).split("\r\n")[0];
        } catch (IOException ex) {
            return null;
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            waitForExit();
        }
    }
}
