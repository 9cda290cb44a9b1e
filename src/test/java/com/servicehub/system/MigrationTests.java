package com.servicehub.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;

/** The migrations build the whole schema from nothing, on PostgreSQL and on the embedded H2. */
class MigrationTests {

    // The same server as application-test.yml; each run makes and drops a database of its own.
    private static final String TEST_DATABASE = env("TEST_DATABASE_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    private static final String SERVER = TEST_DATABASE.substring(0, TEST_DATABASE.lastIndexOf('/') + 1);
    private static final String USER = env("TEST_DATABASE_USER", "postgres");
    private static final String PASSWORD = env("TEST_DATABASE_PASSWORD", "");
    private static final List<String> TABLES = List.of(
            "users", "refresh_tokens", "refresh_token_families", "bookings", "support_tickets", "support_messages");

    @Test
    void applyOnAnEmptyPostgresDatabase() throws SQLException {
        String database =
                "servicehub_migrations_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection admin = DriverManager.getConnection(SERVER + "postgres", USER, PASSWORD);
                Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + database);
        }
        try {
            String url = SERVER + database;
            MigrateResult result = migrate(url, USER, PASSWORD);
            assertThat(result.success).isTrue();
            assertThat(result.migrationsExecuted).isPositive();
            assertThat(tables(url, USER, PASSWORD, "public")).containsAll(TABLES);
            assertThat(migrate(url, USER, PASSWORD).migrationsExecuted)
                    .as("a second run has nothing left to do")
                    .isZero();
        } finally {
            try (Connection admin = DriverManager.getConnection(SERVER + "postgres", USER, PASSWORD);
                    Statement statement = admin.createStatement()) {
                statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            }
        }
    }

    @Test
    void applyOnH2InPostgresMode() throws SQLException {
        String url = "jdbc:h2:mem:" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";
        try {
            MigrateResult result = migrate(url, "sa", "");
            assertThat(result.success).isTrue();
            assertThat(result.migrationsExecuted).isPositive();
            assertThat(tables(url, "sa", "", "public")).containsAll(TABLES);
            assertThat(migrate(url, "sa", "").migrationsExecuted).isZero();
        } finally {
            try (Connection connection = DriverManager.getConnection(url, "sa", "");
                    Statement statement = connection.createStatement()) {
                statement.execute("SHUTDOWN");
            }
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static MigrateResult migrate(String url, String user, String password) {
        return Flyway.configure()
                .dataSource(url, user, password)
                .locations("classpath:db/migration")
                .load()
                .migrate();
    }

    private static List<String> tables(String url, String user, String password, String schema) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(url, user, password);
                ResultSet rs = connection.getMetaData().getTables(null, schema, "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                tables.add(rs.getString("TABLE_NAME").toLowerCase());
            }
        }
        return tables;
    }
}
