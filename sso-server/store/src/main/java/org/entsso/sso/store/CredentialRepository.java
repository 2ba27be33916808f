package org.entsso.sso.store;

import java.util.SortedMap;

/** Encrypted external credentials, one value per mapping and field. Bound to one transaction; not thread-safe. */
public interface CredentialRepository {
    /**
     * Stores (inserts or replaces) the value of one field of a mapping. Idempotent.
     *
     * @throws org.entsso.sso.SsoException NOT_FOUND for an unknown mapping
     */
    void put(long mappingId, int fieldOrdinal, EncryptedValue value);

    /** The stored values of a mapping, by field ordinal (empty when none). */
    SortedMap<Integer, EncryptedValue> forMapping(long mappingId);

    /** Removes every value of a mapping; returns how many there were. */
    int deleteForMapping(long mappingId);
}
