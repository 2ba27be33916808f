package org.entsso.sso.store;

import java.util.List;

/**
 * One batch of rows still encrypted under an MSID, and the cursor to ask for the next batch with.
 *
 * @param rows the rows, in cursor order (at most the batch size)
 * @param next where the next batch starts
 * @param exhausted true when no row after {@code next} remains in any table
 */
public record ReencryptionBatch(List<EncryptedRow> rows, ReencryptionCursor next, boolean exhausted) {
    public ReencryptionBatch {
        rows = List.copyOf(rows);
    }
}
