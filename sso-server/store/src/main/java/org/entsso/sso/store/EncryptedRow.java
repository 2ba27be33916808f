package org.entsso.sso.store;

import java.util.Optional;

/**
 * One encrypted row found by MSID, with what a cipher needs to rebuild its associated data: the application, and
 * either the mapping and field ordinal (credentials) or the config identifier (config items).
 *
 * @param table where the row lives
 * @param id its primary key (the cursor position)
 * @param applicationId the affiliate application
 * @param mappingId the mapping, for credentials
 * @param fieldOrdinal the field ordinal, for credentials
 * @param configIdentifier the config identifier, for config items
 * @param value the stored value and its MSID
 */
public record EncryptedRow(
        EncryptedTable table,
        long id,
        long applicationId,
        Optional<Long> mappingId,
        Optional<Integer> fieldOrdinal,
        Optional<String> configIdentifier,
        EncryptedValue value) {}
