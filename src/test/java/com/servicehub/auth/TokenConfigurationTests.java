package com.servicehub.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class TokenConfigurationTests {

    private static final String GOOD = "0123456789abcdef0123456789abcdef";

    @Test
    void aConfiguredSecretIsUsedAsIs() {
        assertThat(TokenConfiguration.resolveSecret(GOOD, false)).isEqualTo(GOOD.getBytes(StandardCharsets.UTF_8));
        assertThat(TokenConfiguration.resolveSecret(GOOD, true)).isEqualTo(GOOD.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theSecretIsCountedInBytes() {
        // 16 characters, 32 bytes in UTF-8.
        String arabic = "\u0645".repeat(16);
        assertThat(TokenConfiguration.resolveSecret(arabic, false)).hasSize(32);
    }

    @Test
    void aShortSecretStopsTheStartEvenOnTheEmbeddedDatabase() {
        assertThatIllegalStateException()
                .isThrownBy(() -> TokenConfiguration.resolveSecret(GOOD.substring(1), false))
                .withMessageContaining("JWT_SECRET")
                .withMessageContaining("32 bytes")
                .withMessageNotContaining(GOOD.substring(1));
        assertThatIllegalStateException()
                .isThrownBy(() -> TokenConfiguration.resolveSecret("short", true))
                .withMessageContaining("JWT_SECRET");
    }

    @Test
    void aSharedDatabaseNeedsASecret(CapturedOutput output) {
        assertThatIllegalStateException()
                .isThrownBy(() -> TokenConfiguration.resolveSecret(null, false))
                .withMessageContaining("JWT_SECRET is required when DATABASE_URL is set");
        assertThatIllegalStateException()
                .isThrownBy(() -> TokenConfiguration.resolveSecret("", false))
                .withMessageContaining("JWT_SECRET is required");
        assertThatIllegalStateException()
                .isThrownBy(() -> TokenConfiguration.resolveSecret("   ", false))
                .withMessageContaining("JWT_SECRET is required");
    }

    @Test
    void theEmbeddedDatabaseGetsARandomSecretPerStartWithAWarning(CapturedOutput output) {
        byte[] first = TokenConfiguration.resolveSecret(null, true);
        byte[] second = TokenConfiguration.resolveSecret("", true);

        assertThat(first).hasSizeGreaterThanOrEqualTo(32);
        assertThat(second).hasSizeGreaterThanOrEqualTo(32);
        assertThat(first).isNotEqualTo(second);
        assertThat(output).contains("JWT_SECRET is not set");
        assertThat(output.toString())
                .doesNotContain(new String(first, StandardCharsets.UTF_8))
                .doesNotContain(new String(second, StandardCharsets.UTF_8));
    }
}
