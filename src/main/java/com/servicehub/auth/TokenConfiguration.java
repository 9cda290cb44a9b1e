package com.servicehub.auth;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.util.StringUtils;

/**
 * Resolves the JWT secret. A shared database means a cluster, and a cluster needs one secret
 * for all nodes, so with {@code DATABASE_URL} set a missing or short secret stops the start. On
 * the embedded database a random one is made per start, with a warning (never the secret).
 */
@Configuration(proxyBeanMethods = false)
class TokenConfiguration {

    private static final Logger log = LoggerFactory.getLogger(TokenConfiguration.class);

    static final int MIN_SECRET_BYTES = 32;

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    AccessTokens accessTokens(
            AuthProperties properties,
            Clock clock,
            @Value("${servicehub.database.embedded:true}") boolean embeddedDatabase) {
        return new AccessTokens(
                resolveSecret(properties.jwtSecret(), embeddedDatabase), properties.accessTokenTtl(), clock);
    }

    @Bean
    PasswordEncoder passwordEncoder(AuthProperties properties) {
        return new BcryptSha256PasswordEncoder(properties.bcryptCost());
    }

    static byte[] resolveSecret(String configured, boolean embeddedDatabase) {
        if (StringUtils.hasText(configured)) {
            byte[] secret = configured.getBytes(StandardCharsets.UTF_8);
            if (secret.length < MIN_SECRET_BYTES) {
                throw new IllegalStateException("JWT_SECRET must be at least " + MIN_SECRET_BYTES + " bytes");
            }
            return secret;
        }
        if (!embeddedDatabase) {
            throw new IllegalStateException("JWT_SECRET is required when DATABASE_URL is set (at least "
                    + MIN_SECRET_BYTES + " bytes, the same on every node)");
        }
        byte[] random = new byte[48];
        new SecureRandom().nextBytes(random);
        log.warn("JWT_SECRET is not set: using a random secret for this run. Tokens will not survive a restart "
                + "and other nodes will not accept them; set JWT_SECRET for anything but local development.");
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random).getBytes(StandardCharsets.UTF_8);
    }
}
