package org.entsso.sso.client.internal;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The pause between write retries: 50 ms doubling to at most 400 ms, with "equal jitter" (half the step fixed, half
 * random) so that host instances that failed together do not retry in lockstep. The cap is what a planned move costs a
 * writer at most after the new master secret server is online (DESIGN.md: writes paused for at most 1 s); a 503 from
 * an SSO server is cheap, so retrying that often costs the cluster little. Stateless; thread-safe.
 */
public final class Backoff {
    static final long FIRST_MILLIS = 50;
    static final long MAX_MILLIS = 400;

    private Backoff() {}

    /** The pause before retry number {@code step} (0 for the first), jittered. */
    public static Duration delay(int step) {
        long base = Math.min(MAX_MILLIS, FIRST_MILLIS << Math.min(step, 10));
        long half = base / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(half + 1));
    }

    /** Sleeps {@code pause}; restores the interrupt flag and reports false if interrupted. */
    public static boolean pause(Duration pause) {
        if (pause.isZero() || pause.isNegative()) {
            return true;
        }
        try {
            Thread.sleep(pause.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
