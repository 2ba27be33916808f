package org.entsso.sso.store.internal;

import jakarta.persistence.LockModeType;
import java.time.Duration;
import java.util.Objects;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;
import org.entsso.sso.store.Idempotency;
import org.entsso.sso.store.RetryPolicy;
import org.entsso.sso.store.TransientErrors;
import org.entsso.sso.store.UnitOfWork;
import org.hibernate.Session;
import org.hibernate.Transaction;
import org.hibernate.exception.ConstraintViolationException;

/**
 * Runs units of work in transactions: one session and transaction per attempt, an optional fencing check inside
 * the transaction, commit or rollback, and retries of idempotent units after transient errors as the
 * {@link RetryPolicy} allows. Thread-safe: every call uses its own session.
 */
public final class TransactionRunner {
    private static final Logger LOG = LogManager.getLogger(TransactionRunner.class);

    /** Marks a run that is not fenced. */
    public static final long NOT_FENCED = -1;

    private final StoreEngine engine;
    private final RetryPolicy policy;

    public TransactionRunner(StoreEngine engine, RetryPolicy policy) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    StoreEngine engine() {
        return engine;
    }

    /**
     * Runs {@code work}; when {@code fencingEpoch} is not {@link #NOT_FENCED}, the global row's epoch must be {@code
     * fencingEpoch} (FENCED otherwise, nothing written). It is read under a write lock after the unit's statements and
     * immediately before the commit (not also before the unit: every write would pay that round trip): a takeover
     * either commits before that lock (the re-check fails and the unit rolls back) or waits for this commit (the write
     * is ordered before the new term). Taking the lock last, not first, keeps the window in which this transaction
     * blocks a takeover down to the commit itself: a master secret server frozen mid-write (a long GC pause, SIGSTOP)
     * with the global row locked would otherwise keep every standby from taking over until it woke.
     */
    public <T> T run(String name, Idempotency idempotency, long fencingEpoch, UnitOfWork<T> work) {
        long started = System.nanoTime();
        for (int attempt = 1; ; attempt++) {
            try {
                return attempt(fencingEpoch, work);
            } catch (RuntimeException e) {
                if (!TransientErrors.isTransient(e)) {
                    throw translate(e);
                }
                if (idempotency == Idempotency.NOT_IDEMPOTENT) {
                    throw new SsoException(
                            SsoError.DATABASE_UNAVAILABLE,
                            name + " failed on a transient database error and was not retried because it is not"
                                    + " idempotent; it may or may not have been applied",
                            e);
                }
                Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
                Duration delay = policy.backoff(attempt);
                if (attempt >= policy.maxAttempts() || elapsed.plus(delay).compareTo(policy.deadline()) > 0) {
                    throw new SsoException(
                            SsoError.DATABASE_UNAVAILABLE,
                            name + " gave up after " + attempt + " attempts in " + elapsed.toMillis() + " ms",
                            e);
                }
                LOG.warn(
                        "{} failed on a transient database error (attempt {}), retrying in {} ms: {}",
                        name,
                        attempt,
                        delay.toMillis(),
                        e.toString());
                engine.softEvictConnections();
                sleep(name, delay, e);
            }
        }
    }

    /**
     * Runs {@code work} as a fenced {@link #run} would (the unit and its flush, then the global row locked) in a
     * transaction that is always rolled back, once, with no retry, and with no epoch compared: nothing it does is ever
     * committed. Returns the unit's result.
     */
    public <T> T rehearse(UnitOfWork<T> work) {
        try (Session session = engine.sessionFactory().openSession()) {
            Transaction tx = session.beginTransaction();
            T result;
            try {
                result = work.run(new HibernateStoreSession(session, engine.clock()));
                session.flush();
                session.refresh(session.find(GlobalInfoEntity.class, 1), LockModeType.PESSIMISTIC_WRITE);
            } catch (RuntimeException e) {
                rollbackQuietly(tx, e);
                throw translate(e);
            }
            tx.rollback(); // a rehearsal commits nothing; a failure to roll back is the caller's to report
            return result;
        }
    }

    private <T> T attempt(long fencingEpoch, UnitOfWork<T> work) {
        try (Session session = engine.sessionFactory().openSession()) {
            Transaction tx = null;
            try {
                tx = session.beginTransaction();
                HibernateStoreSession unit = new HibernateStoreSession(session, engine.clock());
                T result = work.run(unit);
                session.flush();
                if (fencingEpoch != NOT_FENCED) {
                    checkEpoch(session, fencingEpoch);
                }
                tx.commit();
                engine.auditTrimmer().request(unit.lookupTrimsWanted());
                return result;
            } catch (RuntimeException e) {
                rollbackQuietly(tx, e);
                throw e;
            }
        }
    }

    /**
     * Locks the global row, re-reading it from the database (the unit may have loaded it earlier in this transaction),
     * and compares epochs: see DESIGN.md decision 3.
     */
    static void checkEpoch(Session session, long epoch) {
        GlobalInfoEntity global = session.find(GlobalInfoEntity.class, 1);
        session.refresh(global, LockModeType.PESSIMISTIC_WRITE);
        requireEpoch(global, epoch);
    }

    private static void requireEpoch(GlobalInfoEntity global, long epoch) {
        if (global.mssEpoch != epoch) {
            throw new SsoException(
                    SsoError.FENCED, "The recorded epoch is " + global.mssEpoch + "; this server holds epoch " + epoch);
        }
    }

    private static void rollbackQuietly(Transaction tx, RuntimeException cause) {
        if (tx == null || !tx.isActive()) {
            return;
        }
        try {
            tx.rollback();
        } catch (RuntimeException e) {
            // A broken connection cannot roll back; the database discards the open transaction itself.
            cause.addSuppressed(e);
        }
    }

    private static RuntimeException translate(RuntimeException e) {
        if (e instanceof SsoException) {
            return e;
        }
        ConstraintViolationException violation = find(e, ConstraintViolationException.class);
        if (violation != null) {
            SsoError error = violation.getKind() == ConstraintViolationException.ConstraintKind.UNIQUE
                    ? SsoError.ALREADY_EXISTS
                    : SsoError.INVALID_ARGUMENT;
            return new SsoException(error, "Constraint " + violation.getConstraintName(), e);
        }
        return e;
    }

    private static <X extends Throwable> X find(Throwable t, Class<X> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }

    private static void sleep(String name, Duration delay, RuntimeException cause) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            SsoException e =
                    new SsoException(SsoError.DATABASE_UNAVAILABLE, name + " was interrupted while retrying", ie);
            e.addSuppressed(cause);
            throw e;
        }
    }
}
