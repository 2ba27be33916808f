package org.entsso.sso.store;

import java.util.List;
import java.util.UUID;

/**
 * Walks the encrypted rows (credentials, then config items) that are still under one MSID, in primary-key order and
 * in batches, from a resumable {@link ReencryptionCursor}. Run each batch as its own fenced unit of work: read the
 * batch, re-encrypt in memory, {@link #replace} each row, and record the cursor in the global row. Bound to one
 * transaction; not thread-safe.
 */
public interface ReencryptionRepository {
    /** Up to {@code limit} rows under {@code msid} after {@code cursor}. */
    ReencryptionBatch nextBatch(UUID msid, ReencryptionCursor cursor, int limit);

    /**
     * Replaces a row's value and MSID, but only while the row still holds what was read (same MSID), so a value
     * written meanwhile by a user is never overwritten by a stale re-encryption.
     *
     * @return false when the row changed or vanished since it was read
     */
    boolean replace(EncryptedRow row, EncryptedValue newValue);

    /**
     * Replaces many rows at once with the same condition as {@link #replace}, as one JDBC batch per table: the path
     * re-encryption uses for a whole batch.
     *
     * @return how many rows were replaced (rows changed or vanished since they were read are skipped)
     */
    int replaceAll(List<Replacement> replacements);

    /** How many rows (both tables) are still under {@code msid}: the progress figure. */
    long count(UUID msid);
}
