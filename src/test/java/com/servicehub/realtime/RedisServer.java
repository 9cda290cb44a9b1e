package com.servicehub.realtime;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;

/** A throwaway redis-server of the test's own, on a free port, that a test can stop and restart. */
public final class RedisServer implements AutoCloseable {

    private final int port;
    private Process process;

    private RedisServer(int port) {
        this.port = port;
    }

    /** Starts on a free port; tries another one when something else takes the port first. */
    public static RedisServer start() {
        IllegalStateException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            RedisServer server = new RedisServer(freePort());
            try {
                server.restart();
                return server;
            }
            catch (IllegalStateException ex) {
                server.close();
                last = ex;
            }
        }
        throw last;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    public int port() {
        return port;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public void restart() {
        try {
            File dir = new File("target/redis-" + port);
            dir.mkdirs();
            // No automatic snapshots; a test that wants one asks for it (SAVE), and a restart loads it.
            process = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--dir", dir.getAbsolutePath())
                    .redirectErrorStream(true).redirectOutput(new File("target/redis-" + port + ".log"))
                    .start();
        }
        catch (IOException ex) {
            throw new IllegalStateException("redis-server is needed for this test", ex);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            if (answersPing()) {
                return;
            }
            sleep();
        }
        throw new IllegalStateException("redis-server did not start on " + port);
    }

    /** Our own process is up and it is Redis that answers on the port, not someone else. */
    private boolean answersPing() {
        if (!process.isAlive()) {
            return false;
        }
        try (Socket probe = new Socket("127.0.0.1", port)) {
            probe.setSoTimeout(1000);
            probe.getOutputStream().write("PING\r\n".getBytes());
            byte[] answer = new byte[7];
            int read = probe.getInputStream().read(answer);
            return read > 0 && new String(answer, 0, read).startsWith("+PONG") && process.isAlive();
        }
        catch (IOException notYet) {
            return false;
        }
    }

    /** Kills the server at once, as a crash or a network cut would. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            kill();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
