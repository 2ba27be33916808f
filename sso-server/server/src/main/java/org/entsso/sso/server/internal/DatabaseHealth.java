package org.entsso.sso.server.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
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
