package com.servicehub.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * bcrypt over the SHA-256 digest of the password. bcrypt reads at most 72 bytes (Spring refuses
 * longer input), while the contract allows 128 characters, up to 512 bytes in UTF-8: the digest
 * makes every character count and keeps the hash input at 44 ASCII bytes. The digest is Base64
 * encoded because bcrypt stops at a NUL byte.
 *
 * <p>Hashes carry the prefix {@value #PREFIX}. Plain bcrypt hashes written before it still
 * verify, and {@link #upgradeEncoding} reports them so a login can rehash.
 */
final class BcryptSha256PasswordEncoder implements PasswordEncoder {

    static final String PREFIX = "{bcrypt-sha256}";

    private static final int BCRYPT_MAX_BYTES = 72;

    private final BCryptPasswordEncoder bcrypt;

    BcryptSha256PasswordEncoder(int cost) {
        this.bcrypt = new BCryptPasswordEncoder(cost);
    }

    @Override
    public String encode(CharSequence rawPassword) {
        return PREFIX + bcrypt.encode(digest(rawPassword));
    }

    @Override
    public boolean matches(CharSequence rawPassword, String encodedPassword) {
        if (rawPassword == null || encodedPassword == null) {
            return false;
        }
        if (encodedPassword.startsWith(PREFIX)) {
            return bcrypt.matches(digest(rawPassword), encodedPassword.substring(PREFIX.length()));
        }
        // A plain bcrypt hash can only stand for a password that bcrypt could take whole.
        return rawPassword.toString().getBytes(StandardCharsets.UTF_8).length <= BCRYPT_MAX_BYTES
                && bcrypt.matches(rawPassword, encodedPassword);
    }

    @Override
    public boolean upgradeEncoding(String encodedPassword) {
        return encodedPassword == null
                || !encodedPassword.startsWith(PREFIX)
                || bcrypt.upgradeEncoding(encodedPassword.substring(PREFIX.length()));
    }

    private static String digest(CharSequence rawPassword) {
        try {
            byte[] sha256 = MessageDigest.getInstance("SHA-256")
                    .digest(rawPassword.toString().getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(sha256);
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
