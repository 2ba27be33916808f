package org.entsso.sso.crypto;

import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;
import javax.crypto.SecretKey;

/**
 * One AES-256 master secret: its MSID, creation time and key bytes. It is its own {@link SecretKey} so that the JDK
 * cipher can be initialised from it without a second long-lived copy of the bytes, and so that {@link #destroy()}
 * really zeroes them (a {@code SecretKeySpec} cannot be destroyed). Thread-safe for reads; destroy is final.
 */
final class MasterKey implements SecretKey {
    private static final long serialVersionUID = 1L;
    static final int KEY_BYTES = 32;

    private final UUID msid;
    private final Instant created;
    private final long msidHigh;
    private final long msidLow;
    private final byte[] key;
    private volatile boolean destroyed;

    /** Takes ownership of {@code key}: the caller must not keep or wipe it. */
    MasterKey(UUID msid, Instant created, byte[] key) {
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("a master key is " + KEY_BYTES + " bytes, not " + key.length);
        }
        this.msid = msid;
        this.created = created;
        this.msidHigh = msid.getMostSignificantBits();
        this.msidLow = msid.getLeastSignificantBits();
        this.key = key;
    }

    UUID msid() {
        return msid;
    }

    Instant created() {
        return created;
    }

    boolean hasMsid(long high, long low) {
        return msidHigh == high && msidLow == low;
    }

    /** An independent copy, so that two keyrings never share (and wipe) the same bytes. */
    MasterKey copy() {
        return new MasterKey(msid, created, getEncoded());
    }

    SecretInfo info() {
        return new SecretInfo(msid, created);
    }

    @Override
    public String getAlgorithm() {
        return "AES";
    }

    @Override
    public String getFormat() {
        return "RAW";
    }

    @Override
    public byte[] getEncoded() {
        byte[] copy = key.clone();
        if (destroyed) {
            Arrays.fill(copy, (byte) 0);
            throw new IllegalStateException("the keyring holding master secret " + msid + " is closed");
        }
        return copy;
    }

    @Override
    public void destroy() {
        destroyed = true;
        Arrays.fill(key, (byte) 0);
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    /** Key material never leaves the process through serialization. */
    private void writeObject(ObjectOutputStream out) throws IOException {
        throw new NotSerializableException("master secrets are not serializable");
    }

    @Override
    public String toString() {
        return "MasterKey[msid=" + msid + ", created=" + created + ", key=<redacted>]";
    }
}
