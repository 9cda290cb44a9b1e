package com.servicehub.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.transaction.support.TransactionOperations;

import com.servicehub.system.UnauthorizedException;

/** What a login does besides answering: the hashing that keeps unknown phones as slow as known ones. */
class LoginsTests {

    private final MutableClock clock = new MutableClock(Instant.parse("2024-10-02T19:00:00Z"));
    private final RecordingEncoder passwords = new RecordingEncoder(new BcryptSha256PasswordEncoder(4));
    private final UserRepository users = mock(UserRepository.class);
    private final RefreshTokenRepository refreshTokens = mock(RefreshTokenRepository.class);
    private final AuthProperties properties = new AuthProperties(
            null,
            Duration.ofMinutes(15),
            Duration.ofDays(30),
            false,
            4,
            new AuthProperties.Throttle(5, 50, Duration.ofMinutes(15)),
            new AuthProperties.Registration(20, Duration.ofHours(1)),
            new AuthProperties.Hashing(0, 32, Duration.ofSeconds(2)));
    private final Logins logins = new Logins(
            users,
            refreshTokens,
            new PasswordHashing(passwords, properties),
            TransactionOperations.withoutTransaction(),
            new AccessTokens("s".repeat(32).getBytes(StandardCharsets.UTF_8), Duration.ofMinutes(15), clock),
            new LoginThrottle(properties, clock),
            properties,
            clock);

    @Test
    void anUnknownPhoneStillPaysForOneHashCheck() {
        when(users.findByPhone(anyString())).thenReturn(Optional.empty());
        passwords.checks.clear();

        assertThatExceptionOfType(UnauthorizedException.class)
                .isThrownBy(() -> logins.login("+966599999999", "some-password", "203.0.113.7"));

        assertThat(passwords.checks).hasSize(1);
        assertThat(passwords.checks.get(0)).isEqualTo("some-password");
    }

    @Test
    void aKnownPhoneWithAWrongPasswordPaysTheSame() {
        User user = new User(UUID.randomUUID(), "+966599999998", "Known", Role.CUSTOMER, clock.instant());
        when(users.findByPhone("+966599999998"))
                .thenReturn(Optional.of(new UserRepository.Account(user, passwords.encode("the-password"))));
        passwords.checks.clear();

        assertThatExceptionOfType(UnauthorizedException.class)
                .isThrownBy(() -> logins.login("+966599999998", "wrong-password", "203.0.113.7"));
        assertThat(passwords.checks).hasSize(1);

        when(users.findByPhone(anyString()))
                .thenReturn(Optional.of(new UserRepository.Account(user, passwords.encode("the-password"))));
        assertThat(logins.login("+966599999998", "the-password", "203.0.113.7").user())
                .isEqualTo(user);
    }

    @Test
    void theStandInHashHasTheSameCostAsRealOnes() {
        when(users.findByPhone(any())).thenReturn(Optional.empty());
        String real = passwords.encode("whatever-password");
        passwords.hashes.clear();

        assertThatExceptionOfType(UnauthorizedException.class)
                .isThrownBy(() -> logins.login("+966599999997", "some-password", "203.0.113.7"));

        assertThat(passwords.hashes)
                .singleElement()
                .satisfies(standIn -> assertThat(cost(standIn)).isEqualTo(cost(real)));
    }

    private static String cost(String hash) {
        int bcrypt = hash.indexOf("$2");
        return hash.substring(0, bcrypt) + hash.substring(bcrypt, bcrypt + 7);
    }

    /** Remembers every password it was asked to check, and against which hash. */
    private static final class RecordingEncoder implements PasswordEncoder {

        final List<String> checks = new ArrayList<>();
        final List<String> hashes = new ArrayList<>();
        private final PasswordEncoder delegate;

        RecordingEncoder(PasswordEncoder delegate) {
            this.delegate = delegate;
        }

        @Override
        public String encode(CharSequence rawPassword) {
            return delegate.encode(rawPassword);
        }

        @Override
        public boolean matches(CharSequence rawPassword, String encodedPassword) {
            checks.add(rawPassword.toString());
            hashes.add(encodedPassword);
            return delegate.matches(rawPassword, encodedPassword);
        }
    }
}
