package org.entsso.cluster.sim;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one clock every simulated node reads: real time plus an offset that {@link #advance} moves forward, so a
 * scenario can jump past RestartPeriod (15 min), FailoverPeriod (6 h) or RetryPeriodOnFailure (1 h) without waiting
 * for them (issue 2: "policy windows read an injectable clock"). Time never goes backwards.
 *
 * <p>Thread-safe: {@link #advance} may run while nodes read the clock; copies made by {@link #withZone} share the
 * offset.
 */
public final class SimulatedClock extends Clock {
    private final Clock base;
    private final AtomicLong offsetNanos;

    /** A clock that follows the system UTC clock until advanced. */
    public SimulatedClock() {
        this(Clock.systemUTC(), new AtomicLong());
    }

    /** A clock that follows {@code base} until advanced. */
    public SimulatedClock(Clock base) {
        this(base, new AtomicLong());
    }

    private SimulatedClock(Clock base, AtomicLong offsetNanos) {
        this.base = Objects.requireNonNull(base, "base");
        this.offsetNanos = offsetNanos;
    }

    /**
     * Moves the clock forward.
     *
     * @throws IllegalArgumentException when {@code amount} is negative
     */
    public void advance(Duration amount) {
        if (amount.isNegative()) {
            throw new IllegalArgumentException("A simulated clock only moves forward, not by " + amount);
        }
        offsetNanos.addAndGet(amount.toNanos());
    }

    /** How far the clock has been advanced in total. */
    public Duration offset() {
        return Duration.ofNanos(offsetNanos.get());
    }

    @Override
    public ZoneId getZone() {
        return base.getZone();
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return new SimulatedClock(base.withZone(zone), offsetNanos);
    }

    @Override
    public Instant instant() {
        return base.instant().plusNanos(offsetNanos.get());
    }

    @Override
    public long millis() {
        return instant().toEpochMilli();
    }

    @Override
    public String toString() {
        return "SimulatedClock[" + base + " + " + offset() + "]";
    }
}
