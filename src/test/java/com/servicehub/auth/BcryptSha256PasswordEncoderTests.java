package com.servicehub.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

class BcryptSha256PasswordEncoderTests {

    private final BcryptSha256PasswordEncoder encoder = new BcryptSha256PasswordEncoder(4);

    @Test
    void hashesAndChecks() {
        String hash = encoder.encode("password123");

        assertThat(hash).startsWith(BcryptSha256PasswordEncoder.PREFIX).doesNotContain("password123");
        assertThat(hash.length()).isLessThanOrEqualTo(100);
        assertThat(encoder.matches("password123", hash)).isTrue();
        assertThat(encoder.matches("password124", hash)).isFalse();
        assertThat(encoder.encode("password123")).isNotEqualTo(hash);
    }

    @Test
    void everyCharacterOfALongPasswordCounts() {
        String longest = "\u0623".repeat(127) + "a";
        String hash = encoder.encode(longest);

        assertThat(encoder.matches(longest, hash)).isTrue();
        assertThat(encoder.matches("\u0623".repeat(127) + "b", hash)).isFalse();
        assertThat(encoder.matches("\u0623".repeat(127), hash)).isFalse();

        String ascii = "a".repeat(100);
        assertThat(encoder.matches("a".repeat(72) + "b".repeat(28), encoder.encode(ascii)))
                .isFalse();
    }

    @Test
    void plainBcryptHashesStillVerifyAndAskForAnUpgrade() {
        String legacy = new BCryptPasswordEncoder(4).encode("password123");

        assertThat(encoder.matches("password123", legacy)).isTrue();
        assertThat(encoder.matches("password12", legacy)).isFalse();
        assertThat(encoder.matches("p".repeat(100), legacy)).isFalse();
        assertThat(encoder.upgradeEncoding(legacy)).isTrue();
        assertThat(encoder.upgradeEncoding(encoder.encode("password123"))).isFalse();
    }

    @Test
    void aHigherCostAsksForAnUpgrade() {
        String cheap = encoder.encode("password123");

        assertThat(new BcryptSha256PasswordEncoder(5).upgradeEncoding(cheap)).isTrue();
        assertThat(new BcryptSha256PasswordEncoder(5).matches("password123", cheap))
                .isTrue();
    }

    @Test
    void nothingMatchesNothing() {
        assertThat(encoder.matches(null, encoder.encode("password123"))).isFalse();
        assertThat(encoder.matches("password123", null)).isFalse();
        assertThat(encoder.matches("password123", "")).isFalse();
        assertThat(encoder.matches("password123", "not a hash")).isFalse();
    }
}
