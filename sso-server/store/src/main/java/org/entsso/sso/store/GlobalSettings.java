package org.entsso.sso.store;

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
        String affiliateAdminGroup) {

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
    }

    private static void requirePositive(String name, int value) {
        if (value < 1) {
            throw new SsoException(SsoError.INVALID_ARGUMENT, name + " must be at least 1");
        }
    }
}
