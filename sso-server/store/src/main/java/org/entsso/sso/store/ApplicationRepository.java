package org.entsso.sso.store;

import java.util.List;
import java.util.Optional;

/**
 * Affiliate applications and their field definitions. Names are matched case-insensitively everywhere. Bound to one
 * transaction; not thread-safe.
 */
public interface ApplicationRepository {
    /**
     * Creates an application.
     *
     * @throws org.entsso.sso.SsoException ALREADY_EXISTS when the name is taken in any letter case
     */
    AffiliateApplication create(ApplicationSpec spec);

    /**
     * Creates every application of {@code specs} with its fields ({@code fields.get(i)} for {@code specs.get(i)},
     * ordinals 0..n-1), set-based: one query per 500 names for those taken, then the inserts (ssomanage -createapps).
     *
     * @throws BatchRowException APPLICATION_EXISTS naming the first application whose name is taken in any letter
     *     case
     */
    void createAll(List<ApplicationSpec> specs, List<List<FieldInfo>> fields);

    /** The applications of {@code names} that exist (any letter case), read in one query per 500 names. */
    List<AffiliateApplication> findAll(List<String> names);

    /** Finds an application by name, ignoring case. */
    Optional<AffiliateApplication> find(String name);

    /** @throws org.entsso.sso.SsoException NOT_FOUND when there is no such application */
    AffiliateApplication get(String name);

    /** Every application, ordered by name. */
    List<AffiliateApplication> list();

    /**
     * Changes the flags selected by {@code mask} to their values in {@code flags} (ENTSSO's flags + flagMask).
     *
     * @throws org.entsso.sso.SsoException NOT_FOUND when there is no such application
     */
    AffiliateApplication updateFlags(String name, int flags, int mask);

    /** Replaces description, contact and groups; name and fields stay. */
    AffiliateApplication updateDetails(
            String name, String description, String contact, String userGroups, String adminGroups);

    /**
     * Sets or clears (empty) the per-application ticket timeout, 1 to 525,600 minutes.
     *
     * @throws org.entsso.sso.SsoException NOT_FOUND when there is no such application; INVALID_ARGUMENT out of range
     */
    AffiliateApplication updateTicketTimeout(String name, Optional<Integer> minutes);

    /**
     * Gives the application a new purge id, which makes every SSO server's database poll see that its cached
     * credentials changed; returns the step from the old id to the new one, for the purge signal.
     */
    PurgeStep purgeCache(String name);

    /**
     * Deletes the application with its fields, mappings, credentials and config items, and records the deletion in
     * the capped audit table.
     *
     * @throws org.entsso.sso.SsoException NOT_FOUND when there is no such application
     */
    void delete(String name, String deletedBy);

    /**
     * Adds a field definition.
     *
     * @throws org.entsso.sso.SsoException ALREADY_EXISTS for a taken ordinal; INVALID_ARGUMENT for an ordinal
     *     beyond the application's number of fields
     */
    void addField(String applicationName, FieldInfo field);

    /** The application's fields, by ordinal. */
    List<FieldInfo> fields(String applicationName);
}
