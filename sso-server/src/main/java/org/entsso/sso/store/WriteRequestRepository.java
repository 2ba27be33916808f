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
     * Records that {@code requestId} was applied, unless it already was.
     *
     * <p>Run it first in the transaction of the write it guards. Inside a fenced transaction
     * ({@link SsoStore#asMasterSecretServer}) writers are serialised by the global row lock, so the check is exact.
     * Elsewhere two transactions racing on one id are kept apart by the primary key: the later one fails with
     * ALREADY_EXISTS (10702) and rolls back whole, so the write is still applied once.
     *
     * @param principal who asked for the write (names only, never a secret)
     * @param operation what the write was, e.g. {@code SetCredentials} (at most 32 characters)
     * @return true when recorded now; false when the id was recorded before (the write must not be applied again)
     */
    boolean record(UUID requestId, String principal, String operation, Instant at);

    /** Whether {@code requestId} is recorded. */
    boolean isRecorded(UUID requestId);

    /** Deletes the ids applied before {@code cutoff}; returns how many there were. */
    int pruneBefore(Instant cutoff);
}
