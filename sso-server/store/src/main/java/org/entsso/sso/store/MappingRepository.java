package org.entsso.sso.store;

import java.util.List;
import java.util.Optional;

/** Mappings from Windows accounts to external accounts. Bound to one transaction; not thread-safe. */
public interface MappingRepository {
    /**
     * Creates a disabled mapping. In a Host Group application every external user gets a mapping of its own to the one
     * Windows account of the application (10846 for a second Windows account).
     *
     * @throws org.entsso.sso.SsoException NOT_FOUND for an unknown application; ALREADY_EXISTS when the account (not
     *     in a Host Group application) or the external user is already mapped in that application;
     *     HOST_GROUP_ONE_ACCOUNT for a second Windows account in a Host Group application
     */
    Mapping create(String applicationName, WindowsAccount account, String externalUser);

    /**
     * The primary lookup path: application (any case) and Windows account to mapping, one indexed query. In a Host
     * Group application, where one account has many mappings, empty: use {@link #find(String, WindowsAccount,
     * String)}.
     */
    Optional<Mapping> find(String applicationName, WindowsAccount account);

    /** The mapping of {@code account} to {@code externalUser} in the application, whatever its type. */
    Optional<Mapping> find(String applicationName, WindowsAccount account, String externalUser);

    /** Mappings filtered by application and/or account (both empty: every mapping), by application then account. */
    List<Mapping> list(Optional<String> applicationName, Optional<WindowsAccount> account);

    /** {@link #setEnabled(String, WindowsAccount, boolean, String)} for a mapping found before. */
    Mapping setEnabled(Mapping mapping, boolean enabled, String changedBy);

    /**
     * Creates many disabled mappings of one application at once (the batch API), with {@link #create}'s checks done
     * on the whole set (the application's existing mappings read once, inserts without per-row queries): every row
     * or none.
     *
     * @throws BatchRowException naming the first refused row: 15000 for a bad external user, 10753 for a mapping that
     *     exists or repeats in the batch, 10846 for a second account of a Host Group application
     */
    void createAll(String applicationName, List<WindowsAccount> accounts, List<String> externalUsers);

    /**
     * As {@link #createAll(String, List, List)} for several applications at once (ssomanage -createmappings): the
     * applications and their existing mappings read in one query per 500 applications, every row inserted in
     * multi-row inserts. {@link BatchRowException#row()} counts across the batches, in their order.
     *
     * @throws org.entsso.sso.SsoException APPLICATION_NOT_FOUND when an application does not exist
     */
    void createAll(List<MappingRows> batches);

    /**
     * Deletes many mappings at once, each recorded in the mapping audit table (trimmed once at the end).
     *
     * @throws SsoException MAPPING_NOT_FOUND (10835) when one is gone
     */
    void deleteAll(List<Mapping> mappings, String deletedBy);

    /** {@link #delete(String, WindowsAccount, String)} for a mapping found before. */
    void delete(Mapping mapping, String deletedBy);

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
