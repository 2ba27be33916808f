package org.entsso.sso.store;

import java.util.List;
import java.util.Optional;

/** Config-store items of config-store applications. Bound to one transaction; not thread-safe. */
public interface ConfigItemRepository {
    /**
     * Stores (inserts or replaces) an item. Idempotent.
     *
     * @throws org.entsso.sso.SsoException NOT_FOUND for an unknown application
     */
    ConfigItem put(String applicationName, String identifier, EncryptedValue value);

    /** Finds an item. */
    Optional<ConfigItem> find(String applicationName, String identifier);

    /** The identifiers of an application's items, sorted. */
    List<String> identifiers(String applicationName);

    /** Deletes an item; returns false when there was none. */
    boolean delete(String applicationName, String identifier);
}
