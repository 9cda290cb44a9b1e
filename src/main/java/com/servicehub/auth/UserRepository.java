package com.servicehub.auth;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
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
    record Account(User user, String passwordHash) {
    }

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
        jdbc.sql("UPDATE users SET password_hash = :hash WHERE id = :id").param("id", id).param("hash", passwordHash).update();
    }

    Optional<Account> findByPhone(String phone) {
        return jdbc.sql("SELECT * FROM users WHERE phone = :phone").param("phone", phone)
                .query((rs, n) -> new Account(user(rs), rs.getString("password_hash"))).optional();
    }

    Optional<User> findById(UUID id) {
        return jdbc.sql("SELECT * FROM users WHERE id = :id").param("id", id).query((rs, n) -> user(rs)).optional();
    }

    boolean existsByPhone(String phone) {
        return jdbc.sql("SELECT COUNT(*) FROM users WHERE phone = :phone").param("phone", phone)
                .query(Long.class).single() > 0;
    }

    private static User user(ResultSet rs) throws SQLException {
        return new User(rs.getObject("id", UUID.class), rs.getString("phone"), rs.getString("name"),
                Role.find(rs.getString("role")).orElseThrow(),
                rs.getObject("created_at", OffsetDateTime.class).toInstant());
    }

}
