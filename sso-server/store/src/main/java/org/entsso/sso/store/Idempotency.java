package org.entsso.sso.store;

/**
 * Whether running a unit of work twice has the same effect as running it once. Only idempotent units are retried
 * after a transient database error: when the connection breaks during a commit, nobody knows whether the commit
 * happened, so a non-idempotent unit must fail and let its caller decide.
 */
public enum Idempotency {
    /** Safe to run again after a transient error (reads, upserts, "set X to V"). */
    IDEMPOTENT,
    /** Not safe to repeat (inserts that must happen once, audit records, counters). Fails on the first error. */
    NOT_IDEMPOTENT
}
