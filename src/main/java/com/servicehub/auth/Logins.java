package com.servicehub.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionOperations;

import com.servicehub.system.TooManyRequestsException;
import com.servicehub.system.UnauthorizedException;

/**
 * Logins and their refresh tokens. A login is a family of refresh tokens: each refresh rotates
 * the presented token, and presenting one that was already rotated means it was copied, so the
 * whole family is revoked. Access tokens already issued stay valid until they expire (at most
 * {@code ACCESS_TOKEN_TTL}): checking them needs no database, by design.
 *
 * <p>A password is checked with no database connection held ({@link PasswordHashing}): the
 * account is read, the connection goes back to the pool, the hash is checked, and only then are
 * the login's rows written, in a short transaction of their own.
 */
@Service
class Logins {

    private static final Logger log = LoggerFactory.getLogger(Logins.class);
    private static final String BAD_CREDENTIALS = "Invalid phone or password";
    private static final String BAD_REFRESH = "Invalid refresh token";

    private final UserRepository users;
    private final RefreshTokenRepository refreshTokens;
    private final PasswordHashing passwords;
    private final TransactionOperations transactions;
    private final AccessTokens accessTokens;
    private final LoginThrottle throttle;
    private final AuthProperties properties;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final String unknownUserHash;

    Logins(
            UserRepository users,
            RefreshTokenRepository refreshTokens,
            PasswordHashing passwords,
            TransactionOperations transactions,
            AccessTokens accessTokens,
            LoginThrottle throttle,
            AuthProperties properties,
            Clock clock) {
        this.users = users;
        this.refreshTokens = refreshTokens;
        this.passwords = passwords;
        this.transactions = transactions;
        this.accessTokens = accessTokens;
        this.throttle = throttle;
        this.properties = properties;
        this.clock = clock;
        // An unknown phone still pays for one hash check, so timing does not tell which phones exist.
        this.unknownUserHash = passwords.encode(UUID.randomUUID().toString());
    }

    /** What login and refresh answer. */
    record Session(String accessToken, String refreshToken, String tokenType, long expiresIn, User user) {}

    Session login(String phone, String password, String clientAddress) {
        Optional<java.time.Duration> wait = throttle.retryAfter(phone, clientAddress);
        if (wait.isPresent()) {
            throw new TooManyRequestsException("Too many failed logins; try again later", wait.get());
        }
        Optional<UserRepository.Account> account = users.findByPhone(phone);
        boolean matches = passwords.matches(
                password, account.map(UserRepository.Account::passwordHash).orElse(unknownUserHash));
        if (account.isEmpty() || !matches) {
            throttle.recordFailure(phone, clientAddress);
            throw new UnauthorizedException(BAD_CREDENTIALS);
        }
        throttle.recordSuccess(phone);
        if (passwords.upgradeEncoding(account.get().passwordHash())) {
            // The only moment the password is at hand: move an older hash to the current scheme and cost.
            String upgraded = passwords.encode(password);
            users.updatePasswordHash(account.get().user().id(), upgraded);
        }
        User user = account.get().user();
        return transactions.execute(status -> open(user));
    }

    /**
     * Rotates the presented token. The family's lock makes a second refresh of the same token,
     * or a logout, wait for this one to commit, and then see the token it issued.
     */
    @Transactional(noRollbackFor = UnauthorizedException.class)
    Session refresh(String refreshToken) {
        String hash = hash(refreshToken);
        RefreshTokenRepository.StoredToken found =
                refreshTokens.findByHash(hash).orElseThrow(() -> new UnauthorizedException(BAD_REFRESH));
        refreshTokens.lockFamily(found.familyId());
        RefreshTokenRepository.StoredToken stored =
                refreshTokens.findByHash(hash).orElseThrow(() -> new UnauthorizedException(BAD_REFRESH));
        Instant now = clock.instant();
        if (stored.revoked()) {
            throw new UnauthorizedException(BAD_REFRESH);
        }
        if (stored.rotated() || !refreshTokens.markRotated(stored.id(), now)) {
            log.warn("Refresh token reused for user {}: revoking that login", stored.userId());
            refreshTokens.revokeFamily(stored.familyId(), now);
            throw new UnauthorizedException(BAD_REFRESH);
        }
        if (!stored.expiresAt().isAfter(now)) {
            throw new UnauthorizedException(BAD_REFRESH);
        }
        User user = users.findById(stored.userId()).orElseThrow(() -> new UnauthorizedException(BAD_REFRESH));
        return issue(user, stored.familyId());
    }

    /** Revokes the whole login, under the family's lock, so a refresh racing it cannot outlive it. */
    @Transactional
    void logout(String refreshToken) {
        refreshTokens.findByHash(hash(refreshToken)).ifPresent(stored -> {
            refreshTokens.lockFamily(stored.familyId());
            refreshTokens.revokeFamily(stored.familyId(), clock.instant());
        });
    }

    /** A new login: its family, and the first token of it. */
    private Session open(User user) {
        UUID familyId = UUID.randomUUID();
        refreshTokens.insertFamily(familyId, user.id(), clock.instant());
        return issue(user, familyId);
    }

    private Session issue(User user, UUID familyId) {
        AccessTokens.Issued access = accessTokens.issue(user.id(), user.role());
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String refreshToken = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant now = clock.instant();
        refreshTokens.insert(
                UUID.randomUUID(),
                familyId,
                user.id(),
                hash(refreshToken),
                now,
                now.plus(properties.refreshTokenTtl()));
        return new Session(
                access.token(), refreshToken, "Bearer", accessTokens.ttl().toSeconds(), user);
    }

    static String hash(String token) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
