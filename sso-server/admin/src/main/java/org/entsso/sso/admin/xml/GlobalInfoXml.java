package org.entsso.sso.admin.xml;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The {@code <globalInfo>} of an {@code -updatedb} file: only the members present change (ENTSSO: run from a server
 * that is not the master secret server, the file may hold {@code secretServer} only). {@code auditCredentialLookups}
 * caps both lookup audit tables. Timeouts are minutes. Immutable.
 */
public record GlobalInfoXml(
        Optional<String> ssoAdminAccount,
        Optional<String> ssoAffiliateAdminAccount,
        Optional<String> secretServer,
        OptionalInt auditDeletedApps,
        OptionalInt auditDeletedMappings,
        OptionalInt auditCredentialLookups,
        OptionalInt ticketTimeout,
        OptionalInt credCacheTimeout,
        Location location) {
    public GlobalInfoXml {
        Objects.requireNonNull(ssoAdminAccount, "ssoAdminAccount");
        Objects.requireNonNull(ssoAffiliateAdminAccount, "ssoAffiliateAdminAccount");
        Objects.requireNonNull(secretServer, "secretServer");
        Objects.requireNonNull(auditDeletedApps, "auditDeletedApps");
        Objects.requireNonNull(auditDeletedMappings, "auditDeletedMappings");
        Objects.requireNonNull(auditCredentialLookups, "auditCredentialLookups");
        Objects.requireNonNull(ticketTimeout, "ticketTimeout");
        Objects.requireNonNull(credCacheTimeout, "credCacheTimeout");
        Objects.requireNonNull(location, "location");
    }

    /** Whether the file names nothing to change. */
    public boolean isEmpty() {
        return ssoAdminAccount.isEmpty()
                && ssoAffiliateAdminAccount.isEmpty()
                && secretServer.isEmpty()
                && auditDeletedApps.isEmpty()
                && auditDeletedMappings.isEmpty()
                && auditCredentialLookups.isEmpty()
                && ticketTimeout.isEmpty()
                && credCacheTimeout.isEmpty();
    }
}
