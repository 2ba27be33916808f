package org.entsso.sso.store;

import java.util.List;
import java.util.Optional;

/** Mappings from Windows accounts to external accounts. Bound to one transaction; not thread-safe. */
public interface MappingRepository {
    /**
     * Creates a disabled mapping.
     *
     * @throws org.entsso.sso.SsoException NOT_FOUND for an unknown application; ALREADY_EXISTS when the account or
     *     the external user is already mapped in that application
     */
    Mapping create(String applicationName, WindowsAccount account, String externalUser);

    /** The primary lookup path: application (any case) and Windows account to mapping, one indexed query. */
    Optional<Mapping> find(String applicationName, WindowsAccount account);

    /** Host-initiated lookup: application and external user to mapping. */
    Optional<Mapping> findByExternalUser(String applicationName, String externalUser);

    /** Every mapping of one Windows account, across applications. */
    List<Mapping> forAccount(WindowsAccount account);

    /** Every mapping of one application. */
    List<Mapping> forApplication(String applicationName);

    /**
     * Enables or disables a mapping; disabling is recorded in the mapping audit so servers drop cached credentials.
     *
     * @throws org.entsso.sso.SsoException NOT_FOUND when there is no such mapping
     */
    Mapping setEnabled(String applicationName, WindowsAccount account, boolean enabled, String changedBy);

    /**
     * Deletes a mapping and its credentials, and records it in the mapping audit.
     *
     * @throws org.entsso.sso.SsoException NOT_FOUND when there is no such mapping
     */
    void delete(String applicationName, WindowsAccount account, String deletedBy);
}
