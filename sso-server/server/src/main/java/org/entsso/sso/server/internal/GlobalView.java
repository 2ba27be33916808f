package org.entsso.sso.server.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.entsso.sso.store.GlobalInfo;

/**
 * This server's copy of the global row (issue 12 item 6): what every lookup decides by (SSO enabled, the credential
 * cache timeout) without reading the database each time. It is read again before the next lookup once
 * {@link #changed()} says the row or group membership changed (the ZooKeeper signal, or the poll that is its fallback);
 * one lookup reads while the others go on with the copy they have, so a change is enforced within the signal's latency
 * plus one database read. A failed read is retried at most every {@link #RETRY_AFTER_FAILURE}. Thread-safe.
 */
public final class GlobalView {
    /** How long after a failed read the next is tried. */
    public static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(1);

    private final Clock clock;
    private final AtomicLong changes = new AtomicLong(1);
    private final AtomicBoolean reading = new AtomicBoolean();
    private volatile GlobalInfo current;
    private volatile long readAtChange;
    private volatile Instant failedAt = Instant.MIN;

    public GlobalView(Clock clock) {
        this.clock = clock;
    }

    /**
     * The row to decide by: read through {@code read} first when a change was signalled since the last read (or there
     * was none yet). Empty only when no read has succeeded yet and this one failed or was not tried.
     *
     * @param mayRead false while the database is known to be failing: the copy is used as it is
     */
    public Optional<GlobalInfo> get(Supplier<GlobalInfo> read, boolean mayRead) {
        long wanted = changes.get();
        GlobalInfo now = current;
        if (now != null && readAtChange == wanted) {
            return Optional.of(now);
        }
        if (!mayRead
                || clock.instant().isBefore(failedAt.plus(RETRY_AFTER_FAILURE))
                || !reading.compareAndSet(false, true)) {
            return Optional.ofNullable(now);
        }
        try {
            GlobalInfo fresh = read.get();
            current = fresh;
            readAtChange = wanted;
            return Optional.of(fresh);
        } catch (RuntimeException e) {
            failedAt = clock.instant();
            return Optional.ofNullable(now);
        } finally {
            reading.set(false);
        }
    }

    /** The global row or group membership changed: read it again before the next decision. */
    public void changed() {
        changes.incrementAndGet();
    }

    /**
     * Takes a row read elsewhere (the poll): when it differs from the copy in a way lookups care about (settings or
     * group membership), it becomes the copy and the answer is true. A change signalled meanwhile is still read again.
     */
    public boolean accept(GlobalInfo polled) {
        GlobalInfo now = current;
        boolean differs =
                now == null || !now.settings().equals(polled.settings()) || now.groupsStamp() != polled.groupsStamp();
        if (differs) {
            current = polled;
        }
        return differs && now != null;
    }
}
