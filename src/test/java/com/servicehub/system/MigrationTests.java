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

    private static final String SERVER = System.getProperty("servicehub.test.postgres", "jdbc:postgresql://127.0.0.1:5432/");
    private static final String USER = "postgres";
    private static final List<String> TABLES = List.of("users", "refresh_tokens", "bookings", "support_tickets", "support_messages");

    @Test
    void applyOnAnEmptyPostgresDatabase() throws SQLException {
        String database = "servicehub_migrations_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection admin = DriverManager.getConnection(SERVER + "postgres", USER, "");
                Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + database);
        }
        try {
            String url = SERVER + database;
            MigrateResult result = migrate(url, USER, "");
            assertThat(result.success).isTrue();
            assertThat(result.migrationsExecuted).isPositive();
            assertThat(tables(url, USER, "", "public")).containsAll(TABLES);
            assertThat(migrate(url, USER, "").migrationsExecuted).as("a second run has nothing left to do").isZero();
        }
        finally {
            try (Connection admin = DriverManager.getConnection(SERVER + "postgres", USER, "");
                    Statement statement = admin.createStatement()) {
                statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            }
        }
    }

    @Test
    void applyOnH2InPostgresMode() throws SQLException {
        String url = "jdbc:h2:mem:" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";
        try {
            MigrateResult result = migrate(url, "sa", "");
            assertThat(result.success).isTrue();
            assertThat(result.migrationsExecuted).isPositive();
            assertThat(tables(url, "sa", "", "public")).containsAll(TABLES);
            assertThat(migrate(url, "sa", "").migrationsExecuted).isZero();
        }
        finally {
            try (Connection connection = DriverManager.getConnection(url, "sa", "");
                    Statement statement = connection.createStatement()) {
                statement.execute("SHUTDOWN");
            }
        }
    }

    private static MigrateResult migrate(String url, String user, String password) {
        return Flyway.configure().dataSource(url, user, password).locations("classpath:db/migration").load().migrate();
    }

    private static List<String> tables(String url, String user, String password, String schema) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(url, user, password);
                ResultSet rs = connection.getMetaData().getTables(null, schema, "%", new String[] { "TABLE" })) {
            while (rs.next()) {
                tables.add(rs.getString("TABLE_NAME").toLowerCase());
            }
        }
        return tables;
    }
}
