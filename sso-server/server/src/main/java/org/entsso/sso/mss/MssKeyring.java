package org.entsso.sso.mss;

import java.io.Closeable;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.entsso.sso.crypto.Keyring;

/**
 * The master secret server's keyring, swappable while serving (rotation, restore). Everything on the MSS reads the
 * keyring through this holder: the keyring endpoint and the fenced writes as a {@link Supplier} (short uses, such as
 * one request), the re-encryption worker and the secret operations through {@link #withKeyring} (a counted use).
 *
 * <p>A replaced keyring is zeroed only when nobody uses it: it carries a reference count (one for the holder, one per
 * {@link #withKeyring} in flight, as {@code server.KeyringHolder} does), and the holder's reference is dropped a
 * {@linkplain #GRACE grace period} after the swap, so that a {@link #get()} caller that started on the old keyring just
 * before the swap finishes its request on intact keys. {@link #close()} zeroes at once (after counted uses finish).
 *
 * <p>Thread-safe. {@link #toString()} shows MSIDs only.
 */
final class MssKeyring implements Supplier<Keyring>, Closeable {
    /** How long a {@link #get()} caller may keep using a keyring after it was replaced. */
    static final Duration GRACE = Duration.ofSeconds(5);

    private static final Logger LOG = LogManager.getLogger(MssKeyring.class);

    private final AtomicReference<Lease> current = new AtomicReference<>();
    private final ScheduledExecutorService retirer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "entsso-mss-keyring-retirer");
        t.setDaemon(true);
        return t;
    });
    private final java.util.Set<Lease> retiring = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** A holder owning {@code initial}. */
    MssKeyring(Keyring initial) {
        current.set(new Lease(Objects.requireNonNull(initial, "initial")));
    }

    /** The keyring in use, or null once closed. For uses no longer than a request (see {@link #GRACE}). */
    @Override
    public Keyring get() {
        Lease lease = current.get();
        return lease == null ? null : lease.keyring;
    }

    /**
     * Runs {@code use} on the current keyring, which is not zeroed before {@code use} returns even if it is replaced
     * meanwhile.
     *
     * @throws IllegalStateException when the holder is closed
     */
    <T> T withKeyring(Function<Keyring, T> use) {
        Lease lease = acquire();
        try {
            return use.apply(lease.keyring);
        } finally {
            lease.release();
        }
    }

    /**
     * Installs {@code next}, taking ownership of it; the replaced keyring is zeroed once its last user is done.
     *
     * @throws IllegalStateException when the holder is closed (and {@code next} is closed too)
     */
    synchronized void install(Keyring next) {
        if (closed) {
            next.close();
            throw new IllegalStateException("The master secret server's keyring holder is closed");
        }
        Lease previous = current.getAndSet(new Lease(next));
        LOG.info("Master secret server keyring is now {}, replacing {}", next, previous == null ? "none" : previous);
        if (previous != null) {
            retiring.add(previous);
            retirer.schedule(() -> retire(previous), GRACE.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void retire(Lease lease) {
        if (retiring.remove(lease)) {
            lease.release();
        }
    }

    private Lease acquire() {
        while (true) {
            Lease lease = current.get();
            if (closed || lease == null) {
                throw new IllegalStateException("The master secret server's keyring holder is closed");
            }
            if (lease.tryRetain()) {
                return lease;
            }
        }
    }

    /** Zeroes the keyring (and any replaced one still in its grace period) once counted uses finish. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        retirer.shutdownNow();
        for (Lease lease : java.util.List.copyOf(retiring)) {
            retire(lease);
        }
        Lease lease = current.getAndSet(null);
        if (lease != null) {
            lease.release();
        }
    }

    @Override
    public String toString() {
        Lease lease = current.get();
        return "MssKeyring[" + (lease == null ? "closed" : lease.keyring.toString()) + "]";
    }

    /** A keyring and its reference count: the holder's reference plus one per counted use in flight. */
    private static final class Lease {
        private final Keyring keyring;
        private final AtomicInteger references = new AtomicInteger(1);

        Lease(Keyring keyring) {
            this.keyring = keyring;
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

        @Override
        public String toString() {
            return keyring.toString();
        }
    }
}
