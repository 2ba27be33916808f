package org.entsso.cluster.internal.rcm;

/**
 * When a node that leads a group's election tries again to take the group: after a failed attempt, with a wait that
 * starts at {@value #FIRST_MILLIS} ms and doubles up to {@value #MAX_MILLIS} ms; and from the policy tick, once two
 * ticks in a row found the node leading with no term and no attempt pending (issue 14: a leader that takes nothing
 * keeps every other node from taking the group). RCM thread only.
 */
final class LeadAttempts {
    static final long FIRST_MILLIS = 100;
    static final long MAX_MILLIS = 2000;

    /** The wait before the attempt now pending (0: none pending, the last one did not fail). */
    private long retryMillis;
    /** Policy ticks in a row that found the node leading with no term and no attempt pending. */
    private int leaderlessTicks;

    /** An attempt took the group, deferred it, or found nothing to do: no retry is pending. */
    void succeeded() {
        retryMillis = 0;
    }

    /** An attempt failed: returns how long to wait before the next one. */
    long failed() {
        retryMillis = retryMillis == 0 ? FIRST_MILLIS : Math.min(MAX_MILLIS, 2 * retryMillis);
        return retryMillis;
    }

    /**
     * A policy tick that found the node leading with no term ({@code leaderless}): true when it should decide now,
     * that is on the second such tick in a row with no retry pending.
     */
    boolean tick(boolean leaderless) {
        leaderlessTicks = leaderless && retryMillis == 0 ? leaderlessTicks + 1 : 0;
        if (leaderlessTicks >= 2) {
            leaderlessTicks = 0;
            return true;
        }
        return false;
    }
}
