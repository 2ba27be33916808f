package org.entsso.sso.store;

import java.time.Instant;
import java.util.UUID;

/**
 * The request ids of applied writes (sso-server/docs/api.md, "Writes and request ids"): a writer records the id in the
 * same transaction as the write, so a client that repeats a write with the same id after a lost answer is told it is
 * done and nothing is applied twice. Ids are kept 24 h. Bound to one transaction; not thread-safe.
 */
public interface WriteRequestRepository {
    /**
     * Records that {@code requestId} was applied, in one statement (an insert; no read first).
     *
     * <p>Run it first in the transaction of the write it guards. An id recorded before fails with ALREADY_EXISTS
     * (15002), at once or, when another transaction inserted it and has not committed yet, once that one has; the
     * transaction then rolls back whole, so the write is applied once. A caller that meets 15002 and then finds the id
     * {@link #isRecorded recorded} answers the request as a replay. Fenced transactions are not serialised before this
     * point: they take the global row lock only at their end.
     *
     * @param principal who asked for the write (names only, never a secret)
     * @param operation what the write was, e.g. {@code SetCredentials} (at most 32 characters)
     * @throws org.entsso.sso.SsoException ALREADY_EXISTS when the id was recorded before
     */
    void record(UUID requestId, String principal, String operation, Instant at);

    /** Whether {@code requestId} is recorded. */
    boolean isRecorded(UUID requestId);

    /** Deletes the ids applied before {@code cutoff}; returns how many there were. */
    int pruneBefore(Instant cutoff);
}
