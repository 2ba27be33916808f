package org.entsso.sso.store;

import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;

/**
 * A value as stored: the ciphertext and the MSID of the master secret that encrypted it. The store never sees
 * plaintext. Immutable and thread-safe; {@link #toString()} shows the MSID and length only.
 */
public final class EncryptedValue {
    private final byte[] ciphertext;
    private final UUID msid;

    /**
     * @throws IllegalArgumentException when the ciphertext is empty
     */
    public EncryptedValue(byte[] ciphertext, UUID msid) {
        Objects.requireNonNull(ciphertext, "ciphertext");
        if (ciphertext.length == 0) {
            throw new IllegalArgumentException("An encrypted value cannot be empty");
        }
        this.ciphertext = ciphertext.clone();
        this.msid = Objects.requireNonNull(msid, "msid");
    }

    /** A copy of the stored bytes. */
    public byte[] ciphertext() {
        return ciphertext.clone();
    }

    /** The MSID of the secret that encrypted the value. */
    public UUID msid() {
        return msid;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EncryptedValue other
                && msid.equals(other.msid)
                && Arrays.equals(ciphertext, other.ciphertext);
    }

    @Override
    public int hashCode() {
        return 31 * msid.hashCode() + Arrays.hashCode(ciphertext);
    }

    @Override
    public String toString() {
        return "EncryptedValue[msid=" + msid + ", " + ciphertext.length + " bytes]";
    }
}
