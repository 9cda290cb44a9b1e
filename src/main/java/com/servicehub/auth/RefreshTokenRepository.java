package com.servicehub.auth;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Refresh tokens, stored only as SHA-256 hashes, grouped into one family per login. Whatever
 * reads a token to rotate or revoke it does so under {@link #lockFamily}, in one transaction.
 */
@Repository
class RefreshTokenRepository {

    private final JdbcClient jdbc;

    RefreshTokenRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record StoredToken(UUID id, UUID familyId, UUID userId, Instant expiresAt, boolean rotated, boolean revoked) {}

    /** Starts a login's family; its row is what {@link #lockFamily} locks. */
    void insertFamily(UUID familyId, UUID userId, Instant createdAt) {
        jdbc.sql("INSERT INTO refresh_token_families (id, user_id, created_at) VALUES (:id, :user, :created)")
                .param("id", familyId)
                .param("user", userId)
                .param("created", utc(createdAt))
                .update();
    }

    /**
     * Locks the family until the transaction ends, so refreshes and logouts of one login take
     * turns. Statements after it see every token the previous holder issued (READ COMMITTED takes
     * a new snapshot per statement): read the presented token again after locking.
     */
    void lockFamily(UUID familyId) {
        jdbc.sql("SELECT id FROM refresh_token_families WHERE id = :id FOR UPDATE")
                .param("id", familyId)
                .query(UUID.class)
                .optional();
    }

    void insert(UUID id, UUID familyId, UUID userId, String hash, Instant createdAt, Instant expiresAt) {
        jdbc.sql("""
                INSERT INTO refresh_tokens (id, family_id, user_id, token_hash, created_at, expires_at)
                VALUES (:id, :family, :user, :hash, :created, :expires)""")
                .param("id", id)
                .param("family", familyId)
                .param("user", userId)
                .param("hash", hash)
                .param("created", utc(createdAt))
                .param("expires", utc(expiresAt))
                .update();
    }

    Optional<StoredToken> findByHash(String hash) {
        return jdbc.sql("SELECT * FROM refresh_tokens WHERE token_hash = :hash")
                .param("hash", hash)
                .query((rs, n) -> new StoredToken(
                        rs.getObject("id", UUID.class),
                        rs.getObject("family_id", UUID.class),
                        rs.getObject("user_id", UUID.class),
                        rs.getObject("expires_at", OffsetDateTime.class).toInstant(),
                        rs.getObject("rotated_at") != null,
                        rs.getObject("revoked_at") != null))
                .optional();
    }

    /** Marks a live token used; false when another request got there first (a reuse). */
    boolean markRotated(UUID id, Instant at) {
        return jdbc.sql("""
                UPDATE refresh_tokens SET rotated_at = :at
                WHERE id = :id AND rotated_at IS NULL AND revoked_at IS NULL""").param("id", id).param("at", utc(at)).update() == 1;
    }

    void revokeFamily(UUID familyId, Instant at) {
        jdbc.sql("UPDATE refresh_tokens SET revoked_at = :at WHERE family_id = :family AND revoked_at IS NULL")
                .param("family", familyId)
                .param("at", utc(at))
                .update();
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
