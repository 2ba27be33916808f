package org.entsso.sso.store.internal;

import java.io.Closeable;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.entsso.sso.store.AuditEntry;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.Transaction;

/**
 * Trims the credential lookup audit table off the lookups' path: a lookup's commit asks for a trim of its kind
 * ({@link #request}), and one background thread runs it in a transaction of its own, at most once per {@link
 * #INTERVAL} and kind, however many lookups asked in between. A trim that fails (a lock held by a frozen node, a
 * database outage) is logged at DEBUG and dropped: the next lookup asks again, and reads never show more than the
 * cap ({@link AuditRecorder#credentialLookups}). The thread is started by the first request. Thread-safe; {@link
 * #close()} is idempotent and drops pending trims.
 */
final class AuditTrimmer implements Closeable {
    private static final Logger LOG = LogManager.getLogger(AuditTrimmer.class);

    /** The shortest time between two trims of one kind. */
    static final Duration INTERVAL = Duration.ofSeconds(1);

    private final SessionFactory sessions;
    private final Clock clock;
    private final ScheduledExecutorService thread;
    /** Per kind, when its last trim started (nanoTime). Guarded by {@code this}. */
    private final Map<AuditEntry.LookupKind, Long> lastStarted = new EnumMap<>(AuditEntry.LookupKind.class);
    /** The kinds whose trim is scheduled and has not started. Guarded by {@code this}. */
    private final Set<AuditEntry.LookupKind> scheduled = EnumSet.noneOf(AuditEntry.LookupKind.class);

    AuditTrimmer(SessionFactory sessions, Clock clock, String poolName) {
        this.sessions = sessions;
        this.clock = clock;
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, poolName + "-audit-trim");
            t.setDaemon(true);
            return t;
        });
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.setRemoveOnCancelPolicy(true);
        this.thread = executor;
    }

    /** Asks for a trim of each of {@code kinds}, unless one is already scheduled; never blocks. */
    void request(Set<AuditEntry.LookupKind> kinds) {
        for (AuditEntry.LookupKind kind : kinds) {
            long delay;
            synchronized (this) {
                if (thread.isShutdown() || !scheduled.add(kind)) {
                    continue;
                }
                Long last = lastStarted.get(kind);
                delay = last == null ? 0 : Math.max(0, last + INTERVAL.toNanos() - System.nanoTime());
            }
            try {
                thread.schedule(() -> trim(kind), delay, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException closed) {
                LOG.debug("Audit trim of {} lookups not scheduled: the store is closing", kind);
            }
        }
    }

    private void trim(AuditEntry.LookupKind kind) {
        synchronized (this) {
            scheduled.remove(kind);
            lastStarted.put(kind, System.nanoTime());
        }
        try (Session session = sessions.openSession()) {
            Transaction tx = session.beginTransaction();
            try {
                int deleted = new AuditRecorder(session, clock).trimCredentialLookups(kind);
                tx.commit();
                LOG.trace("Audit trim of {} lookups deleted {} rows", kind, deleted);
            } catch (RuntimeException e) {
                if (tx.isActive()) {
                    tx.rollback();
                }
                throw e;
            }
        } catch (RuntimeException e) {
            // Best effort by design: the next audited lookup asks again.
            LOG.debug("Audit trim of {} lookups failed; the next lookup retries it: {}", kind, e.toString());
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            if (!thread.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("The audit trim thread did not stop within 5 s; closing the pool under it");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
