package org.entsso.sso.crypto;

import org.entsso.sso.crypto.internal.FormatException;

/**
 * The keyring's versioned binary form, opened up for the keyring distribution channel (DESIGN.md decision 6): the
 * master secret server encodes its keyring into the TLS-protected response and an SSO server decodes it back. The
 * layout is the one sealed inside backup files and checkpoints: {@code version 1 | count | count x (MSID 16 | creation
 * epoch-millis 8 | key 32)}, current first, integers big-endian.
 *
 * <p>The bytes are the raw keys: only a channel that is itself confidential and authenticated may carry them, and the
 * caller wipes every array it gets or passes. Thread-safe: stateless.
 */
public final class KeyringEncoding {
    private KeyringEncoding() {}

    /** The encoded keyring; the caller must zero the result when done. Throws if the keyring is closed. */
    public static byte[] encode(Keyring keyring) {
        return keyring.encode();
    }

    /**
     * A new keyring from {@link #encode} output; {@code encoded} is left for the caller to zero. Throws
     * {@link IllegalArgumentException} naming the malformed field (never its content).
     */
    public static Keyring decode(byte[] encoded) {
        try {
            return Keyring.decode(encoded);
        } catch (FormatException e) {
            throw new IllegalArgumentException("not an encoded keyring: " + e.getMessage(), e);
        }
    }
}
