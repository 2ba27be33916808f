package org.entsso.sso.server;

import java.io.Closeable;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;
import org.entsso.sso.crypto.Keyring;
import org.entsso.sso.crypto.ValueBinding;
import org.entsso.sso.crypto.ValueCipher;
import org.entsso.sso.crypto.ValueSealer;
import org.entsso.sso.transport.FetchedKeyring;

/**
 * The keyring cache of an SSO server: memory only, never persisted (DESIGN.md decision 6; anchors/entsso.md §1).
 * Empty until a keyring is {@linkplain #install installed}; until then every decryption fails with
 * {@link SsoError#SECRET_SERVER_UNAVAILABLE} (ENTSSO 10532), as an SSO server that has not reached its master secret
 * server refuses decryption.
 *
 * <p>Installing swaps atomically. The replaced keyring is zeroed once the last decryption that started on it has
 * finished: each installed keyring carries a reference count (one for the holder, one per decryption in flight), so a
 * rotation never drops a lookup and never zeroes a key under a running decryption.
 *
 * <p>Thread-safe: any number of threads may decrypt while another installs. {@link #close()} zeroes the keyring
 * (after in-flight decryptions) and is idempotent; after it, {@link #install} and {@link #decrypt} throw
 * {@link IllegalStateException}. {@link #toString()} shows MSIDs only.
 */
public final class KeyringHolder implements Closeable, ValueSealer {
    private static final Logger LOG = LogManager.getLogger(KeyringHolder.class);

    private final Clock clock;
    private final String secretServerName;
    private final AtomicReference<Lease> current = new AtomicReference<>();
    private final CompletableFuture<Void> firstInstalled = new CompletableFuture<>();
    private volatile boolean closed;

    /**
     * An empty holder.
     *
     * @param secretServerName how the master secret server is named in the 10532 message (a network name)
     * @param clock the clock for installed-at times and ages
     */
    public KeyringHolder(String secretServerName, Clock clock) {
        this.secretServerName = Objects.requireNonNull(secretServerName, "secretServerName");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Installs a fetched keyring; the holder takes ownership and zeroes it when it is replaced or closed. */
    public void install(FetchedKeyring fetched) {
        install(fetched.keyring(), fetched.epoch());
    }

    /**
     * Installs {@code keyring}, served by the master secret server of term {@code epoch}, replacing any previous one.
     * The holder takes ownership: the caller must not close it.
     *
     * @throws IllegalStateException when the holder is closed
     * @throws IllegalArgumentException when the keyring is already closed
     */
    public void install(Keyring keyring, long epoch) {
        Objects.requireNonNull(keyring, "keyring");
        if (keyring.isClosed()) {
            throw new IllegalArgumentException("Cannot install a closed keyring");
        }
        Lease next = new Lease(keyring, new KeyringStatus(keyring, epoch, clock.instant()));
        synchronized (this) {
            if (closed) {
                keyring.close();
                throw new IllegalStateException("The keyring holder is closed");
            }
            Lease previous = current.getAndSet(next);
            LOG.info(
                    "Keyring installed: MSID {} (epoch {}), replacing {}",
                    keyring.current().msid(),
                    epoch,
                    previous == null ? "nothing" : previous.status.currentMsid());
            if (previous != null) {
                previous.release();
            }
        }
        // Outside the lock: what waits on it (advertising the node, issue 9) may write to ZooKeeper.
        firstInstalled.complete(null);
    }

    /**
     * Records that the master secret server of term {@code epoch} serves the keyring this holder has: the same current
     * MSID, published by a new owner after a move or a failover. Nothing is fetched or zeroed; the status shows the new
     * epoch. False when no keyring is installed or its current MSID is not {@code currentMsid} (then it must be fetched).
     */
    public boolean adoptEpoch(UUID currentMsid, long epoch) {
        Objects.requireNonNull(currentMsid, "currentMsid");
        synchronized (this) {
            Lease lease = current.get();
            if (closed || lease == null || !lease.status.currentMsid().equals(currentMsid)) {
                return false;
            }
            KeyringStatus was = lease.status;
            lease.status = new KeyringStatus(
                    was.currentMsid(), was.currentCreated(), was.previousMsid(), epoch, was.installedAt());
            LOG.info(
                    "Keyring kept: MSID {} is served by epoch {} now (was {}); not fetched again",
                    currentMsid,
                    epoch,
                    was.epoch());
            return true;
        }
    }

    /**
     * Completes when the first keyring is installed (at once if one is), on the installing thread; never completes
     * when the holder is closed first. Lets a node advertise its SSO server only once it can decrypt (issue 9).
     */
    public CompletionStage<Void> firstInstalled() {
        return firstInstalled.minimalCompletionStage();
    }

    /** Whether a keyring is installed. */
    public boolean hasKeyring() {
        return current.get() != null;
    }

    /** What is installed: MSIDs, epoch and installation time; empty before the first install. */
    public Optional<KeyringStatus> status() {
        Lease lease = current.get();
        return lease == null ? Optional.empty() : Optional.of(lease.status);
    }

    /** How long the installed keyring has been held; empty when none is. */
    public Optional<Duration> age() {
        return status().map(s -> Duration.between(s.installedAt(), clock.instant()));
    }

    /**
     * Decrypts a stored value under the installed keyring (current or previous secret).
     *
     * @throws SsoException SECRET_SERVER_UNAVAILABLE (10532) when no keyring is installed; SECRET_NOT_AVAILABLE
     *     (10783) for a value under an MSID the keyring does not hold; DECRYPTION_FAILED (15006) for a value that fails
     *     authentication
     * @throws IllegalStateException when the holder is closed
     */
    @Override
    public byte[] decrypt(byte[] value, ValueBinding binding) {
        Lease lease = acquire();
        try {
            return lease.cipher.decrypt(value, binding);
        } finally {
            lease.release();
        }
    }

    /**
     * Encrypts under the installed keyring's current secret: what an SSO server seals itself (tickets). Credentials and
     * config info are encrypted by the master secret server only (DESIGN.md decision 7).
     *
     * @throws SsoException SECRET_SERVER_UNAVAILABLE (10532) when no keyring is installed
     * @throws IllegalStateException when the holder is closed
     */
    @Override
    public byte[] encrypt(byte[] plaintext, ValueBinding binding) {
        Lease lease = acquire();
        try {
            return lease.cipher.encrypt(plaintext, binding);
        } finally {
            lease.release();
        }
    }

    private Lease acquire() {
        while (true) {
            if (closed) {
                throw new IllegalStateException("The keyring holder is closed");
            }
            Lease lease = current.get();
            if (lease == null) {
                throw new SsoException(
                        SsoError.SECRET_SERVER_UNAVAILABLE,
                        secretServerName + ". This SSO server has not received the master secret yet.");
            }
            if (lease.tryRetain()) {
                return lease;
            }
            // Lost a race with a swap that released this lease to zero; the new one is already in place.
        }
    }

    /** Zeroes the installed keyring once in-flight decryptions finish. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        Lease previous = current.getAndSet(null);
        if (previous != null) {
            previous.release();
        }
    }

    @Override
    public String toString() {
        Lease lease = current.get();
        return "KeyringHolder[" + (closed ? "closed" : lease == null ? "empty" : lease.status.toString()) + "]";
    }

    /** An installed keyring with its reference count: the holder's reference plus one per decryption in flight. */
    private static final class Lease {
        private final Keyring keyring;
        private final ValueCipher cipher;
        /** Replaced only by {@link #adoptEpoch}, under the holder's lock. */
        private volatile KeyringStatus status;

        private final AtomicInteger references = new AtomicInteger(1);

        Lease(Keyring keyring, KeyringStatus status) {
            this.keyring = keyring;
            this.cipher = new ValueCipher(keyring);
            this.status = status;
        }

        boolean tryRetain() {
            for (int n = references.get(); n > 0; n = references.get()) {
                if (references.compareAndSet(n, n + 1)) {
                    return true;
                }
            }
            return false;
        }

        void release() {
            if (references.decrementAndGet() == 0) {
                keyring.close();
            }
        }
    }
}
