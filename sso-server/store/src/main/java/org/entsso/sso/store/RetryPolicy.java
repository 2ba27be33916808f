package org.entsso.sso.store;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How the store retries idempotent units of work after transient errors ({@link TransientErrors}): exponential
 * backoff from {@code initialBackoff} doubling to {@code maxBackoff}, with full jitter (a random delay between half
 * and all of the step), for at most {@code maxAttempts} attempts and never past {@code deadline} from the first
 * attempt. The defaults ride out an availability-group failover (typically 10-30 s). Immutable and thread-safe.
 *
 * @param maxAttempts attempts in total, at least 1
 * @param initialBackoff the first delay
 * @param maxBackoff the largest delay
 * @param deadline the time budget for all attempts together
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration deadline) {
    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(deadline, "deadline");
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0 || deadline.isNegative()) {
            throw new IllegalArgumentException("Backoffs and deadline must be non-negative and maxBackoff >= initial");
        }
    }

    /** 10 attempts, 100 ms doubling to 5 s, within 60 s. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(10, Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofSeconds(60));
    }

    /**
     * For reads that someone is waiting on (lookups, the status document): 3 attempts, 50 ms doubling to 200 ms,
     * within 500 ms, so that a database outage is reported (10515/10590) instead of waited out (issue 9 item 6).
     */
    public static RetryPolicy reads() {
        return new RetryPolicy(3, Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofMillis(500));
    }

    /** One attempt: nothing is retried. */
    public static RetryPolicy none() {
        return new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ZERO);
    }

    /** The delay before attempt {@code attempt + 1}, after {@code attempt} failures (1-based), with jitter. */
    public Duration backoff(int attempt) {
        long base = initialBackoff.toMillis() << Math.min(attempt - 1, 20);
        long capped = Math.min(Math.max(base, 0), maxBackoff.toMillis());
        long half = capped / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(capped - half + 1));
    }
}
