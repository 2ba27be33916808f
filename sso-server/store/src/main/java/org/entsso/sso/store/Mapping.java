package org.entsso.sso.store;

/**
 * A mapping from a Windows account to an external account of one application. Created disabled; setting its
 * credentials is what enables it (anchors/entsso.md §3).
 *
 * @param id the primary key (credentials hang off it)
 * @param applicationId the application
 * @param account the Windows account
 * @param externalUser the external user id (field 0)
 * @param enabled whether lookups may use it
 * @param flags ENTSSO mapping flags
 * @param application the application's name as stored
 */
public record Mapping(
        long id,
        long applicationId,
        WindowsAccount account,
        String externalUser,
        boolean enabled,
        int flags,
        String application) {}
