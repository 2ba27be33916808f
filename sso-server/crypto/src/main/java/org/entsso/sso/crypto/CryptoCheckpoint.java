package org.entsso.sso.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.MGF1ParameterSpec;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.IllegalBlockSizeException;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;
import org.entsso.sso.crypto.internal.ByteReader;
import org.entsso.sso.crypto.internal.ByteWriter;
import org.entsso.sso.crypto.internal.Drbg;
import org.entsso.sso.crypto.internal.FormatException;
import org.entsso.sso.crypto.internal.Gcm;

/**
 * A crypto checkpoint: the keyring wrapped for one node's public key, so that a standby can become master secret
 * server without a manual restore (DESIGN.md decision 5). The active MSS seals one per possible owner; the owner opens
 * it with the private key in its {@link NodeSecretStore}.
 *
 * <p>Scheme: RSA-OAEP (SHA-256, MGF1-SHA-256) wraps a fresh AES-256 key; AES-256-GCM seals the keyring under it. Both
 * run on the JDK provider. Chosen over ECIES/HPKE because an RSA key pair sits in a BCFKS store with an ordinary
 * self-signed certificate and every JDK can open it. The layout, big-endian:
 *
 * <pre>
 *   4    "ESCP"
 *   1    version = 1
 *   32   SHA-256 of the recipient's public key (X.509 SubjectPublicKeyInfo), its fingerprint
 *   2    wrapped key length w, then w bytes of RSA-OAEP ciphertext
 *   12   AES-GCM nonce
 *   4    sealed length m, then m bytes of AES-GCM(keyring) with every byte above as associated data
 * </pre>
 *
 * <p>The fingerprint is in the clear, so a checkpoint opened on the wrong node fails with a sentence naming both
 * fingerprints instead of a bare padding error. Thread-safe: stateless.
 */
public final class CryptoCheckpoint {
    private static final byte[] MAGIC = "ESCP".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 1;
    private static final OAEPParameterSpec OAEP =
            new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT);

    private CryptoCheckpoint() {}

    /** Wraps {@code keyring} for the holder of the private key matching the RSA key {@code recipient}. */
    public static byte[] seal(Keyring keyring, PublicKey recipient) {
        if (!"RSA".equals(recipient.getAlgorithm())) {
            throw new IllegalArgumentException(
                    "a crypto checkpoint needs an RSA public key, not " + recipient.getAlgorithm());
        }
        SecureRandom random = Drbg.create();
        byte[] key = new byte[32];
        byte[] plain = keyring.encode();
        try {
            random.nextBytes(key);
            byte[] nonce = new byte[Gcm.NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPPadding");
            rsa.init(Cipher.ENCRYPT_MODE, recipient, OAEP, random);
            byte[] wrapped = rsa.doFinal(key);
            byte[] header = new ByteWriter(64 + wrapped.length)
                    .bytes(MAGIC)
                    .u8(VERSION)
                    .bytes(fingerprintBytes(recipient))
                    .u16(wrapped.length)
                    .bytes(wrapped)
                    .bytes(nonce)
                    .i32(plain.length + Gcm.TAG_BYTES)
                    .toByteArray();
            return new ByteWriter(header.length + plain.length + Gcm.TAG_BYTES)
                    .bytes(header)
                    .bytes(Gcm.seal(key, nonce, header, plain))
                    .toByteArray();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA-OAEP is not available on this JVM", e);
        } finally {
            Arrays.fill(key, (byte) 0);
            Arrays.fill(plain, (byte) 0);
        }
    }

    /** The hex SHA-256 fingerprint of the public key a checkpoint was sealed for (not secret). */
    public static String recipientOf(byte[] checkpoint) {
        return HexFormat.of().formatHex(parse(checkpoint).fingerprint);
    }

    /** The hex SHA-256 fingerprint of {@code key}'s X.509 encoding. */
    public static String fingerprint(PublicKey key) {
        return HexFormat.of().formatHex(fingerprintBytes(key));
    }

    /**
     * Opens a checkpoint with a node's key pair. Throws {@link SsoException} ({@link SsoError#DECRYPTION_FAILED}) if
     * it was sealed for another key, is malformed, or fails authentication.
     */
    static Keyring open(byte[] checkpoint, PrivateKey privateKey, PublicKey publicKey) {
        Parsed parsed = parse(checkpoint);
        byte[] own = fingerprintBytes(publicKey);
        if (!MessageDigest.isEqual(own, parsed.fingerprint)) {
            throw failure(
                    "it was wrapped for the node key " + HexFormat.of().formatHex(parsed.fingerprint)
                            + ", not for this node's key " + HexFormat.of().formatHex(own),
                    null);
        }
        byte[] key = null;
        byte[] plain = null;
        try {
            Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPPadding");
            rsa.init(Cipher.DECRYPT_MODE, privateKey, OAEP);
            key = rsa.doFinal(parsed.wrapped);
            plain = Gcm.open(key, parsed.nonce, parsed.header, parsed.sealed);
            if (plain == null) {
                throw failure("its contents fail authentication", null);
            }
            return Keyring.decode(plain);
        } catch (BadPaddingException | IllegalBlockSizeException e) {
            throw failure("its wrapped key does not open with this node's private key", e);
        } catch (FormatException e) {
            throw failure(e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA-OAEP is not available on this JVM", e);
        } finally {
            if (key != null) {
                Arrays.fill(key, (byte) 0);
            }
            if (plain != null) {
                Arrays.fill(plain, (byte) 0);
            }
        }
    }

    private static Parsed parse(byte[] checkpoint) {
        try {
            ByteReader in = new ByteReader(checkpoint);
            if (!Arrays.equals(in.bytes(MAGIC.length, "signature"), MAGIC)) {
                throw new FormatException("it is not a crypto checkpoint");
            }
            int version = in.u8("version");
            if (version != VERSION) {
                throw new FormatException("checkpoint version " + version + " is not supported");
            }
            byte[] fingerprint = in.bytes(32, "recipient fingerprint");
            byte[] wrapped = in.bytes(in.u16("wrapped key length"), "wrapped key");
            byte[] nonce = in.bytes(Gcm.NONCE_BYTES, "nonce");
            int sealedLength = in.i32("sealed length");
            byte[] header = Arrays.copyOf(checkpoint, in.position());
            byte[] sealed = in.bytes(sealedLength, "sealed keyring");
            in.expectEnd("sealed keyring");
            return new Parsed(fingerprint, wrapped, nonce, header, sealed);
        } catch (FormatException e) {
            throw failure(e.getMessage(), e);
        }
    }

    private static byte[] fingerprintBytes(PublicKey key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available on this JVM", e);
        }
    }

    private static SsoException failure(String why, Throwable cause) {
        return new SsoException(
                SsoError.DECRYPTION_FAILED, "The crypto checkpoint cannot be opened: " + why + ".", cause);
    }

    private record Parsed(byte[] fingerprint, byte[] wrapped, byte[] nonce, byte[] header, byte[] sealed) {}
}
