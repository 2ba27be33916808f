package org.entsso.sso.server;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A decrypted value: a credential field or a config property bag. {@link #toString()} never shows it (DESIGN.md
 * decision 12), and {@link #clear()} zeroes it; the credential cache clears what it evicts.
 *
 * <p>Thread-safe for reading; {@link #clear()} is meant for the owner once nobody reads any more. Accessors return
 * copies, so a caller's copy survives the cache clearing its own.
 */
public final class SecretBytes {
    private final byte[] bytes;
    private volatile boolean cleared;

    private SecretBytes(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Takes ownership of {@code bytes} (no copy): the caller must not keep them. */
    public static SecretBytes wrap(byte[] bytes) {
        return new SecretBytes(Objects.requireNonNull(bytes, "bytes"));
    }

    /** A copy of the bytes. */
    public byte[] bytes() {
        checkNotCleared();
        return bytes.clone();
    }

    /** The value as UTF-8 text. The string cannot be zeroed: prefer {@link #bytes()} where that matters. */
    public String asString() {
        checkNotCleared();
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The length in bytes. */
    public int length() {
        return bytes.length;
    }

    /** An independent copy. */
    public SecretBytes copy() {
        return new SecretBytes(bytes());
    }

    /** Zeroes the bytes; later reads throw {@link IllegalStateException}. Idempotent. */
    public void clear() {
        cleared = true;
        Arrays.fill(bytes, (byte) 0);
    }

    /** Whether {@link #clear()} has been called. */
    public boolean isCleared() {
        return cleared;
    }

    private void checkNotCleared() {
        if (cleared) {
            throw new IllegalStateException("The secret was cleared");
        }
    }

    @Override
    public String toString() {
        return "SecretBytes[" + bytes.length + " bytes, <redacted>]";
    }
}
