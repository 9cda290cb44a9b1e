package com.servicehub.system;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code Idempotency-Key} header of creating requests: a retry with the same key and the same
 * request answers what the first one answered (status, body, {@code Location}), without doing it
 * again; the same key with another request is a 409. Keys are per user and expire after
 * {@code ttl}.
 *
 * <p>The key's row is inserted in the transaction that makes the change, before the change. A
 * second request with the key waits on that row's unique index until the first commits (then it
 * finds the answer) or rolls back (then it runs itself): two concurrent retries never both run.
 */
@Component
public class IdempotentRequests {

    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED = "Idempotent-Replayed";
    private static final int MAX_KEY_LENGTH = 255;
    private static final long CLEANUP_EVERY_MILLIS = 60_000;

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final JsonMapper json;
    private final Settings settings;
    private final AtomicLong lastCleanup = new AtomicLong();

    IdempotentRequests(
            JdbcClient jdbc, PlatformTransactionManager transactionManager, JsonMapper json, Settings settings) {
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactionManager);
        this.json = json;
        this.settings = settings;
    }

    /** @param ttl how long a key's answer is kept ({@code IDEMPOTENCY_KEY_TTL}) */
    @ConfigurationProperties("servicehub.web.idempotency")
    record Settings(@DefaultValue("P1D") Duration ttl) {}

    /**
     * Runs {@code action} once per {@code key} of {@code user}; without a key it just runs it.
     * {@code request} (the decoded body) with {@code method} and {@code path} is what "the same
     * request" means; {@code type} reads a stored answer back.
     */
    public <T> ResponseEntity<T> once(
            UUID user,
            String key,
            String method,
            String path,
            Object request,
            Class<T> type,
            Supplier<ResponseEntity<T>> action) {
        if (key == null) {
            return action.get();
        }
        String checked = checked(key);
        String hash = hash(method + " " + path + "\n" + json.writeValueAsString(request));
        cleanUpNowAndThen();
        return transactions.execute(status -> {
            Instant now = Timestamps.now();
            jdbc.sql("DELETE FROM idempotency_keys WHERE user_id = :user AND idem_key = :key AND expires_at <= :now")
                    .param("user", user)
                    .param("key", checked)
                    .param("now", utc(now))
                    .update();
            int claimed = jdbc.sql("""
                    INSERT INTO idempotency_keys (user_id, idem_key, request_hash, status, body, created_at, expires_at)
                    VALUES (:user, :key, :hash, 0, '', :now, :expires) ON CONFLICT DO NOTHING""")
                    .param("user", user)
                    .param("key", checked)
                    .param("hash", hash)
                    .param("now", utc(now))
                    .param("expires", utc(now.plus(settings.ttl())))
                    .update();
            if (claimed == 0) {
                return replay(user, checked, hash, type);
            }
            ResponseEntity<T> answer = action.get();
            URI location = answer.getHeaders().getLocation();
            jdbc.sql("""
                    UPDATE idempotency_keys SET status = :status, location = :location, body = :body
                    WHERE user_id = :user AND idem_key = :key""")
                    .param("status", answer.getStatusCode().value())
                    .param("location", location == null ? null : location.toString())
                    .param("body", answer.getBody() == null ? "" : json.writeValueAsString(answer.getBody()))
                    .param("user", user)
                    .param("key", checked)
                    .update();
            return answer;
        });
    }

    private record Stored(String hash, int status, String location, String body) {}

    private <T> ResponseEntity<T> replay(UUID user, String key, String hash, Class<T> type) {
        Optional<Stored> stored = jdbc.sql("""
                SELECT request_hash, status, location, body FROM idempotency_keys
                WHERE user_id = :user AND idem_key = :key""")
                .param("user", user)
                .param("key", key)
                .query((rs, n) -> new Stored(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4)))
                .optional();
        // Gone between our insert and this read: only an expiry that just happened; the client may retry.
        Stored first = stored.orElseThrow(() -> new ConflictException("This Idempotency-Key is in use; retry"));
        if (!first.hash().equals(hash)) {
            throw new ConflictException("This Idempotency-Key was already used for another request");
        }
        ResponseEntity.BodyBuilder answer =
                ResponseEntity.status(first.status()).header(REPLAYED, "true");
        if (first.location() != null) {
            answer.location(URI.create(first.location()));
        }
        return first.body().isEmpty() ? answer.build() : answer.body(json.readValue(first.body(), type));
    }

    /** Expired keys of every user go at most once a minute per node, on the way of a request that uses a key. */
    private void cleanUpNowAndThen() {
        long now = System.currentTimeMillis();
        long last = lastCleanup.get();
        if (now - last >= CLEANUP_EVERY_MILLIS && lastCleanup.compareAndSet(last, now)) {
            removeExpired();
        }
    }

    /** Deletes every expired key; answers how many. */
    public int removeExpired() {
        return jdbc.sql("DELETE FROM idempotency_keys WHERE expires_at <= :now")
                .param("now", utc(Timestamps.now()))
                .update();
    }

    private static String checked(String key) {
        if (key.isBlank() || key.length() > MAX_KEY_LENGTH || !key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
            throw new InvalidRequestException(
                    HEADER, "must be 1-" + MAX_KEY_LENGTH + " visible ASCII characters, such as a UUID");
        }
        return key;
    }

    private static String hash(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
