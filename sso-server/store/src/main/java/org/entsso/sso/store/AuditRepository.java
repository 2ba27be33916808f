package org.entsso.sso.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The three audit tables, each capped as a ring buffer that keeps the newest rows up to its cap in the global row.
 * The deleted-application and mapping tables are trimmed in the transaction that inserts, so they never hold more
 * than their caps. The credential lookup table is trimmed by the store after the lookup's commit, in a transaction of
 * its own and at most once a second per kind, so that no lookup waits on another node's trim: it may hold a second's
 * lookups beyond its cap, and {@link #credentialLookups} returns the newest rows up to the cap. Bound to one
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

    /**
     * Deletes the oldest credential lookups of {@code kind} beyond its cap, in this transaction. The store does it
     * after every audited lookup's commit; callers need not.
     *
     * @return the rows deleted
     */
    int trimCredentialLookups(AuditEntry.LookupKind kind);

    /** Deleted applications, newest first. */
    List<AuditEntry.DeletedApplication> deletedApplications();

    /** Deleted or disabled mappings at or after {@code since}, oldest first: what SSO servers poll. */
    List<AuditEntry.DeletedMapping> mappingChangesSince(Instant since);

    /** Credential lookups of one kind, newest first, at most the kind's cap of them. */
    List<AuditEntry.CredentialLookup> credentialLookups(AuditEntry.LookupKind kind);
}
