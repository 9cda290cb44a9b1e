package com.servicehub.realtime;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A throwaway redis-server of the test's own, on a free port, that a test can stop and restart. */
public final class RedisServer implements AutoCloseable {

    private final int port;
    private final List<String> options;
    private Process process;

    private RedisServer(int port, List<String> options) {
        this.port = port;
        this.options = options;
    }

    /** Starts on a free port; tries another one when something else takes the port first. */
    public static RedisServer start(String... options) {
        IllegalStateException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            RedisServer server = new RedisServer(freePort(), List.of(options));
            try {
                server.restart();
                return server;
            } catch (IllegalStateException ex) {
                server.close();
                last = ex;
            }
        }
        throw last;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException ex) {
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
            List<String> command = new ArrayList<>(List.of(
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
                    dir.getAbsolutePath()));
            command.addAll(options);
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(new File("target/redis-" + port + ".log"))
                    .start();
        } catch (IOException ex) {
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
        } catch (IOException notYet) {
            return false;
        }
    }

    /** A replica of {@code master}. */
    public static RedisServer replicaOf(RedisServer master) {
        return start("--replicaof", "127.0.0.1", Integer.toString(master.port()));
    }

    /** A sentinel watching {@code master} under the name {@code name}, failing over after a second. */
    public static RedisServer sentinelFor(RedisServer master, String name) {
        IllegalStateException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            int port = freePort();
            try {
                File config = new File("target/sentinel-" + port + ".conf").getAbsoluteFile();
                Files.writeString(
                        config.toPath(),
                        String.join(
                                "\n",
                                "port " + port,
                                "bind 127.0.0.1",
                                "sentinel monitor " + name + " 127.0.0.1 " + master.port() + " 1",
                                "sentinel down-after-milliseconds " + name + " 1000",
                                "sentinel failover-timeout " + name + " 5000",
                                ""));
                RedisServer sentinel = new RedisServer(port, List.of());
                sentinel.process = new ProcessBuilder("redis-server", config.getPath(), "--sentinel")
                        .redirectErrorStream(true)
                        .redirectOutput(new File("target/sentinel-" + port + ".log"))
                        .start();
                sentinel.awaitPing();
                return sentinel;
            } catch (IOException ex) {
                throw new IllegalStateException("redis-server --sentinel is needed for this test", ex);
            } catch (IllegalStateException ex) {
                last = ex;
            }
        }
        throw last;
    }

    /**
     * A Redis Cluster of {@code masters} masters (no replicas) on free ports, every slot covered;
     * the servers, to be closed by the caller.
     */
    public static List<RedisServer> cluster(int masters) {
        List<RedisServer> servers = new ArrayList<>();
        for (int i = 0; i < masters; i++) {
            servers.add(start(
                    "--cluster-enabled",
                    "yes",
                    "--cluster-config-file",
                    new File("target/redis-cluster-" + System.nanoTime() + ".conf").getAbsolutePath(),
                    "--cluster-node-timeout",
                    "2000"));
        }
        List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
        servers.forEach(server -> create.add("127.0.0.1:" + server.port()));
        create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
        try {
            Process cli = new ProcessBuilder(create)
                    .redirectErrorStream(true)
                    .redirectOutput(new File("target/redis-cluster-create.log"))
                    .start();
            if (cli.waitFor() != 0) {
                throw new IllegalStateException(
                        "redis-cli --cluster create failed: see target/redis-cluster-create.log");
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            for (RedisServer server : servers) {
                while (!server.clusterOk()) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("the cluster did not become ok");
                    }
                    sleep();
                }
            }
            return servers;
        } catch (IOException | InterruptedException | RuntimeException ex) {
            servers.forEach(RedisServer::close);
            throw new IllegalStateException(ex);
        }
    }

    private boolean clusterOk() throws IOException, InterruptedException {
        Process info = new ProcessBuilder("redis-cli", "-p", Integer.toString(port), "cluster", "info")
                .redirectErrorStream(true)
                .start();
        String output = new String(info.getInputStream().readAllBytes());
        info.waitFor();
        return output.contains("cluster_state:ok");
    }

    private void awaitPing() {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            if (answersPing()) {
                return;
            }
            sleep();
        }
        throw new IllegalStateException("redis-server did not start on " + port);
    }

    /** Kills the server at once, as a crash or a network cut would. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException ex) {
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
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
