package org.entsso.sso.crypto.internal;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.prng.SP800SecureRandomBuilder;

/**
 * Builds NIST SP 800-90A Hash_DRBG (SHA-512) generators from Bouncy Castle, seeded and reseeded from the operating
 * system's entropy source ({@code new SecureRandom()}, i.e. {@code /dev/urandom} on Linux). Every key this module
 * makes comes from one of these (issue 3, "Keyring"). The returned generator is thread-safe (BC synchronizes it).
 */
public final class Drbg {
    private static final byte[] PERSONALIZATION = "entsso-ha keyring DRBG v1".getBytes(StandardCharsets.US_ASCII);

    private Drbg() {}

    /** A new, independently seeded DRBG. */
    public static SecureRandom create() {
        SecureRandom entropy = new SecureRandom();
        byte[] nonce = new byte[32];
        entropy.nextBytes(nonce);
        return new SP800SecureRandomBuilder(entropy, false)
                .setPersonalizationString(PERSONALIZATION)
                .buildHash(new SHA512Digest(), nonce, false);
    }
}
