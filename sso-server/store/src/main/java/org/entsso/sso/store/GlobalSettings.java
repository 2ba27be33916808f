package org.entsso.sso.store;

import org.entsso.sso.AppFlags;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;

/**
 * The administrator-controlled part of the global row (ENTSSO's global info, anchors/entsso.md §3).
 *
 * @param flags ENTSSO global flags (64 = VALIDATE_TICKETS initially)
 * @param ssoEnabled whether the SSO system answers lookups
 * @param auditAppDeleteCap rows kept in the deleted-applications audit table
 * @param auditMappingDeleteCap rows kept in the deleted-mappings audit table
 * @param auditNtpLookupCap Windows-initiated credential lookups kept in the lookup audit table
 * @param auditXpLookupCap host-initiated credential lookups kept in the lookup audit table
 * @param ticketTimeoutMinutes ticket lifetime
 * @param credentialCacheTimeoutMinutes credential cache lifetime on SSO servers
 * @param ssoAdminGroup the SSO Administrators group
 * @param affiliateAdminGroup the SSO Affiliate Administrators group
 * @param auditPositiveLevel which successful operations are audited: 0 none, 1 low, 2 medium, 3 high (default 0)
 * @param auditNegativeLevel which failed operations are audited, 0 to 3 (default 1)
 */
public record GlobalSettings(
        int flags,
        boolean ssoEnabled,
        int auditAppDeleteCap,
        int auditMappingDeleteCap,
        int auditNtpLookupCap,
        int auditXpLookupCap,
        int ticketTimeoutMinutes,
        int credentialCacheTimeoutMinutes,
        String ssoAdminGroup,
        String affiliateAdminGroup,
        int auditPositiveLevel,
        int auditNegativeLevel) {

    /** ENTSSO's default audit levels: positive 0 (none), negative 1 (low). */
    public static final int DEFAULT_POSITIVE_AUDIT = 0;

    /** ENTSSO's default negative audit level. */
    public static final int DEFAULT_NEGATIVE_AUDIT = 1;

    /** @throws SsoException INVALID_ARGUMENT for a cap or timeout out of range or a blank group */
    public GlobalSettings {
        requirePositive("auditAppDeleteCap", auditAppDeleteCap);
        requirePositive("auditMappingDeleteCap", auditMappingDeleteCap);
        requirePositive("auditNtpLookupCap", auditNtpLookupCap);
        requirePositive("auditXpLookupCap", auditXpLookupCap);
        if (ticketTimeoutMinutes < 1 || ticketTimeoutMinutes > 525_600) {
            throw new SsoException(SsoError.INVALID_ARGUMENT, "ticketTimeoutMinutes must be 1 to 525600");
        }
        requirePositive("credentialCacheTimeoutMinutes", credentialCacheTimeoutMinutes);
        Names.requireName("ssoAdminGroup", ssoAdminGroup, 256);
        Names.requireName("affiliateAdminGroup", affiliateAdminGroup, 256);
        if (auditPositiveLevel < 0 || auditPositiveLevel > 3 || auditNegativeLevel < 0 || auditNegativeLevel > 3) {
            throw new SsoException(SsoError.INVALID_ARGUMENT, "Audit levels are 0 (none) to 3 (high)");
        }
        if ((flags & ~AppFlags.GLOBAL_KNOWN) != 0) {
            throw new SsoException(
                    SsoError.INVALID_ARGUMENT,
                    "Global flags are hostInitiated (8), allowTickets (32), validateTickets (64) and localLookupOnly"
                            + " (16777216); not " + flags);
        }
    }

    /** Settings with ENTSSO's default audit levels (0 and 1). */
    public GlobalSettings(
            int flags,
            boolean ssoEnabled,
            int auditAppDeleteCap,
            int auditMappingDeleteCap,
            int auditNtpLookupCap,
            int auditXpLookupCap,
            int ticketTimeoutMinutes,
            int credentialCacheTimeoutMinutes,
            String ssoAdminGroup,
            String affiliateAdminGroup) {
        this(
                flags,
                ssoEnabled,
                auditAppDeleteCap,
                auditMappingDeleteCap,
                auditNtpLookupCap,
                auditXpLookupCap,
                ticketTimeoutMinutes,
                credentialCacheTimeoutMinutes,
                ssoAdminGroup,
                affiliateAdminGroup,
                DEFAULT_POSITIVE_AUDIT,
                DEFAULT_NEGATIVE_AUDIT);
    }

    /** Whether tickets are allowed system wide. */
    public boolean ticketsAllowed() {
        return (flags & AppFlags.ALLOW_TICKETS) != 0;
    }

    /** Whether tickets must be validated against the sender system wide. */
    public boolean ticketsValidated() {
        return (flags & AppFlags.VALIDATE_TICKETS) != 0;
    }

    /** Whether host-initiated SSO is enabled system wide. */
    public boolean hostInitiatedEnabled() {
        return (flags & AppFlags.HOST_INITIATED) != 0;
    }

    /** Whether SSO servers answer lookups from other machines (ssoconfig -remoteLookup; on unless turned off). */
    public boolean remoteLookupAllowed() {
        return (flags & AppFlags.LOCAL_LOOKUP_ONLY) == 0;
    }

    private static void requirePositive(String name, int value) {
        if (value < 1) {
            throw new SsoException(SsoError.INVALID_ARGUMENT, name + " must be at least 1");
        }
    }
}
