package org.entsso.sso.mss;

import java.io.Closeable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.entsso.cluster.resource.ResourceContext;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;
import org.entsso.sso.crypto.Keyring;
import org.entsso.sso.crypto.ValueBinding;
import org.entsso.sso.crypto.ValueCipher;
import org.entsso.sso.server.ValueBindings;
import org.entsso.sso.store.EncryptedRow;
import org.entsso.sso.store.EncryptedValue;
import org.entsso.sso.store.Idempotency;
import org.entsso.sso.store.ReencryptionBatch;
import org.entsso.sso.store.ReencryptionCursor;
import org.entsso.sso.store.ReencryptionStatus;
import org.entsso.sso.store.Replacement;
import org.entsso.sso.store.SsoStore;
import org.entsso.sso.store.StoreSession;

/**
 * Background re-encryption after a secret change (anchors/entsso.md §1, "Secret rotation"): one worker thread on the
 * master secret server moves every value still under the re-encryption source MSID (the previous secret) to the
 * current secret, in batches. Each batch is one fenced transaction that reads the cursor from the global row,
 * re-encrypts the rows, replaces them (only where unchanged since read) and stores the next cursor, so a new master
 * secret server resumes where this one stopped. When no row is left the state returns to IDLE and the source secret
 * is marked retired. A failed batch is retried with doubling backoff (WARN, never a value or key); FENCED ends the
 * work for this term. Lookups are unaffected: SSO servers hold both secrets.
 *
 * <p>Lifecycle LATENT -> STARTED -> CLOSED; {@link #start()} looks for unfinished work at once (resume after
 * failover), {@link #wake()} after a generate or restore. {@link #close()} stops after the batch in flight and is
 * idempotent. Thread-safe.
 */
final class Reencryptor implements Closeable {
    /** The lifecycle states. */
    enum State {
        LATENT,
        STARTED,
        CLOSED
    }

    private static final Logger LOG = LogManager.getLogger(Reencryptor.class);

    private final ResourceContext ctx;
    private final SsoStore store;
    private final MssKeyring keyrings;
    private final SecretSettings settings;
    private final MssMeters meters;
    private final AtomicReference<State> state = new AtomicReference<>(State.LATENT);
    private final Object signal = new Object();
    private boolean woken = true;
    private Thread worker;

    Reencryptor(ResourceContext ctx, SsoStore store, MssKeyring keyrings, SecretSettings settings, MssMeters meters) {
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        this.store = Objects.requireNonNull(store, "store");
        this.keyrings = Objects.requireNonNull(keyrings, "keyrings");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.meters = Objects.requireNonNull(meters, "meters");
    }

    /** Starts the worker, which first resumes any re-encryption the global row says is running. */
    synchronized void start() {
        if (!state.compareAndSet(State.LATENT, State.STARTED)) {
            throw new IllegalStateException("Cannot start a re-encryptor that is " + state.get());
        }
        worker = new Thread(this::run, "entsso-reencryption-" + ctx.nodeName());
        worker.setDaemon(true);
        worker.start();
    }

    /** Asks the worker to look for work now (after a generate or restore). */
    void wake() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    State state() {
        return state.get();
    }

    private void run() {
        Duration backoff = settings.retryMinBackoff();
        while (state.get() == State.STARTED) {
            try {
                awaitWork();
                meters.remaining(remaining());
                while (state.get() == State.STARTED && batch()) {
                    pause(settings.reencryptionBatchPause());
                }
                backoff = settings.retryMinBackoff();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (SsoException e) {
                if (e.error() == SsoError.FENCED) {
                    meters.fenced(MssMeters.Operation.REENCRYPTION);
                    meters.remaining(0);
                    LOG.warn("Re-encryption stops on {}: this term (epoch {}) is over", ctx.nodeName(), ctx.epoch());
                    return;
                }
                backoff = retryLater(backoff, e);
            } catch (RuntimeException e) {
                backoff = retryLater(backoff, e);
            }
        }
    }

    private Duration retryLater(Duration backoff, RuntimeException e) {
        if (state.get() != State.STARTED) {
            return backoff;
        }
        // The message of our exceptions never carries a secret; other exceptions are named by type only.
        String why = e instanceof SsoException ? e.getMessage() : e.getClass().getName();
        LOG.warn("A re-encryption batch failed on {}; retrying in {}: {}", ctx.nodeName(), backoff, why);
        wake();
        try {
            pause(backoff);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        Duration doubled = backoff.multipliedBy(2);
        return doubled.compareTo(settings.retryMaxBackoff()) > 0 ? settings.retryMaxBackoff() : doubled;
    }

    private void awaitWork() throws InterruptedException {
        synchronized (signal) {
            while (!woken && state.get() == State.STARTED) {
                signal.wait();
            }
            woken = false;
        }
    }

    /** Waits {@code d} unless closed meanwhile. */
    private void pause(Duration d) throws InterruptedException {
        long deadline = System.nanoTime() + d.toNanos();
        synchronized (signal) {
            for (long left = d.toNanos();
                    left > 0 && state.get() == State.STARTED;
                    left = deadline - System.nanoTime()) {
                TimeUnit.NANOSECONDS.timedWait(signal, left);
            }
        }
    }

    /**
     * What one committed batch did: whether more remain, how many rows it replaced, and the rows left when it counted
     * them (-1 when it did not).
     */
    private record Batch(boolean more, int replaced, long counted) {
        static final Batch NOTHING = new Batch(false, 0, 0);
    }

    /** Rows left under the source MSID as the global row records it; 0 when idle. A read, not fenced. */
    private long remaining() {
        return store.read((StoreSession s) -> {
            ReencryptionStatus status = s.globalInfo().get().reencryption();
            return status.running() && status.sourceMsid().isPresent()
                    ? s.reencryption().count(status.sourceMsid().get())
                    : 0L;
        });
    }

    /** One fenced batch, metered once committed; true when more remain. */
    private boolean batch() {
        Batch done = store.asMasterSecretServer(ctx.epoch(), Idempotency.IDEMPOTENT, this::reencryptBatch);
        meters.reencrypted(done.replaced());
        if (done.counted() >= 0) {
            meters.remaining(done.counted());
        }
        return done.more();
    }

    private Batch reencryptBatch(StoreSession s) {
        ReencryptionStatus status = s.globalInfo().get().reencryption();
        if (!status.running() || status.sourceMsid().isEmpty()) {
            return Batch.NOTHING;
        }
        UUID source = status.sourceMsid().get();
        if (keyrings.withKeyring(k -> k.current().msid()).equals(source)) {
            // Restored back to the source secret: its rows are already under the current secret.
            s.globalInfo().setReencryption(ReencryptionStatus.idle());
            return Batch.NOTHING;
        }
        ReencryptionCursor cursor = status.cursor().orElse(ReencryptionCursor.start());
        ReencryptionBatch batch = s.reencryption().nextBatch(source, cursor, settings.reencryptionBatchSize());
        List<Replacement> replacements = keyrings.withKeyring(k -> reencrypt(k, batch.rows()));
        int replaced = s.reencryption().replaceAll(replacements);
        if (!batch.exhausted()) {
            s.globalInfo().setReencryption(ReencryptionStatus.running(source, batch.next()));
            LOG.debug(
                    "Re-encrypted {} rows of {} up to {}",
                    replaced,
                    source,
                    batch.next().token());
            return new Batch(true, replaced, -1);
        }
        long left = s.reencryption().count(source);
        if (left > 0) {
            // Rows skipped because they changed while read: walk again from the start.
            s.globalInfo().setReencryption(ReencryptionStatus.running(source, ReencryptionCursor.start()));
            return new Batch(true, replaced, left);
        }
        s.globalInfo().setReencryption(ReencryptionStatus.idle());
        s.secrets().retire(source);
        LOG.info("Re-encryption finished on {}: nothing is left under MSID {}, now retired", ctx.nodeName(), source);
        return new Batch(false, replaced, 0);
    }

    private static List<Replacement> reencrypt(Keyring keyring, List<EncryptedRow> rows) {
        ValueCipher cipher = new ValueCipher(keyring);
        UUID target = keyring.current().msid();
        List<Replacement> replacements = new ArrayList<>(rows.size());
        for (EncryptedRow row : rows) {
            ValueBinding binding = ValueBindings.of(row);
            byte[] plain = cipher.decrypt(row.value().ciphertext(), binding);
            try {
                replacements.add(new Replacement(row, new EncryptedValue(cipher.encrypt(plain, binding), target)));
            } finally {
                Arrays.fill(plain, (byte) 0);
            }
        }
        return replacements;
    }

    /** Stops the worker after the batch in flight (waiting briefly for it). Idempotent. */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            if (state.getAndSet(State.CLOSED) == State.CLOSED) {
                return;
            }
            t = worker;
        }
        meters.remaining(0); // the next master secret server counts what is left
        wake();
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(2_000);
                if (t.isAlive()) {
                    t.interrupt();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
