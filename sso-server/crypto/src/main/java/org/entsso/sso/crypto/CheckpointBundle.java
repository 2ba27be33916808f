package org.entsso.sso.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;
import org.entsso.sso.crypto.internal.ByteReader;
import org.entsso.sso.crypto.internal.ByteWriter;
import org.entsso.sso.crypto.internal.FormatException;

/**
 * The master secret server's checkpoint data: one {@link CryptoCheckpoint} per possible owner, keyed by the SHA-256
 * fingerprint of that owner's node public key ({@link CryptoCheckpoint#fingerprint}), so that whichever node takes the
 * ENTSSO group over finds the keyring sealed for its own key (DESIGN.md decision 5). Entries are sealed; the bundle
 * itself carries nothing secret. Layout, big-endian:
 *
 * <pre>
 *   4    "ESCB"
 *   1    version = 1
 *   2    entry count n (0 .. 256)
 *   n x  (32 fingerprint | 4 length m | m bytes of a CryptoCheckpoint), in ascending fingerprint order
 * </pre>
 *
 * <p>Entries are sorted, so two bundles with the same entries encode alike and a caller can skip an unchanged save.
 * Immutable and thread-safe.
 */
public final class CheckpointBundle {
    private static final byte[] MAGIC = "ESCB".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 1;
    private static final int MAX_ENTRIES = 256;
    private static final int MAX_ENTRY_BYTES = 64 * 1024;

    private final Map<String, byte[]> entries;

    private CheckpointBundle(Map<String, byte[]> entries) {
        this.entries = entries;
    }

    /** A bundle of {@code checkpoints}: hex fingerprint (as {@link CryptoCheckpoint#fingerprint}) to sealed bytes. */
    public static CheckpointBundle of(Map<String, byte[]> checkpoints) {
        if (checkpoints.size() > MAX_ENTRIES) {
            throw new IllegalArgumentException("a checkpoint bundle holds at most " + MAX_ENTRIES + " entries");
        }
        Map<String, byte[]> copy = new TreeMap<>();
        checkpoints.forEach((fingerprint, entry) -> {
            if (HexFormat.of().parseHex(fingerprint).length != 32) {
                throw new IllegalArgumentException("not a SHA-256 fingerprint: " + fingerprint);
            }
            copy.put(fingerprint.toLowerCase(java.util.Locale.ROOT), entry.clone());
        });
        return new CheckpointBundle(Collections.unmodifiableMap(copy));
    }

    /** Seals {@code keyring} once for each of {@code recipients} (hex fingerprint to RSA public key). */
    public static CheckpointBundle seal(Keyring keyring, Iterable<java.security.PublicKey> recipients) {
        Map<String, byte[]> entry = new TreeMap<>();
        for (java.security.PublicKey key : recipients) {
            entry.put(CryptoCheckpoint.fingerprint(key), CryptoCheckpoint.seal(keyring, key));
        }
        return of(entry);
    }

    /** The entry sealed for the node key with this hex fingerprint. */
    public Optional<byte[]> entryFor(String fingerprint) {
        byte[] entry = entries.get(fingerprint.toLowerCase(java.util.Locale.ROOT));
        return Optional.ofNullable(entry).map(byte[]::clone);
    }

    /** The fingerprints this bundle has entries for, ascending. */
    public java.util.Set<String> fingerprints() {
        return entries.keySet();
    }

    /** The binary form (see the class comment). */
    public byte[] encode() {
        ByteWriter out = new ByteWriter(64 + entries.size() * 600);
        out.bytes(MAGIC).u8(VERSION).u16(entries.size());
        entries.forEach((fingerprint, entry) -> out.bytes(HexFormat.of().parseHex(fingerprint))
                .i32(entry.length)
                .bytes(entry));
        return out.toByteArray();
    }

    /**
     * Parses {@link #encode()}'s output. Throws {@link SsoException} ({@link SsoError#DECRYPTION_FAILED}, as an
     * unreadable checkpoint) for anything else.
     */
    public static CheckpointBundle decode(byte[] encoded) {
        try {
            ByteReader in = new ByteReader(encoded);
            if (!Arrays.equals(in.bytes(MAGIC.length, "signature"), MAGIC)) {
                throw new FormatException("it is not a checkpoint bundle");
            }
            int version = in.u8("version");
            if (version != VERSION) {
                throw new FormatException("checkpoint bundle version " + version + " is not supported");
            }
            int count = in.u16("entry count");
            if (count > MAX_ENTRIES) {
                throw new FormatException("too many entries: " + count);
            }
            Map<String, byte[]> entries = new TreeMap<>();
            for (int i = 0; i < count; i++) {
                String fingerprint = HexFormat.of().formatHex(in.bytes(32, "fingerprint"));
                int length = in.i32("entry length");
                if (length < 0 || length > MAX_ENTRY_BYTES) {
                    throw new FormatException("entry length " + length + " is out of bounds");
                }
                entries.put(fingerprint, in.bytes(length, "entry"));
            }
            in.expectEnd("checkpoint bundle");
            return new CheckpointBundle(Collections.unmodifiableMap(entries));
        } catch (FormatException e) {
            throw new SsoException(
                    SsoError.DECRYPTION_FAILED, "The checkpoint bundle cannot be read: " + e.getMessage() + ".", e);
        }
    }

    @Override
    public String toString() {
        return "CheckpointBundle[" + entries.size() + " sealed entries for " + entries.keySet() + "]";
    }
}
