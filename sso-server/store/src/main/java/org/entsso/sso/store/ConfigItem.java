package org.entsso.sso.store;

import java.time.Instant;

/**
 * One config-store item: an encrypted property bag of a config-store application.
 *
 * @param id the primary key
 * @param applicationId the application
 * @param identifier the item's identifier, typically a GUID
 * @param value the encrypted property bag
 * @param updatedAt when it was last written
 */
public record ConfigItem(long id, long applicationId, String identifier, EncryptedValue value, Instant updatedAt) {}
