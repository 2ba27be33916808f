package org.entsso.sso.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import org.entsso.sso.crypto.internal.ByteReader;
import org.entsso.sso.crypto.internal.ByteWriter;
import org.entsso.sso.crypto.internal.FormatException;
import org.entsso.sso.crypto.internal.Gcm;

/**
 * The bytes of a backup file, version 1 (documented on {@link BackupFile}). Parsing checks structure, bounds and the
 * trailing digest only; the password checks are {@link BackupFile}'s. Thread-safe: immutable.
 */
final class BackupFormat {
    static final byte[] MAGIC = "ENTSSOBK".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    static final int KDF_ARGON2ID_13 = 1;
    static final int SALT_BYTES = 16;
    static final int VERIFIER_BYTES = 32;
    static final int DIGEST_BYTES = 32;
    static final int MAX_REMINDER_BYTES = 1024;
    static final int MAX_SEALED_BYTES = 4096;

    final PasswordStretching stretching;
    final byte[] salt;
    final String reminder;
    final byte[] verifier;
    final byte[] nonce;
    final byte[] sealed;
    /** Everything before the sealed keyring: the associated data of the AES-GCM seal. */
    final byte[] associatedData;

    private BackupFormat(
            PasswordStretching stretching,
            byte[] salt,
            String reminder,
            byte[] verifier,
            byte[] nonce,
            byte[] sealed,
            byte[] associatedData) {
        this.stretching = stretching;
        this.salt = salt;
        this.reminder = reminder;
        this.verifier = verifier;
        this.nonce = nonce;
        this.sealed = sealed;
        this.associatedData = associatedData;
    }

    /** The header up to and including the sealed-length field: the associated data of the seal. */
    static byte[] header(
            PasswordStretching stretching,
            byte[] salt,
            String reminder,
            byte[] verifier,
            byte[] nonce,
            int sealedLength) {
        byte[] reminderBytes = reminder.getBytes(StandardCharsets.UTF_8);
        return new ByteWriter(128 + reminderBytes.length)
                .bytes(MAGIC)
                .u8(VERSION)
                .u8(KDF_ARGON2ID_13)
                .i32(stretching.memoryKiB())
                .i32(stretching.iterations())
                .u8(stretching.parallelism())
                .u8(salt.length)
                .bytes(salt)
                .u16(reminderBytes.length)
                .bytes(reminderBytes)
                .bytes(verifier)
                .bytes(nonce)
                .i32(sealedLength)
                .toByteArray();
    }

    /** A whole file: header, sealed keyring, SHA-256 of both. */
    static byte[] file(byte[] header, byte[] sealed) {
        ByteWriter out = new ByteWriter(header.length + sealed.length + DIGEST_BYTES)
                .bytes(header)
                .bytes(sealed);
        byte[] body = out.toByteArray();
        return out.bytes(sha256(body)).toByteArray();
    }

    /** Parses a whole file; throws {@link FormatException} naming the first problem. */
    static BackupFormat parse(byte[] file) {
        if (file.length < MAGIC.length || !Arrays.equals(file, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new FormatException("it is not an ENTSSO master secret backup file (no ENTSSOBK signature)");
        }
        ByteReader in = new ByteReader(file);
        in.bytes(MAGIC.length, "signature");
        int version = in.u8("format version");
        if (version != VERSION) {
            throw new FormatException(
                    "format version " + version + " is not supported (this release reads " + VERSION + ")");
        }
        int kdf = in.u8("key derivation id");
        if (kdf != KDF_ARGON2ID_13) {
            throw new FormatException("key derivation id " + kdf + " is unknown");
        }
        PasswordStretching stretching = stretching(in);
        int saltLength = in.u8("salt length");
        if (saltLength < SALT_BYTES) {
            throw new FormatException("the salt is shorter than " + SALT_BYTES + " bytes");
        }
        byte[] salt = in.bytes(saltLength, "salt");
        int reminderLength = in.u16("reminder length");
        if (reminderLength > MAX_REMINDER_BYTES) {
            throw new FormatException("the password reminder is longer than " + MAX_REMINDER_BYTES + " bytes");
        }
        String reminder = in.utf8(reminderLength, "password reminder");
        byte[] verifier = in.bytes(VERIFIER_BYTES, "password verifier");
        byte[] nonce = in.bytes(Gcm.NONCE_BYTES, "nonce");
        int sealedLength = in.i32("sealed length");
        if (sealedLength < Gcm.TAG_BYTES || sealedLength > MAX_SEALED_BYTES) {
            throw new FormatException("the sealed secret length " + sealedLength + " is out of range");
        }
        byte[] associatedData = Arrays.copyOf(file, in.position());
        byte[] sealed = in.bytes(sealedLength, "sealed secrets");
        int digestAt = in.position();
        byte[] digest = in.bytes(DIGEST_BYTES, "checksum");
        in.expectEnd("checksum");
        if (!MessageDigest.isEqual(digest, sha256(Arrays.copyOf(file, digestAt)))) {
            throw new FormatException("the checksum does not match: the file is corrupted");
        }
        return new BackupFormat(stretching, salt, reminder, verifier, nonce, sealed, associatedData);
    }

    private static PasswordStretching stretching(ByteReader in) {
        int memory = in.i32("Argon2 memory");
        int iterations = in.i32("Argon2 iterations");
        int parallelism = in.u8("Argon2 parallelism");
        try {
            return new PasswordStretching(memory, iterations, parallelism);
        } catch (IllegalArgumentException e) {
            throw new FormatException("its Argon2 parameters are out of range (" + e.getMessage() + ")");
        }
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available on this JVM", e);
        }
    }
}
