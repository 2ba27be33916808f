package org.entsso.sso.crypto;

/**
 * Something that seals values under the master secret and opens them again: a {@link ValueCipher} over a keyring, or
 * an SSO server's keyring cache. {@link Tickets} needs only this.
 */
public interface ValueSealer {
    /** Encrypts {@code plaintext} under the current secret, bound to {@code binding}. */
    byte[] encrypt(byte[] plaintext, ValueBinding binding);

    /** Decrypts a value sealed by {@link #encrypt} under the current or previous secret. */
    byte[] decrypt(byte[] value, ValueBinding binding);
}
