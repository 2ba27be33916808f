package org.entsso.sso.store;

/**
 * The repositories of one transaction. Everything read or written through one session commits or rolls back
 * together. Not thread-safe: use it only on the thread that runs the unit of work, and only while it runs.
 */
public interface StoreSession {
    /** The single global row: flags, caps, timeouts, groups, current MSID, re-encryption state, fencing epoch. */
    GlobalInfoRepository globalInfo();

    /** Affiliate applications and their field definitions. */
    ApplicationRepository applications();

    /** Windows account to external account mappings. */
    MappingRepository mappings();

    /** Encrypted external credentials of mappings. */
    CredentialRepository credentials();

    /** Config-store items (encrypted property bags). */
    ConfigItemRepository configItems();

    /** Group membership (principal to group), until a directory service is wired in. */
    GroupMembershipRepository groups();

    /** The SSO servers that report in. */
    SsoServerRepository servers();

    /** The three capped audit tables. */
    AuditRepository audit();

    /** Known MSIDs and their backup times. */
    SecretMetadataRepository secrets();

    /** Encrypted rows by MSID, for re-encryption after a secret change. */
    ReencryptionRepository reencryption();

    /** Request ids of applied writes, so a repeated write is answered as done (sso-server/docs/api.md). */
    WriteRequestRepository writeRequests();
}
