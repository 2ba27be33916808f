package org.entsso.sso.store;

import java.time.Instant;
import java.util.Optional;

/** The records of the three capped audit tables. */
public final class AuditEntry {
    private AuditEntry() {}

    /** Which way a credential lookup went; each has its own cap (ENTSSO's AuditNtpLookup and AuditXpLookup). */
    public enum LookupKind {
        /** Windows-initiated: Windows account to external credentials. */
        NTP,
        /** Host-initiated: external account to Windows account. */
        XP
    }

    /** Why a mapping appears in the mapping audit: SSO servers drop cached credentials for both. */
    public enum MappingChange {
        DELETED,
        DISABLED
    }

    /** A deleted application. */
    public record DeletedApplication(long id, String applicationName, String deletedBy, Instant occurredAt) {}

    /** A deleted or disabled mapping. */
    public record DeletedMapping(
            long id,
            String applicationName,
            WindowsAccount account,
            Optional<String> externalUser,
            MappingChange change,
            String changedBy,
            Instant occurredAt) {}

    /** A credential lookup, successful or not. Never carries a credential. */
    public record CredentialLookup(
            long id,
            LookupKind kind,
            String applicationName,
            Optional<WindowsAccount> account,
            Optional<String> externalUser,
            Optional<String> clientHost,
            boolean succeeded,
            Optional<Integer> errorCode,
            Instant occurredAt) {}
}
