package org.entsso.sso.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The three audit tables, each capped as a ring buffer: after every insert the oldest rows beyond the cap in the
 * global row are removed in the same transaction, so a table never holds more than its cap. Bound to one
 * transaction; not thread-safe.
 */
public interface AuditRepository {
    /** Records a credential lookup (never the credential). */
    void recordCredentialLookup(
            AuditEntry.LookupKind kind,
            String applicationName,
            Optional<WindowsAccount> account,
            Optional<String> externalUser,
            Optional<String> clientHost,
            boolean succeeded,
            Optional<Integer> errorCode);

    /** Deleted applications, newest first. */
    List<AuditEntry.DeletedApplication> deletedApplications();

    /** Deleted or disabled mappings at or after {@code since}, oldest first: what SSO servers poll. */
    List<AuditEntry.DeletedMapping> mappingChangesSince(Instant since);

    /** Credential lookups of one kind, newest first. */
    List<AuditEntry.CredentialLookup> credentialLookups(AuditEntry.LookupKind kind);
}
