package com.servicehub.auth;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Users and their password hashes. */
@Repository
class UserRepository {

    private final JdbcClient jdbc;

    UserRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A stored user with the password hash, which never leaves this module. */
    record Account(User user, String passwordHash) {}

    void insert(User user, String passwordHash) {
        jdbc.sql("""
                INSERT INTO users (id, phone, name, role, password_hash, created_at)
                VALUES (:id, :phone, :name, :role, :hash, :createdAt)""")
                .param("id", user.id())
                .param("phone", user.phone())
                .param("name", user.name())
                .param("role", user.role().value())
                .param("hash", passwordHash)
                .param("createdAt", OffsetDateTime.ofInstant(user.createdAt(), java.time.ZoneOffset.UTC))
                .update();
    }

    void updatePasswordHash(UUID id, String passwordHash) {
        jdbc.sql("UPDATE users SET password_hash = :hash WHERE id = :id")
                .param("id", id)
                .param("hash", passwordHash)
                .update();
    }

    Optional<Account> findByPhone(String phone) {
        return jdbc.sql("SELECT * FROM users WHERE phone = :phone")
                .param("phone", phone)
                .query((rs, n) -> new Account(user(rs), rs.getString("password_hash")))
                .optional();
    }

    Optional<User> findById(UUID id) {
        return jdbc.sql("SELECT * FROM users WHERE id = :id")
                .param("id", id)
                .query((rs, n) -> user(rs))
                .optional();
    }

    /** Users of {@code role} (every user when null), oldest first, then by id, so pages never overlap. */
    List<User> findByRole(Role role, long offset, int limit) {
        String where = role == null ? "" : " WHERE role = :role";
        return jdbc.sql("SELECT * FROM users" + where + " ORDER BY created_at, id LIMIT :limit OFFSET :offset")
                .param("role", role == null ? null : role.value())
                .param("limit", limit)
                .param("offset", offset)
                .query((rs, n) -> user(rs))
                .list();
    }

    long countByRole(Role role) {
        String where = role == null ? "" : " WHERE role = :role";
        return jdbc.sql("SELECT COUNT(*) FROM users" + where)
                .param("role", role == null ? null : role.value())
                .query(Long.class)
                .single();
    }

    boolean existsByPhone(String phone) {
        return jdbc.sql("SELECT COUNT(*) FROM users WHERE phone = :phone")
                        .param("phone", phone)
                        .query(Long.class)
                        .single()
                > 0;
    }

    private static User user(ResultSet rs) throws SQLException {
        return new User(
                rs.getObject("id", UUID.class),
                rs.getString("phone"),
                rs.getString("name"),
                Role.find(rs.getString("role")).orElseThrow(),
                rs.getObject("created_at", OffsetDateTime.class).toInstant());
    }
}
