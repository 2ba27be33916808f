package org.entsso.sso.crypto;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.UUID;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;
import org.entsso.sso.crypto.internal.Drbg;

/**
 * Encrypts and decrypts stored values under a {@link Keyring} (DESIGN.md decision 4). A value is
 *
 * <pre>
 *   offset  size  field
 *   0       1     format version (1)
 *   1       16    MSID of the key, big-endian UUID
 *   17      12    random nonce (96 bits)
 *   29      n+16  AES-256-GCM ciphertext of the n-byte plaintext, then the 128-bit tag
 * </pre>
 *
 * <p>The associated data is the 17-byte header followed by the {@link ValueBinding}'s encoding, so neither the header
 * nor the value's place can change unnoticed. Decryption picks the key by MSID: an unknown MSID is
 * {@link SsoError#SECRET_NOT_AVAILABLE} (ENTSSO 10783); any other failure is {@link SsoError#DECRYPTION_FAILED}, never
 * wrong plaintext.
 *
 * <p>AES-GCM runs on the JDK provider (hardware AES). Each thread keeps its own {@link Cipher}, and the JDK's AES keeps
 * the last expanded key, so a decrypt costs one GCM pass plus a header parse.
 *
 * <p>Thread-safe. Closing the keyring makes every later call fail with {@link IllegalStateException}.
 */
public final class ValueCipher implements ValueSealer {
    /** The format version byte this class writes. */
    public static final int FORMAT_VERSION = 1;

    private static final int MSID_OFFSET = 1;
    private static final int NONCE_OFFSET = 17;
    private static final int NONCE_BYTES = 12;
    private static final int HEADER_BYTES = NONCE_OFFSET + NONCE_BYTES;
    private static final int TAG_BITS = 128;
    private static final int TAG_BYTES = TAG_BITS / 8;

    /** Fewest bytes a value can have: header and tag around an empty plaintext. */
    public static final int OVERHEAD_BYTES = HEADER_BYTES + TAG_BYTES;

    /** Nonces drawn per refill of a thread's pool: 85 nonces per call into the shared (synchronized) DRBG. */
    private static final int NONCE_POOL_BYTES = 85 * NONCE_BYTES;

    private final Keyring keyring;
    private final SecureRandom nonces;
    private final ThreadLocal<Worker> workers = ThreadLocal.withInitial(Worker::new);

    /** A cipher over {@code keyring}, drawing nonces from a DRBG of its own. */
    public ValueCipher(Keyring keyring) {
        this(keyring, Drbg.create());
    }

    /** A cipher over {@code keyring} drawing nonces from {@code nonces}, which must be a cryptographic generator. */
    public ValueCipher(Keyring keyring, SecureRandom nonces) {
        this.keyring = Objects.requireNonNull(keyring, "keyring");
        this.nonces = Objects.requireNonNull(nonces, "nonces");
    }

    /** The keyring this cipher uses. */
    public Keyring keyring() {
        return keyring;
    }

    /** Encrypts {@code plaintext} under the current secret, bound to {@code binding}. */
    @Override
    public byte[] encrypt(byte[] plaintext, ValueBinding binding) {
        Objects.requireNonNull(plaintext, "plaintext");
        MasterKey key = keyring.currentKey();
        byte[] out = new byte[OVERHEAD_BYTES + plaintext.length];
        out[0] = FORMAT_VERSION;
        writeLong(out, MSID_OFFSET, key.msid().getMostSignificantBits());
        writeLong(out, MSID_OFFSET + 8, key.msid().getLeastSignificantBits());
        Worker worker = workers.get();
        worker.nextNonce(nonces, out, NONCE_OFFSET);
        Cipher cipher = worker.cipher;
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, out, NONCE_OFFSET, NONCE_BYTES));
            cipher.updateAAD(out, 0, NONCE_OFFSET);
            cipher.updateAAD(binding.associatedData());
            cipher.doFinal(plaintext, 0, plaintext.length, out, HEADER_BYTES);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed on the JDK provider", e);
        }
    }

    /**
     * Decrypts a value written by {@link #encrypt} with the same binding. Throws {@link SsoException} with
     * {@link SsoError#SECRET_NOT_AVAILABLE} when its MSID is not in the keyring and {@link SsoError#DECRYPTION_FAILED}
     * when it is malformed, tampered with, or bound elsewhere.
     */
    @Override
    public byte[] decrypt(byte[] value, ValueBinding binding) {
        Objects.requireNonNull(value, "value");
        if (value.length < OVERHEAD_BYTES) {
            throw new SsoException(
                    SsoError.DECRYPTION_FAILED,
                    "The value is " + value.length + " bytes long; at least " + OVERHEAD_BYTES + " are needed.");
        }
        if (value[0] != FORMAT_VERSION) {
            throw new SsoException(
                    SsoError.DECRYPTION_FAILED, "Unknown value format version " + (value[0] & 0xFF) + ".");
        }
        long high = readLong(value, MSID_OFFSET);
        long low = readLong(value, MSID_OFFSET + 8);
        MasterKey key = keyring.find(high, low);
        if (key == null) {
            throw new SsoException(
                    SsoError.SECRET_NOT_AVAILABLE,
                    "No master secret with MSID " + new UUID(high, low) + " is in the keyring (current "
                            + keyring.current().msid() + ").");
        }
        if (key.isDestroyed()) {
            throw new IllegalStateException("the keyring is closed");
        }
        Cipher cipher = workers.get().cipher;
        try {
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, value, NONCE_OFFSET, NONCE_BYTES));
            cipher.updateAAD(value, 0, NONCE_OFFSET);
            cipher.updateAAD(binding.associatedData());
            return cipher.doFinal(value, HEADER_BYTES, value.length - HEADER_BYTES);
        } catch (AEADBadTagException e) {
            throw new SsoException(
                    SsoError.DECRYPTION_FAILED,
                    "The value for " + binding + " failed authentication: it was altered or belongs elsewhere.",
                    e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM decryption failed on the JDK provider", e);
        }
    }

    /**
     * The MSID a value was encrypted under, read from its header without decrypting (for re-encryption after a
     * rotation). Throws {@link SsoException} ({@link SsoError#DECRYPTION_FAILED}) if the header is malformed.
     */
    public static UUID msidOf(byte[] value) {
        if (value.length < OVERHEAD_BYTES || value[0] != FORMAT_VERSION) {
            throw new SsoException(SsoError.DECRYPTION_FAILED, "The value does not have a version 1 header.");
        }
        return new UUID(readLong(value, MSID_OFFSET), readLong(value, MSID_OFFSET + 8));
    }

    /** Whether a value is under a secret other than the current one and should be re-encrypted. */
    public boolean needsReencryption(byte[] value) {
        return !msidOf(value).equals(keyring.current().msid());
    }

    @Override
    public String toString() {
        return "ValueCipher[" + keyring + "]";
    }

    /**
     * Per-thread state: a JDK cipher, and a pool of random nonce bytes refilled from the DRBG in blocks, because a
     * DRBG call costs several microseconds whatever its length (measured: about 7-15 us for Bouncy Castle's
     * Hash_DRBG, more than the AES-GCM pass over a 4 KiB value). Nonces are public, so pooling them costs no secrecy;
     * each pool byte is used once.
     */
    private static final class Worker {
        final Cipher cipher = newCipher();
        final byte[] pool = new byte[NONCE_POOL_BYTES];
        int used = NONCE_POOL_BYTES;

        void nextNonce(SecureRandom source, byte[] out, int offset) {
            if (used == NONCE_POOL_BYTES) {
                source.nextBytes(pool);
                used = 0;
            }
            System.arraycopy(pool, used, out, offset, NONCE_BYTES);
            used += NONCE_BYTES;
        }

        private static Cipher newCipher() {
            try {
                return Cipher.getInstance("AES/GCM/NoPadding");
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES/GCM/NoPadding is not available on this JVM", e);
            }
        }
    }

    private static void writeLong(byte[] out, int offset, long value) {
        for (int i = 7; i >= 0; i--) {
            out[offset + i] = (byte) value;
            value >>>= 8;
        }
    }

    private static long readLong(byte[] in, int offset) {
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (in[offset + i] & 0xFF);
        }
        return value;
    }
}
