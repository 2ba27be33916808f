-- The SSO database, part 1: the single global row, SSO servers, secret metadata and the three
-- capped audit tables. Plain T-SQL that runs unchanged on SQL Server and on H2 in MSSQLServer mode.
-- Timestamps are UTC (DATETIME2) and written by the application, so both databases agree on the clock source.

CREATE TABLE global_info (
    id                              INT            NOT NULL CONSTRAINT pk_global_info PRIMARY KEY,
    flags                           INT            NOT NULL,
    sso_enabled                     BIT            NOT NULL,
    audit_app_delete_cap            INT            NOT NULL,
    audit_mapping_delete_cap        INT            NOT NULL,
    audit_ntp_lookup_cap            INT            NOT NULL,
    audit_xp_lookup_cap             INT            NOT NULL,
    ticket_timeout_minutes          INT            NOT NULL,
    cred_cache_timeout_minutes      INT            NOT NULL,
    sso_admin_group                 NVARCHAR(256)  NOT NULL,
    affiliate_admin_group           NVARCHAR(256)  NOT NULL,
    secret_server_name              NVARCHAR(256)  NULL,
    current_msid                    CHAR(36)       NULL,
    reencrypt_state                 VARCHAR(16)    NOT NULL,
    reencrypt_source_msid           CHAR(36)       NULL,
    reencrypt_cursor                VARCHAR(64)    NULL,
    mss_epoch                       BIGINT         NOT NULL,
    update_stamp                    BIGINT         NOT NULL,
    CONSTRAINT ck_global_info_single_row CHECK (id = 1),
    CONSTRAINT ck_global_info_caps CHECK (audit_app_delete_cap > 0 AND audit_mapping_delete_cap > 0
        AND audit_ntp_lookup_cap > 0 AND audit_xp_lookup_cap > 0),
    CONSTRAINT ck_global_info_epoch CHECK (mss_epoch >= 0)
);

-- ENTSSO's initial row: flags 64 (VALIDATE_TICKETS), caps 1000, ticket timeout 2 min, cache timeout 60 min.
INSERT INTO global_info (id, flags, sso_enabled, audit_app_delete_cap, audit_mapping_delete_cap,
    audit_ntp_lookup_cap, audit_xp_lookup_cap, ticket_timeout_minutes, cred_cache_timeout_minutes,
    sso_admin_group, affiliate_admin_group, secret_server_name, current_msid, reencrypt_state,
    reencrypt_source_msid, reencrypt_cursor, mss_epoch, update_stamp)
VALUES (1, 64, 1, 1000, 1000, 1000, 1000, 2, 60,
    N'SSO Administrators', N'SSO Affiliate Administrators', NULL, NULL, 'IDLE',
    NULL, NULL, 0, 0);

CREATE TABLE secret_metadata (
    msid                CHAR(36)       NOT NULL CONSTRAINT pk_secret_metadata PRIMARY KEY,
    created_at          DATETIME2      NOT NULL,
    last_backup_at      DATETIME2      NULL,
    retired             BIT            NOT NULL
);

CREATE TABLE sso_server (
    id                  BIGINT         IDENTITY(1,1) NOT NULL CONSTRAINT pk_sso_server PRIMARY KEY,
    name                NVARCHAR(256)  NOT NULL,
    version             NVARCHAR(64)   NOT NULL,
    last_seen           DATETIME2      NOT NULL,
    status              VARCHAR(16)    NOT NULL
);
CREATE UNIQUE INDEX ux_sso_server_name ON sso_server (name);

-- Audit tables: each is capped as a ring buffer (the newest N rows are kept, N from global_info); the
-- application trims the oldest rows in the same transaction as the insert. Ordered by id (identity).
CREATE TABLE audit_deleted_application (
    id                  BIGINT         IDENTITY(1,1) NOT NULL CONSTRAINT pk_audit_deleted_application PRIMARY KEY,
    application_name    NVARCHAR(260)  NOT NULL,
    deleted_by          NVARCHAR(256)  NOT NULL,
    client_host         NVARCHAR(256)  NULL,
    tracking_id         CHAR(36)       NULL,
    occurred_at         DATETIME2      NOT NULL
);

CREATE TABLE audit_deleted_mapping (
    id                  BIGINT         IDENTITY(1,1) NOT NULL CONSTRAINT pk_audit_deleted_mapping PRIMARY KEY,
    application_name    NVARCHAR(260)  NOT NULL,
    windows_domain      NVARCHAR(15)   NOT NULL,
    windows_user        NVARCHAR(256)  NOT NULL,
    external_user       NVARCHAR(256)  NULL,
    change_kind         VARCHAR(16)    NOT NULL,
    changed_by          NVARCHAR(256)  NOT NULL,
    occurred_at         DATETIME2      NOT NULL
);
-- SSO servers poll "mappings deleted or disabled since T" to invalidate their credential caches.
CREATE INDEX ix_audit_deleted_mapping_time ON audit_deleted_mapping (occurred_at);

CREATE TABLE audit_credential_lookup (
    id                  BIGINT         IDENTITY(1,1) NOT NULL CONSTRAINT pk_audit_credential_lookup PRIMARY KEY,
    lookup_kind         VARCHAR(8)     NOT NULL,
    application_name    NVARCHAR(260)  NOT NULL,
    windows_domain      NVARCHAR(15)   NULL,
    windows_user        NVARCHAR(256)  NULL,
    external_user       NVARCHAR(256)  NULL,
    client_host         NVARCHAR(256)  NULL,
    succeeded           BIT            NOT NULL,
    error_code          INT            NULL,
    occurred_at         DATETIME2      NOT NULL,
    CONSTRAINT ck_audit_credential_lookup_kind CHECK (lookup_kind IN ('NTP', 'XP'))
);
-- The two lookup kinds have separate caps (AuditNtpLookup, AuditXpLookup); trimming walks one kind by id.
CREATE INDEX ix_audit_credential_lookup_kind ON audit_credential_lookup (lookup_kind, id);
