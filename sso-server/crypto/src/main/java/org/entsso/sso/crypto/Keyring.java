package org.entsso.sso.crypto;

import java.io.Closeable;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.entsso.sso.crypto.internal.ByteReader;
import org.entsso.sso.crypto.internal.ByteWriter;
import org.entsso.sso.crypto.internal.Drbg;
import org.entsso.sso.crypto.internal.FormatException;

/**
 * The master secret: a current AES-256 key and, after a rotation, the previous one, each identified by an MSID (a
 * UUID) and stamped with its creation time (DESIGN.md decision 4; anchors/vault.md §2). New values are encrypted under
 * the current key; values under either key decrypt.
 *
 * <p>Keys come from a Bouncy Castle SP 800-90A DRBG seeded by the operating system. {@link #close()} zeroes the key
 * bytes; {@link #toString()} shows MSIDs only. A keyring is immutable: {@link #rotate()} returns a new keyring with its
 * own copies of the bytes, so the two can be closed independently.
 *
 * <p>Thread-safe: immutable apart from {@link #close()}, after which every use throws {@link IllegalStateException}.
 * Close a keyring only once nothing uses it any more (after swapping in its rotated successor): an operation racing
 * with {@code close()} may see a half-zeroed key.
 */
public final class Keyring implements Closeable {
    private static final int ENCODING_VERSION = 1;

    private final MasterKey current;
    private final MasterKey previous;

    private Keyring(MasterKey current, MasterKey previous) {
        this.current = Objects.requireNonNull(current, "current");
        this.previous = previous;
        if (previous != null && previous.msid().equals(current.msid())) {
            throw new IllegalArgumentException("current and previous secrets have the same MSID " + current.msid());
        }
    }

    /** A keyring with one freshly generated secret, stamped with the system clock. */
    public static Keyring generate() {
        return generate(Clock.systemUTC());
    }

    /** A keyring with one freshly generated secret, stamped with {@code clock}. */
    public static Keyring generate(Clock clock) {
        return new Keyring(newKey(clock), null);
    }

    /**
     * A new keyring whose current secret is freshly generated and whose previous secret is this keyring's current one
     * (the old previous is dropped, as ENTSSO keeps two). This keyring is left open and unchanged.
     */
    public Keyring rotate() {
        return rotate(Clock.systemUTC());
    }

    /** As {@link #rotate()}, stamping the new secret with {@code clock}. */
    public Keyring rotate(Clock clock) {
        return new Keyring(newKey(clock), current.copy());
    }

    private static MasterKey newKey(Clock clock) {
        SecureRandom drbg = Drbg.create();
        byte[] key = new byte[MasterKey.KEY_BYTES];
        drbg.nextBytes(key);
        byte[] id = new byte[16];
        drbg.nextBytes(id);
        // A version-4 UUID drawn from the DRBG (RFC 9562 §5.4).
        id[6] = (byte) ((id[6] & 0x0F) | 0x40);
        id[8] = (byte) ((id[8] & 0x3F) | 0x80);
        UUID msid = new ByteReader(id).uuid("msid");
        return new MasterKey(msid, Instant.ofEpochMilli(clock.millis()), key);
    }

    /** The secret new values are encrypted under. */
    public SecretInfo current() {
        return current.info();
    }

    /** The secret before the last rotation, if any. */
    public Optional<SecretInfo> previous() {
        return Optional.ofNullable(previous).map(MasterKey::info);
    }

    /** Current first, then previous if present. */
    public List<SecretInfo> secrets() {
        List<SecretInfo> all = new ArrayList<>(2);
        all.add(current.info());
        previous().ifPresent(all::add);
        return Collections.unmodifiableList(all);
    }

    /** Whether a secret with this MSID is in the keyring. */
    public boolean contains(UUID msid) {
        return find(msid.getMostSignificantBits(), msid.getLeastSignificantBits()) != null;
    }

    /** Whether {@link #close()} has been called. */
    public boolean isClosed() {
        return current.isDestroyed();
    }

    /** Zeroes every key byte. Idempotent. */
    @Override
    public void close() {
        current.destroy();
        if (previous != null) {
            previous.destroy();
        }
    }

    @Override
    public String toString() {
        return "Keyring[current=" + current.msid() + ", previous=" + (previous == null ? "none" : previous.msid())
                + (isClosed() ? ", closed" : "") + ", keys=<redacted>]";
    }

    MasterKey currentKey() {
        checkOpen();
        return current;
    }

    /** The previous key, or null. */
    MasterKey previousKey() {
        checkOpen();
        return previous;
    }

    /** A keyring over existing keys, which it takes ownership of ({@code previous} may be null). */
    static Keyring of(MasterKey current, MasterKey previous) {
        return new Keyring(current, previous);
    }

    /** The key with this MSID (given as its two halves, so the hot path allocates no UUID), or null. */
    MasterKey find(long msidHigh, long msidLow) {
        if (current.hasMsid(msidHigh, msidLow)) {
            return current;
        }
        if (previous != null && previous.hasMsid(msidHigh, msidLow)) {
            return previous;
        }
        return null;
    }

    private void checkOpen() {
        if (isClosed()) {
            throw new IllegalStateException("the keyring is closed");
        }
    }

    /**
     * The keyring's binary form, for sealing inside a backup file, a node store or a checkpoint: version 1 | count |
     * count x (MSID 16 | creation epoch-millis 8 | key 32), current first. The caller wipes the result.
     */
    byte[] encode() {
        checkOpen();
        ByteWriter out = new ByteWriter(2 + 2 * 56);
        out.u8(ENCODING_VERSION).u8(previous == null ? 1 : 2);
        for (MasterKey key : previous == null ? List.of(current) : List.of(current, previous)) {
            byte[] bytes = key.getEncoded();
            out.uuid(key.msid()).i64(key.created().toEpochMilli()).bytes(bytes);
            Arrays.fill(bytes, (byte) 0);
        }
        byte[] encoded = out.toByteArray();
        out.wipe();
        return encoded;
    }

    /** Parses {@link #encode()}'s output; throws {@link FormatException} on anything else. */
    static Keyring decode(byte[] encoded) {
        ByteReader in = new ByteReader(encoded);
        int version = in.u8("keyring version");
        if (version != ENCODING_VERSION) {
            throw new FormatException("unknown keyring version " + version);
        }
        int count = in.u8("keyring size");
        if (count < 1 || count > 2) {
            throw new FormatException("a keyring holds 1 or 2 secrets, not " + count);
        }
        MasterKey current = readKey(in);
        MasterKey previous = count == 2 ? readKey(in) : null;
        in.expectEnd("keyring");
        return new Keyring(current, previous);
    }

    private static MasterKey readKey(ByteReader in) {
        UUID msid = in.uuid("MSID");
        Instant created = Instant.ofEpochMilli(in.i64("creation time"));
        return new MasterKey(msid, created, in.bytes(MasterKey.KEY_BYTES, "key"));
    }
}
