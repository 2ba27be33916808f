package org.entsso.sso.store.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** The single global row (id 1). */
@Entity
@Table(name = "global_info")
public class GlobalInfoEntity {
    @Id
    int id;

    int flags;

    @Column(name = "sso_enabled")
    boolean ssoEnabled;

    @Column(name = "audit_app_delete_cap")
    int auditAppDeleteCap;

    @Column(name = "audit_mapping_delete_cap")
    int auditMappingDeleteCap;

    @Column(name = "audit_ntp_lookup_cap")
    int auditNtpLookupCap;

    @Column(name = "audit_xp_lookup_cap")
    int auditXpLookupCap;

    @Column(name = "ticket_timeout_minutes")
    int ticketTimeoutMinutes;

    @Column(name = "cred_cache_timeout_minutes")
    int credCacheTimeoutMinutes;

    @Column(name = "sso_admin_group")
    String ssoAdminGroup;

    @Column(name = "affiliate_admin_group")
    String affiliateAdminGroup;

    @Column(name = "secret_server_name")
    String secretServerName;

    @JdbcTypeCode(SqlTypes.CHAR)
    @Column(name = "current_msid", length = 36)
    String currentMsid;

    @Column(name = "reencrypt_state")
    String reencryptState;

    @JdbcTypeCode(SqlTypes.CHAR)
    @Column(name = "reencrypt_source_msid", length = 36)
    String reencryptSourceMsid;

    @Column(name = "reencrypt_cursor")
    String reencryptCursor;

    @Column(name = "audit_positive_level")
    int auditPositiveLevel;

    @Column(name = "audit_negative_level")
    int auditNegativeLevel;

    /** Bumped by a bulk update with every membership change; not the version. */
    @Column(name = "groups_stamp")
    long groupsStamp;

    @Column(name = "mss_epoch")
    long mssEpoch;

    @Version
    @Column(name = "update_stamp")
    long updateStamp;
}
