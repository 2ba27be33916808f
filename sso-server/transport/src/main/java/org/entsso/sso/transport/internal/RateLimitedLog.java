package org.entsso.sso.transport.internal;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.logging.log4j.Logger;

/**
 * Counts an event and logs it at most once per interval with the count since the last line, so that a flood (an
 * attack, an overload) is visible in the log without filling it. Thread-safe.
 */
final class RateLimitedLog {
    private static final long INTERVAL_NANOS = 10_000_000_000L;

    private final Logger log;
    private final String what;
    private final AtomicLong total = new AtomicLong();
    private final AtomicLong unreported = new AtomicLong();
    private final AtomicLong nextLineAt = new AtomicLong(System.nanoTime());

    RateLimitedLog(Logger log, String what) {
        this.log = log;
        this.what = what;
    }

    /** Counts one event; logs a warning naming {@code detail} when the interval has passed. */
    void record(String detail) {
        total.incrementAndGet();
        unreported.incrementAndGet();
        long now = System.nanoTime();
        long due = nextLineAt.get();
        if (now - due >= 0 && nextLineAt.compareAndSet(due, now + INTERVAL_NANOS)) {
            long n = unreported.getAndSet(0);
            log.warn("{}: {} in the last 10 s or less ({} in all), latest: {}", what, n, total.get(), detail);
        }
    }

    /** How many events were counted in all. */
    long total() {
        return total.get();
    }
}
