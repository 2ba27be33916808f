package org.entsso.sso.store;

import java.io.Closeable;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.entsso.schema.DatabaseVendor;
import org.entsso.sso.store.internal.StoreEngine;
import org.entsso.sso.store.internal.Takeover;
import org.entsso.sso.store.internal.TransactionRunner;

/**
 * The SSO database: a connection pool, the schema (migrated by Flyway, validated by Hibernate) and the transaction
 * boundary every caller goes through. Units of work run in their own transaction and see the repositories through a
 * {@link StoreSession}; idempotent units are retried after transient errors under the {@link RetryPolicy}.
 *
 * <p>Writes of the master secret server are fenced (DESIGN.md decision 3): {@link #takeOver} records a strictly
 * larger epoch, and {@link #asMasterSecretServer} runs a unit only while the recorded epoch is still the caller's,
 * checked under a write lock on the global row inside the unit's own transaction, so a deposed server's write fails
 * with FENCED and leaves nothing behind.
 *
 * <p>Lifecycle LATENT -> STARTED -> CLOSED: a second {@link #start()} is an {@link IllegalStateException},
 * {@link #close()} is idempotent. Thread-safe: any number of threads may run units of work concurrently.
 */
public final class SsoStore implements Closeable {
    private static final Logger LOG = LogManager.getLogger(SsoStore.class);

    /** The lifecycle states. */
    public enum State {
        LATENT,
        STARTED,
        CLOSED
    }

    private final StoreConfig config;
    private final AtomicReference<State> state = new AtomicReference<>(State.LATENT);
    private volatile StoreEngine engine;
    private volatile TransactionRunner runner;
    private volatile TransactionRunner readRunner;

    /** A store for {@code config}; nothing is opened until {@link #start()}. */
    public SsoStore(StoreConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** Creates and starts a store. */
    public static SsoStore open(StoreConfig config) {
        SsoStore store = new SsoStore(config);
        store.start();
        return store;
    }

    /**
     * Opens the pool, applies pending migrations (when configured) and validates the entity mapping against the
     * schema. Releases everything it opened when a step fails.
     *
     * @throws IllegalStateException when already started or closed
     */
    public void start() {
        if (!state.compareAndSet(State.LATENT, State.STARTED)) {
            throw new IllegalStateException("Cannot start a store that is " + state.get());
        }
        try {
            engine = StoreEngine.build(config);
            runner = new TransactionRunner(engine, config.retryPolicy());
            readRunner = new TransactionRunner(engine, config.readRetryPolicy());
        } catch (RuntimeException e) {
            state.set(State.CLOSED);
            throw e;
        }
        LOG.info("SSO store started on {} ({})", engine.vendor(), config.poolName());
    }

    /** The lifecycle state. */
    public State state() {
        return state.get();
    }

    /** The database the store runs on. */
    public DatabaseVendor vendor() {
        return started().vendor();
    }

    /**
     * Runs a read somebody is waiting on (a lookup, the status document): idempotent by nature, so retried after
     * transient errors, but under {@link StoreConfig#readRetryPolicy()}, so that an unreachable database is reported
     * within {@code readRetryPolicy.deadline + max(socketTimeout, connectionTimeout)} instead of waited out (issue 9
     * item 6; the bound is documented in sso-server/docs/lookups.md).
     *
     * @throws org.entsso.sso.SsoException DATABASE_UNAVAILABLE when the database did not answer in time
     */
    public <T> T read(UnitOfWork<T> work) {
        started();
        return readRunner.run("Read", Idempotency.IDEMPOTENT, TransactionRunner.NOT_FENCED, work);
    }

    /**
     * Runs a unit of work in one transaction: commit on return, rollback on exception.
     *
     * @throws org.entsso.sso.SsoException DATABASE_UNAVAILABLE when a transient error was not retried (not
     *     idempotent) or the retry policy gave up; other SsoExceptions from the unit itself
     */
    public <T> T inTransaction(Idempotency idempotency, UnitOfWork<T> work) {
        started();
        return runner.run("Unit of work", idempotency, TransactionRunner.NOT_FENCED, work);
    }

    /**
     * Runs a unit of work as the master secret server of term {@code epoch}: inside the same transaction, after the
     * unit's statements, the global row is locked and its epoch compared, the lock held to the commit (DESIGN.md
     * decision 3; {@link TransactionRunner#run}). There is no read of the epoch before the unit: a deposed owner's
     * unit runs and is then refused, which costs it a rolled-back transaction, and saves every write a round trip.
     *
     * @throws org.entsso.sso.SsoException FENCED (nothing written) when the recorded epoch is not {@code epoch}
     */
    public <T> T asMasterSecretServer(long epoch, Idempotency idempotency, UnitOfWork<T> work) {
        started();
        if (epoch < 1) {
            throw new IllegalArgumentException("An epoch must be at least 1");
        }
        return runner.run("Master secret server write (epoch " + epoch + ")", idempotency, epoch, work);
    }

    /**
     * Runs {@code work} in a transaction that is always rolled back (no retry; the fencing reads and lock of {@link
     * #asMasterSecretServer}, but no epoch compared): a standby rehearses the master secret server's write path
     * (Hibernate's statements, the driver, the JIT) so that its first real write after a takeover is not a cold one
     * (issue 14). Nothing is written; the rows it touches, the global row among them, are locked until the rollback, a
     * few milliseconds.
     */
    public <T> T rehearse(UnitOfWork<T> work) {
        started();
        return runner.rehearse(work);
    }

    /**
     * Rehearses {@link #takeOver}: its statements run in a transaction that is always rolled back, so that a standby's
     * first real takeover is not a cold one (issue 14). Nothing is written and no session is ended; the global row is
     * locked until the rollback, a few milliseconds.
     */
    public void rehearseTakeover() {
        started();
        Takeover.rehearse(runner);
    }

    /**
     * Records that {@code serverName} is the master secret server for term {@code epoch}.
     *
     * @throws org.entsso.sso.SsoException FENCED when the recorded epoch is equal or larger
     */
    public void takeOver(long epoch, String serverName) {
        started();
        Takeover.record(runner, epoch, serverName);
        LOG.info("Master secret server {} recorded epoch {}", serverName, epoch);
    }

    /**
     * Forgets the recorded master secret server term (epoch 0, no server), for a cluster rebuilt around this database on
     * a new ZooKeeper ensemble, whose epochs start again at 1 ({@code sso-init --restore-secret}, disaster recovery).
     * Without it the new ensemble's first terms would be fenced by the lost cluster's epoch. Any node of the lost
     * cluster that still runs is fenced out as well until the new cluster's epoch reaches its own: the recovery is
     * for a cluster whose nodes are gone.
     */
    public void forgetTakeover() {
        started();
        long previous = Takeover.forget(runner);
        LOG.info("Master secret server epoch {} forgotten: the next term starts a new ensemble's epochs", previous);
    }

    private StoreEngine started() {
        State current = state.get();
        if (current != State.STARTED) {
            throw new IllegalStateException("The store is " + current);
        }
        return engine;
    }

    /** Closes the session factory and the pool. Idempotent. */
    @Override
    public void close() {
        if (state.getAndSet(State.CLOSED) == State.STARTED && engine != null) {
            engine.close();
            LOG.info("SSO store closed ({})", config.poolName());
        }
    }
}
