package org.entsso.sso.crypto.internal;

import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * One-shot AES-256-GCM on the JDK provider for the cold paths (backup file, crypto checkpoint, node store): 96-bit
 * nonce, 128-bit tag. The hot value path has its own cached ciphers ({@code ValueCipher}). Thread-safe: every call
 * builds its own {@link Cipher}.
 */
public final class Gcm {
    /** Nonce length in bytes (96 bits, NIST SP 800-38D's recommended size). */
    public static final int NONCE_BYTES = 12;
    /** Tag length in bytes. */
    public static final int TAG_BYTES = 16;

    private Gcm() {}

    /** Encrypts {@code plaintext} under {@code key} (32 bytes) and {@code nonce}, authenticating {@code aad}. */
    public static byte[] seal(byte[] key, byte[] nonce, byte[] aad, byte[] plaintext) {
        try {
            Cipher cipher = init(Cipher.ENCRYPT_MODE, key, nonce);
            cipher.updateAAD(aad);
            return cipher.doFinal(plaintext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available on this JVM", e);
        }
    }

    /**
     * Decrypts and authenticates; returns {@code null} when the tag does not verify (wrong key, tampering, wrong
     * associated data) so that each caller reports the failure in its own terms.
     */
    public static byte[] open(byte[] key, byte[] nonce, byte[] aad, byte[] ciphertext) {
        try {
            Cipher cipher = init(Cipher.DECRYPT_MODE, key, nonce);
            cipher.updateAAD(aad);
            return cipher.doFinal(ciphertext);
        } catch (AEADBadTagException e) {
            return null;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available on this JVM", e);
        }
    }

    private static Cipher init(int mode, byte[] key, byte[] nonce) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BYTES * 8, nonce));
        return cipher;
    }
}
