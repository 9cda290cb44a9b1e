package com.servicehub.system;

import static com.servicehub.TestApi.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.servicehub.TestApi;
import com.servicehub.TestUsers;
import com.servicehub.realtime.ClusterNodes;

/**
 * The operator's files start as written: both nginx configurations pass {@code nginx -t}, the
 * compose file's nginx really replaces a client's {@code X-Forwarded-For} in front of a node
 * that trusts only it, and {@code compose.yaml} is valid. Each needs its tool on the machine
 * ({@code apt-get install nginx-light docker-compose}); without it the test is skipped, not passed.
 */
class OperationsFilesTests {

    @TempDir
    Path dir;

    @Test
    void theProductionExamplePassesNginxT() throws Exception {
        assumeTrue(onPath("nginx") && onPath("openssl"), "nginx and openssl are not installed");
        Path tls = Files.createDirectories(dir.resolve("tls"));
        run(List.of(
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-subj",
                "/CN=api.example.com",
                "-days",
                "1",
                "-keyout",
                tls.resolve("key.pem").toString(),
                "-out",
                tls.resolve("cert.pem").toString()));
        // Only the paths of files the real server has are moved into the scratch directory.
        String site = Files.readString(Path.of("docs/nginx-cluster.conf"))
                .replace(
                        "/etc/nginx/tls/api.example.com.crt",
                        tls.resolve("cert.pem").toString())
                .replace(
                        "/etc/nginx/tls/api.example.com.key",
                        tls.resolve("key.pem").toString())
                .replace(
                        "/var/log/nginx/servicehub.log",
                        dir.resolve("access.log").toString());
        Files.writeString(dir.resolve("site.conf"), site);
        Files.writeString(
                dir.resolve("nginx.conf"),
                "pid " + dir.resolve("nginx.pid") + ";\nerror_log " + dir.resolve("error.log")
                        + ";\nevents {}\nhttp {\n    access_log " + dir.resolve("http.log") + ";\n    include "
                        + dir.resolve("site.conf")
                        + ";\n}\n");

        Result check = run(List.of(
                "nginx",
                "-t",
                "-p",
                dir.toString(),
                "-c",
                dir.resolve("nginx.conf").toString()));

        assertThat(check.exitCode()).as(check.output()).isZero();
        assertThat(site).doesNotContain("$proxy_add_x_forwarded_for").contains("X-Forwarded-For $remote_addr");
    }

    @Test
    void theComposeNginxReplacesTheClientsForwardedFor() throws Exception {
        assumeTrue(onPath("nginx"), "nginx is not installed");
        int perAddress = 3;
        try (ClusterNodes node = ClusterNodes.startAlone(Map.of(
                "servicehub.web.trusted-proxies",
                "127.0.0.1",
                "servicehub.auth.throttle.max-failures-per-address",
                perAddress))) {
            int port = freePort();
            String config = Files.readString(Path.of("ops/nginx.conf"))
                    .replace(
                            "server servicehub-1:5000 max_fails=0;",
                            "server 127.0.0.1:" + node.port(0) + " max_fails=0;")
                    .replace("server servicehub-2:5000 max_fails=0;", "")
                    .replace("listen 80;", "listen 127.0.0.1:" + port + ";")
                    .replace("pid /tmp/nginx.pid;", "pid " + dir.resolve("nginx.pid") + ";");
            Files.writeString(dir.resolve("nginx.conf"), config);
            Process nginx = new ProcessBuilder(
                            "nginx",
                            "-p",
                            dir.toString(),
                            "-c",
                            dir.resolve("nginx.conf").toString(),
                            "-g",
                            "daemon off; error_log " + dir.resolve("error.log") + ";")
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("nginx.out").toFile())
                    .start();
            try {
                TestApi viaNginx = new TestApi(port);
                await().atMost(Duration.ofSeconds(10))
                        .ignoreExceptions()
                        .until(() -> viaNginx.get("/livez", null).status() == 200);

                // A client that writes a new address into every request is still one client: the edge's.
                for (int i = 0; i < perAddress; i++) {
                    assertThat(login(viaNginx, "203.0.113." + i).status()).isEqualTo(401);
                }
                assertThat(login(viaNginx, "198.51.100.77").status()).isEqualTo(429);
                assertThat(viaNginx.get("/actuator/prometheus", null).status())
                        .as("actuator is not proxied")
                        .isEqualTo(404);
            } finally {
                nginx.destroy();
                nginx.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void theComposeFileIsValid() throws Exception {
        List<String> compose = onPath("docker-compose") ? List.of("docker-compose") : null;
        assumeTrue(compose != null, "docker-compose is not installed");
        List<String> command = new ArrayList<>(compose);
        command.addAll(List.of("-f", "compose.yaml", "config"));

        Result config = run(command, Map.of("JWT_SECRET", "a-secret-of-at-least-32-bytes-for-this-check"));
        Result withoutSecret = run(List.of(compose.get(0), "-f", "compose.yaml", "config", "-q"), Map.of());

        assertThat(config.exitCode()).as(config.output()).isZero();
        assertThat(config.output())
                .contains(
                        "servicehub-1",
                        "servicehub-2",
                        "postgres",
                        "redis",
                        "nginx",
                        "TRUSTED_PROXIES: 172.30.0.10",
                        "ipv4_address: 172.30.0.10",
                        "MANAGEMENT_PORT");
        assertThat(withoutSecret.exitCode()).as("JWT_SECRET is required").isNotZero();
    }

    private static TestApi.Response login(TestApi api, String forwardedFor) {
        return api.sendWith(
                "POST",
                "/api/v2/auth/login",
                null,
                Map.of("X-Forwarded-For", forwardedFor),
                body("phone", TestUsers.randomPhone(), "password", "wrong-password"));
    }

    private record Result(int exitCode, String output) {}

    private static Result run(List<String> command) throws IOException, InterruptedException {
        return run(command, Map.of());
    }

    private static Result run(List<String> command, Map<String, String> environment)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("JWT_SECRET");
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output);
    }

    private static boolean onPath(String tool) {
        for (String directory : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(directory, tool))) {
                return true;
            }
        }
        return false;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
