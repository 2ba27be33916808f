package org.entsso.sso.mss;

import java.io.Closeable;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.entsso.sso.crypto.Keyring;
import org.entsso.sso.crypto.NodeSecretStore;
import org.entsso.sso.store.SsoStore;
import org.entsso.sso.store.StoreSession;

/**
 * Keeps a standby's secret store holding the secret the active master secret server serves (issue 14 item 4): each
 * time the ENTSSO group's crypto checkpoint is saved (a rotation, a restore, a new owner's re-seal), the standby opens
 * its own entry with its node key and saves the keyring to its secret store, as {@link KeyringLoader} would do when it
 * takes the group over. Online then finds the store current and opens nothing on the failover's path.
 *
 * <p>The rule is KeyringLoader's, applied early: the store is replaced only when it is empty, or when its current
 * MSID is not the database's and the checkpoint's is. A checkpoint that holds an older secret than the store (one
 * sealed before a rotation whose checkpoint could not be saved) never overwrites it.
 *
 * <p>Work runs on a thread of its own, the latest checkpoint only (a newer save supersedes one still waiting);
 * failures are logged and leave the store as it was: a takeover then loads from the checkpoint as before.
 * Lifecycle: {@link #checkpointSaved} any number of times, then {@link #close}. Thread-safe.
 */
final class StandbyKeyring implements Closeable {
    private static final Logger LOG = LogManager.getLogger(StandbyKeyring.class);

    private final String nodeName;
    private final NodeSecretStore secretStore;
    private final SsoStore store;
    private final ExecutorService worker;
    /** The newest checkpoint data not yet looked at; null when there is none waiting. */
    private final AtomicReference<byte[]> pending = new AtomicReference<>();
    /** The digest of the last data looked at, so that a repeated notification costs no RSA decryption. */
    private byte[] lastDigest;

    StandbyKeyring(String nodeName, NodeSecretStore secretStore, SsoStore store) {
        this.nodeName = Objects.requireNonNull(nodeName, "nodeName");
        this.secretStore = Objects.requireNonNull(secretStore, "secretStore");
        this.store = Objects.requireNonNull(store, "store");
        this.worker = new ThreadPoolExecutor(0, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "mss-standby-keyring-" + nodeName);
            t.setDaemon(true);
            return t;
        });
    }

    /** The group's checkpoint was saved (or first read): look at it soon. Does not block. */
    void checkpointSaved(Optional<byte[]> data) {
        if (data.isEmpty() || data.get().length == 0) {
            return;
        }
        if (pending.getAndSet(data.get()) == null) {
            try {
                worker.execute(this::drain);
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                pending.set(null);
            }
        }
    }

    private void drain() {
        byte[] data = pending.getAndSet(null);
        if (data != null) {
            follow(data);
        }
    }

    /** Saves the keyring of {@code data} to the secret store if the rule of the class allows it. */
    synchronized void follow(byte[] data) {
        byte[] digest = sha256(data);
        if (Arrays.equals(digest, lastDigest)) {
            return;
        }
        lastDigest = digest;
        try {
            Optional<UUID> stored = storedCurrent();
            Optional<UUID> dbCurrent =
                    store.read((StoreSession s) -> s.globalInfo().get().currentMsid());
            if (stored.isPresent() && (dbCurrent.isEmpty() || stored.equals(dbCurrent))) {
                return; // the store already holds the secret a takeover would serve
            }
            Optional<Keyring> opened = KeyringLoader.open(data, secretStore, nodeName);
            if (opened.isEmpty()) {
                return;
            }
            try (Keyring k = opened.get()) {
                UUID msid = k.current().msid();
                if (dbCurrent.isPresent() && !dbCurrent.get().equals(msid)) {
                    LOG.info(
                            "Standby {} kept its secret store: the crypto checkpoint holds {}, the database's current"
                                    + " MSID is {}",
                            nodeName,
                            msid,
                            dbCurrent.get());
                    return;
                }
                secretStore.saveKeyring(k);
                LOG.info(
                        "Standby {} took {} from the crypto checkpoint ahead of a takeover (its store held {})",
                        nodeName,
                        k,
                        stored.map(UUID::toString).orElse("no keyring"));
            }
        } catch (RuntimeException e) {
            // Not fatal: a takeover opens the checkpoint itself (KeyringLoader), as it did before this existed.
            lastDigest = null;
            LOG.warn("Standby {} could not follow the crypto checkpoint: {}", nodeName, e.getMessage());
        }
    }

    private Optional<UUID> storedCurrent() {
        if (!secretStore.hasKeyring()) {
            return Optional.empty();
        }
        try (Keyring k = secretStore.keyring()) {
            return Optional.of(k.current().msid());
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
