package org.entsso.sso.crypto;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import javax.crypto.spec.SecretKeySpec;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.bouncycastle.jcajce.BCFKSLoadStoreParameter;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;
import org.entsso.sso.crypto.internal.BouncyCastle;
import org.entsso.sso.crypto.internal.Drbg;
import org.entsso.sso.crypto.internal.SecureFiles;
import org.entsso.sso.crypto.internal.SelfSigned;

/**
 * The node's local secret store (DESIGN.md decision 5, the DPAPI analogue): a Bouncy Castle BCFKS key store holding
 * the keyring and the node's RSA-3072 key pair for {@link CryptoCheckpoint}s. Its password is read from an owner-only
 * file, never from the command line. Both files must be owner-only ({@code chmod 600}); the store is rewritten
 * atomically. Entries:
 *
 * <ul>
 *   <li>{@code node-key}: the node's private key with a self-signed certificate ({@code CN=<node> checkpoint key});
 *   <li>{@code master-secret.current.<msid>.<created epoch-ms>} and {@code master-secret.previous.<msid>.<created>}:
 *       AES-256 secret-key entries.
 * </ul>
 *
 * <p>Errors are {@link SsoException}s naming the path: {@link SsoError#SECRET_STORE_UNREADABLE} when a file is
 * missing, unreadable, too open, or the password does not open the store; {@link SsoError#NO_SECRETS_FOUND} when the
 * store does not exist or holds no keyring.
 *
 * <p>Thread-safe: every method is synchronized. {@link #close()} clears the password held in memory.
 */
public final class NodeSecretStore implements Closeable {
    private static final Logger LOG = LogManager.getLogger(NodeSecretStore.class);
    private static final String NODE_KEY = "node-key";
    private static final String SECRET_PREFIX = "master-secret.";
    private static final int RSA_BITS = 3072;
    private static final Duration NODE_KEY_VALIDITY = Duration.ofDays(3650);

    private final Path storeFile;
    private final KeyStore store;
    private final char[] password;
    private boolean closed;
    /** Read from the store on first use: each read runs the store's password-based key derivation. */
    private PrivateKey nodePrivateKey;
    /** The stored keyring, decrypted once ({@link #warm()}, {@link #keyring()}); copies are handed out. */
    private Keyring cached;

    private NodeSecretStore(Path storeFile, KeyStore store, char[] password) {
        this.storeFile = storeFile;
        this.store = store;
        this.password = password;
    }

    /**
     * Creates a store for {@code nodeName} with a new node key pair and no keyring. Refuses to overwrite an existing
     * store ({@link SsoError#INVALID_ARGUMENT}).
     */
    public static NodeSecretStore create(Path storeFile, Path passwordFile, String nodeName) {
        return create(storeFile, passwordFile, nodeName, null);
    }

    /** As {@link #create(Path, Path, String)} with a given node key pair (null: generate RSA-3072); a test seam. */
    static NodeSecretStore create(Path storeFile, Path passwordFile, String nodeName, KeyPair givenKeys) {
        if (Files.exists(storeFile)) {
            throw new SsoException(SsoError.INVALID_ARGUMENT, "The secret store " + storeFile + " already exists.");
        }
        char[] password = PasswordFiles.read(passwordFile);
        try {
            SecureRandom random = Drbg.create();
            KeyPair keys = givenKeys != null ? givenKeys : generateNodeKeys(random);
            X509Certificate certificate = SelfSigned.certificate(
                    keys, nodeName + " checkpoint key", Clock.systemUTC().instant(), NODE_KEY_VALIDITY, random);
            KeyStore store = KeyStore.getInstance("BCFKS", BouncyCastle.PROVIDER);
            store.load(null, null);
            store.setKeyEntry(NODE_KEY, keys.getPrivate(), password, new Certificate[] {certificate});
            NodeSecretStore created = new NodeSecretStore(storeFile, store, password);
            created.persist();
            LOG.info(
                    "Created secret store {} for node {} (key {})",
                    storeFile,
                    nodeName,
                    CryptoCheckpoint.fingerprint(keys.getPublic()));
            return created;
        } catch (GeneralSecurityException | IOException e) {
            Arrays.fill(password, '\0');
            throw new IllegalStateException("Could not create the secret store " + storeFile, e);
        }
    }

    private static KeyPair generateNodeKeys(SecureRandom random) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(RSA_BITS, random);
        return generator.generateKeyPair();
    }

    /** Opens an existing store with the password in {@code passwordFile}. */
    public static NodeSecretStore open(Path storeFile, Path passwordFile) {
        if (!Files.exists(storeFile)) {
            throw new SsoException(SsoError.NO_SECRETS_FOUND, "The secret store " + storeFile + " does not exist.");
        }
        char[] password = PasswordFiles.read(passwordFile);
        try {
            byte[] bytes = SecureFiles.readOwnerOnly(storeFile, "secret store");
            KeyStore store = KeyStore.getInstance("BCFKS", BouncyCastle.PROVIDER);
            store.load(new ByteArrayInputStream(bytes), password);
            if (!store.isKeyEntry(NODE_KEY)) {
                throw new SsoException(
                        SsoError.SECRET_STORE_UNREADABLE, "The secret store " + storeFile + " has no node key.");
            }
            return new NodeSecretStore(storeFile, store, password);
        } catch (SecureFiles.FileProblem e) {
            Arrays.fill(password, '\0');
            throw new SsoException(SsoError.SECRET_STORE_UNREADABLE, capitalize(e.getMessage()) + ".", e);
        } catch (IOException | GeneralSecurityException e) {
            Arrays.fill(password, '\0');
            throw new SsoException(
                    SsoError.SECRET_STORE_UNREADABLE,
                    "The password in " + passwordFile + " does not open the secret store " + storeFile
                            + ", or the store is damaged.",
                    e);
        } catch (RuntimeException e) {
            Arrays.fill(password, '\0');
            throw e;
        }
    }

    /**
     * Writes a new random password (256 bits, Base64) to {@code passwordFile}, owner-only and atomically. Refuses to
     * overwrite an existing file.
     */
    public static void generatePasswordFile(Path passwordFile) {
        PasswordFiles.generate(passwordFile);
    }

    /** Whether the store holds a keyring. */
    public synchronized boolean hasKeyring() {
        checkOpen();
        return secretAliases().stream().anyMatch(alias -> alias.startsWith(SECRET_PREFIX + "current."));
    }

    /**
     * A new {@link Keyring} with the stored secrets; the caller owns and closes it. Throws {@link SsoException}
     * ({@link SsoError#NO_SECRETS_FOUND}) if the store holds none.
     */
    public synchronized Keyring keyring() {
        checkOpen();
        if (cached == null) {
            cached = load();
        }
        return copy(cached);
    }

    /**
     * Opens now what a takeover would otherwise open while clients wait (issue 14 item 4): the stored keyring (two
     * PBKDF2-protected entries of the PKCS#12 file, kept decrypted in memory from here on, as the SSO server on this
     * node already holds the keyring) and the node's private key for the crypto checkpoints. A store without a keyring
     * only gets its private key opened. Safe to call more than once.
     */
    public synchronized void warm() {
        checkOpen();
        if (hasKeyring() && cached == null) {
            cached = load();
        }
        privateKey();
    }

    private Keyring load() {
        MasterKey current = null;
        MasterKey previous = null;
        try {
            for (String alias : secretAliases()) {
                String[] parts = alias.substring(SECRET_PREFIX.length()).split("\\.");
                MasterKey key = new MasterKey(
                        UUID.fromString(parts[1]),
                        Instant.ofEpochMilli(Long.parseLong(parts[2])),
                        store.getKey(alias, password).getEncoded());
                if (parts[0].equals("current")) {
                    current = key;
                } else {
                    previous = key;
                }
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new SsoException(
                    SsoError.SECRET_STORE_UNREADABLE, "A master secret entry in " + storeFile + " cannot be read.", e);
        }
        if (current == null) {
            throw new SsoException(SsoError.NO_SECRETS_FOUND, "Secret store " + storeFile + ".");
        }
        return Keyring.of(current, previous);
    }

    /** A keyring of its own (closing it leaves {@code k} intact). */
    private static Keyring copy(Keyring k) {
        MasterKey p = k.previousKey();
        return Keyring.of(copy(k.currentKey()), p == null ? null : copy(p));
    }

    private static MasterKey copy(MasterKey key) {
        return new MasterKey(key.msid(), key.created(), key.getEncoded());
    }

    /** Replaces the stored keyring with {@code keyring} and rewrites the store file atomically. */
    public synchronized void saveKeyring(Keyring keyring) {
        checkOpen();
        try {
            for (String alias : secretAliases()) {
                store.deleteEntry(alias);
            }
            setSecret("current", keyring.currentKey());
            if (keyring.previousKey() != null) {
                setSecret("previous", keyring.previousKey());
            }
            persist();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("Could not write the secret store " + storeFile, e);
        }
        if (cached != null) {
            cached.close();
        }
        cached = copy(keyring);
        LOG.info(
                "Stored master secrets in {} (current MSID {})",
                storeFile,
                keyring.current().msid());
    }

    /** The node's public key, which other nodes seal {@link CryptoCheckpoint}s for. */
    public synchronized PublicKey nodePublicKey() {
        return nodeCertificate().getPublicKey();
    }

    /** The node key's self-signed certificate. */
    public synchronized X509Certificate nodeCertificate() {
        checkOpen();
        try {
            return (X509Certificate) store.getCertificate(NODE_KEY);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not read the node key of " + storeFile, e);
        }
    }

    /** Opens a checkpoint sealed for this node's key; see {@link CryptoCheckpoint} for the errors. */
    public synchronized Keyring openCheckpoint(byte[] checkpoint) {
        checkOpen();
        return CryptoCheckpoint.open(checkpoint, privateKey(), nodePublicKey());
    }

    private PrivateKey privateKey() {
        if (nodePrivateKey == null) {
            try {
                nodePrivateKey = (PrivateKey) store.getKey(NODE_KEY, password);
            } catch (GeneralSecurityException e) {
                throw new SsoException(
                        SsoError.SECRET_STORE_UNREADABLE, "The node key in " + storeFile + " cannot be read.", e);
            }
        }
        return nodePrivateKey;
    }

    /** Clears the store password and the keyring held in memory. Idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        nodePrivateKey = null;
        if (cached != null) {
            cached.close();
            cached = null;
        }
        Arrays.fill(password, '\0');
    }

    @Override
    public String toString() {
        return "NodeSecretStore[" + storeFile + ", password=<redacted>]";
    }

    private void setSecret(String role, MasterKey key) throws GeneralSecurityException {
        byte[] bytes = key.getEncoded();
        try {
            String alias = SECRET_PREFIX + role + "." + key.msid() + "."
                    + key.created().toEpochMilli();
            store.setEntry(
                    alias,
                    new KeyStore.SecretKeyEntry(new SecretKeySpec(bytes, "AES")),
                    new KeyStore.PasswordProtection(password));
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private List<String> secretAliases() {
        try {
            return Collections.list(store.aliases()).stream()
                    .filter(alias -> alias.startsWith(SECRET_PREFIX))
                    .toList();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not list the secret store " + storeFile, e);
        }
    }

    private void persist() throws IOException, GeneralSecurityException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        store.store(new BCFKSLoadStoreParameter.Builder(out, password).build());
        SecureFiles.writeAtomically(storeFile, out.toByteArray());
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the secret store " + storeFile + " is closed");
        }
    }

    private static String capitalize(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
