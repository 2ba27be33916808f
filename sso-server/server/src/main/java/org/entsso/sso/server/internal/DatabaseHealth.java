package org.entsso.sso.server.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;
import org.entsso.sso.server.Availability;
import org.entsso.sso.store.TransientErrors;

/**
 * Tracks whether the SSO database is reachable, from the outcome of every database call the lookup path makes
 * (DESIGN.md, SQL outage row). The grace is measured from the last successful call, as ENTSSO goes offline when the
 * database "is unavailable for a specified time" (anchors/entsso.md §1); a periodic probe keeps that time fresh.
 *
 * <p>Thread-safe: state changes are synchronized and logged as from -> to; reading the availability while the
 * database answers takes no lock.
 */
public final class DatabaseHealth {
    private static final Logger LOG = LogManager.getLogger(DatabaseHealth.class);

    private final Clock clock;
    private final Duration grace;
    private Instant lastReachable;
    /** Volatile so that the lookup path's {@link #availability()} needs no lock while the database answers. */
    private volatile boolean failing;
    /** Held by the one read that tries a failing database. */
    private final AtomicBoolean trial = new AtomicBoolean();

    private Availability reported = Availability.ONLINE;

    public DatabaseHealth(Clock clock, Duration grace) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.grace = Objects.requireNonNull(grace, "grace");
        this.lastReachable = clock.instant();
    }

    /** Whether {@code failure} means the database is unreachable (10515 from the store, or a transient error). */
    public static boolean isOutage(RuntimeException failure) {
        return (failure instanceof SsoException sso && sso.error() == SsoError.DATABASE_UNAVAILABLE)
                || TransientErrors.isTransient(failure);
    }

    /** What {@link #readPermit()} allows. */
    public enum ReadPermit {
        /** The database answers: read. */
        FREE,
        /** The database is failing and this caller is the one that tries it; call {@link #trialDone()} after. */
        TRIAL,
        /** The database is failing and another caller is trying it now: answer without it. */
        REFUSED
    }

    /**
     * Whether a read may go to the database now. Always while it answers. During an outage one read at a time (the
     * trial that finds out whether it is back): every read would otherwise wait out the bounded read (seconds) and
     * hold a lookup thread that long, and the lookups the cache could serve would queue behind them. Lock-free.
     */
    public ReadPermit readPermit() {
        if (!failing) {
            return ReadPermit.FREE;
        }
        return trial.compareAndSet(false, true) ? ReadPermit.TRIAL : ReadPermit.REFUSED;
    }

    /** The trial read {@link #readPermit()} allowed has ended, whichever way. */
    public void trialDone() {
        trial.set(false);
    }

    /** Records a successful database call. */
    public synchronized void succeeded() {
        failing = false;
        lastReachable = clock.instant();
        update();
    }

    /** Records a failed database call (an outage per {@link #isOutage}). */
    public synchronized void failed() {
        failing = true;
        update();
    }

    /**
     * The availability now. Lock-free while the database answers (every lookup asks); the transition back to
     * {@code ONLINE} is logged by {@link #succeeded()}.
     */
    public Availability availability() {
        if (!failing) {
            return Availability.ONLINE;
        }
        synchronized (this) {
            return update();
        }
    }

    /** When the database last answered. */
    public synchronized Instant lastReachable() {
        return lastReachable;
    }

    private Availability update() {
        Availability now;
        if (!failing) {
            now = Availability.ONLINE;
        } else if (Duration.between(lastReachable, clock.instant()).compareTo(grace) < 0) {
            now = Availability.DEGRADED_SERVING_FROM_CACHE;
        } else {
            now = Availability.OFFLINE;
        }
        if (now != reported) {
            if (now == Availability.OFFLINE) {
                LOG.error("Lookup path {} -> {}: {}", reported, now, SsoError.GOING_OFFLINE.format(graceText()));
            } else {
                LOG.warn("Lookup path {} -> {} (database last reachable at {})", reported, now, lastReachable);
            }
            reported = now;
        }
        return now;
    }

    /**
     * How much of the outage grace is left: all of it while the database answers, counting down while cached lookups
     * are served without it, none once offline.
     */
    public synchronized Duration graceRemaining() {
        update();
        if (!failing) {
            return grace;
        }
        Duration left = grace.minus(Duration.between(lastReachable, clock.instant()));
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** The detail for the 10590 message. */
    public synchronized String graceText() {
        return "The SSO database has not been reachable since " + lastReachable + " (grace " + grace + ").";
    }
}
