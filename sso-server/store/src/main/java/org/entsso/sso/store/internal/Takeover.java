package org.entsso.sso.store.internal;

import jakarta.persistence.LockModeType;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;
import org.entsso.sso.store.Idempotency;

/**
 * Records a new master secret server term in the global row: the epoch must be strictly larger than the recorded
 * one (DESIGN.md decision 3). Runs under the retry policy; a retry that finds its own earlier attempt committed
 * (same epoch, same server) counts as done, so a connection lost during the commit does not fail a good takeover.
 *
 * <p>While it waits for the global row's lock, each attempt ends the database sessions that hold an open transaction
 * of the owner it deposes ({@link SessionFence}, issue 9 item 6), on a connection and a thread of their own, so an
 * owner frozen mid-write cannot keep the new term from starting, nor its writes from committing, until it wakes: it
 * may hold the global row, or only the rows of a write the new owner is asked to apply again (the same request id).
 * The deposed owner is read before the takeover can commit (afterwards the row names this server). Side by side with
 * the lock wait, not first: that is five round trips or more, and a takeover with nothing to end (the usual case: a
 * planned move, or an owner that crashed and whose connections closed with it) gets its lock at once (issue 14).
 * Safety does not rest on it: a deposed owner's write compares the epoch under the same lock before it commits.
 * Thread-safe.
 */
public final class Takeover {
    private static final Logger LOG = LogManager.getLogger(Takeover.class);

    /** Where the deposed owner's sessions are ended, beside the takeover's own transaction. */
    private static final ExecutorService SESSION_FENCERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "takeover-session-fence");
        t.setDaemon(true);
        return t;
    });

    private Takeover() {}

    /** Takes over with {@code epoch} for {@code serverName}; FENCED when the recorded epoch is not smaller. */
    public static void record(TransactionRunner runner, long epoch, String serverName) {
        if (epoch < 1) {
            throw new SsoException(SsoError.INVALID_ARGUMENT, "An epoch must be at least 1.");
        }
        if (serverName == null || serverName.isBlank() || serverName.length() > 256) {
            throw new SsoException(SsoError.INVALID_ARGUMENT, "A server name must be 1 to 256 characters.");
        }
        AtomicInteger attempts = new AtomicInteger();
        StoreEngine engine = runner.engine();
        Optional<String> deposed = recordedOwner(engine);
        runner.run("Take over as master secret server", Idempotency.IDEMPOTENT, TransactionRunner.NOT_FENCED, s -> {
            deposed.ifPresent(owner -> CompletableFuture.runAsync(() -> endSessionsOf(engine, owner), SESSION_FENCERS));
            var session = ((HibernateStoreSession) s).session();
            GlobalInfoEntity g = session.find(GlobalInfoEntity.class, 1, LockModeType.PESSIMISTIC_WRITE);
            boolean ourEarlierAttempt =
                    attempts.getAndIncrement() > 0 && g.mssEpoch == epoch && serverName.equals(g.secretServerName);
            if (ourEarlierAttempt) {
                return null;
            }
            if (g.mssEpoch >= epoch) {
                throw new SsoException(
                        SsoError.FENCED,
                        "Epoch " + epoch + " is not newer than the recorded epoch " + g.mssEpoch + ".");
            }
            g.mssEpoch = epoch;
            g.secretServerName = serverName;
            return null;
        });
    }

    /**
     * Runs a takeover's statements (the deposed owner's read, the global row locked, its epoch raised) in a
     * transaction that is always rolled back: nothing is written and no session is ended. A standby that has never
     * taken over otherwise pays its first takeover's class loading and interpreted code on the failover's path: 100-300
     * ms more than the 20-60 ms of a warm one, measured from "owns group" to "recorded epoch" in the drill (issue 14).
     * The global row stays locked until the rollback, a few milliseconds.
     */
    public static void rehearse(TransactionRunner runner) {
        recordedOwner(runner.engine());
        runner.rehearse(s -> {
            var session = ((HibernateStoreSession) s).session();
            GlobalInfoEntity g = session.find(GlobalInfoEntity.class, 1, LockModeType.PESSIMISTIC_WRITE);
            g.mssEpoch = g.mssEpoch + 1; // flushed by the rehearsal, then rolled back
            return null;
        });
    }

    /** Resets the recorded epoch to 0 and clears the server name (see SsoStore.forgetTakeover); returns the old epoch. */
    public static long forget(TransactionRunner runner) {
        return runner.run(
                "Forget the master secret server term", Idempotency.IDEMPOTENT, TransactionRunner.NOT_FENCED, s -> {
                    var session = ((HibernateStoreSession) s).session();
                    GlobalInfoEntity g = session.find(GlobalInfoEntity.class, 1, LockModeType.PESSIMISTIC_WRITE);
                    long previous = g.mssEpoch;
                    g.mssEpoch = 0;
                    g.secretServerName = null;
                    return previous;
                });
    }

    /** The owner the global row names now, as committed; empty when none, or when it cannot be read (said). */
    private static Optional<String> recordedOwner(StoreEngine engine) {
        try (Connection c = engine.connection()) {
            try {
                return SessionFence.recordedOwner(c, engine.vendor());
            } finally {
                c.rollback(); // a read; the pool's connections do not commit on their own
            }
        } catch (SQLException e) {
            // No connection now: the unit's own statements meet the same outage and the retry policy decides.
            LOG.warn("Could not read which master secret server this takeover deposes: {}", e.toString());
            return Optional.empty();
        }
    }

    /** On a connection of its own: the unit's transaction must not wait behind the sessions being ended. */
    private static void endSessionsOf(StoreEngine engine, String owner) {
        try (Connection c = engine.connection()) {
            SessionFence.endSessions(c, engine.vendor(), engine.tag(), owner);
        } catch (SQLException e) {
            LOG.warn("No connection to end the deposed owner's database sessions: {}", e.toString());
        }
    }
}
