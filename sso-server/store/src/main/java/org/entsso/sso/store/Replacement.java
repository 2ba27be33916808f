package org.entsso.sso.store;

import java.util.Objects;

/**
 * A re-encrypted value for a row read by {@link ReencryptionRepository#nextBatch}.
 *
 * @param row the row as read (its MSID is the condition for the write)
 * @param newValue the value and MSID to store
 */
public record Replacement(EncryptedRow row, EncryptedValue newValue) {
    public Replacement {
        Objects.requireNonNull(row, "row");
        Objects.requireNonNull(newValue, "newValue");
    }
}
