-- Affiliate applications, mappings and group membership (H2). Same tables as the SQL Server script; H2 spells the
-- computed column as a generated column and the case-insensitive account names as VARCHAR_IGNORECASE. The unique
-- index on the upper-cased application name makes names unique case-insensitively.
CREATE TABLE affiliate_application (
    id                      BIGINT          IDENTITY(1,1) NOT NULL CONSTRAINT pk_affiliate_application PRIMARY KEY,
    name                    NVARCHAR(260)   NOT NULL,
    name_key                NVARCHAR(260)   GENERATED ALWAYS AS (UPPER(name)),
    description             NVARCHAR(1024)  NULL,
    contact                 NVARCHAR(256)   NULL,
    user_groups             NVARCHAR(1024)  NOT NULL,
    admin_groups            NVARCHAR(1024)  NOT NULL,
    flags                   INT             NOT NULL,
    num_fields              INT             NOT NULL,
    ticket_timeout_minutes  INT             NULL,
    purge_id                CHAR(36)        NOT NULL,
    created_at              DATETIME2       NOT NULL,
    updated_at              DATETIME2       NOT NULL,
    CONSTRAINT ck_affiliate_application_fields CHECK (num_fields >= 1)
);
CREATE UNIQUE INDEX ux_affiliate_application_name ON affiliate_application (name_key);

-- Account names compare case-insensitively (VARCHAR_IGNORECASE), as on SQL Server with the explicit CI collation.
CREATE TABLE mapping (
    id                  BIGINT                    IDENTITY(1,1) NOT NULL CONSTRAINT pk_mapping PRIMARY KEY,
    application_id      BIGINT                    NOT NULL CONSTRAINT fk_mapping_application
                            REFERENCES affiliate_application (id) ON DELETE CASCADE,
    windows_domain      VARCHAR_IGNORECASE(15)    NOT NULL,
    windows_user        VARCHAR_IGNORECASE(256)   NOT NULL,
    external_user       VARCHAR_IGNORECASE(256)   NOT NULL,
    enabled             BIT                       NOT NULL,
    flags               INT                       NOT NULL,
    created_at          DATETIME2                 NOT NULL,
    updated_at          DATETIME2                 NOT NULL
);
CREATE UNIQUE INDEX ux_mapping_windows ON mapping (application_id, windows_domain, windows_user);
CREATE UNIQUE INDEX ux_mapping_external ON mapping (application_id, external_user);
CREATE INDEX ix_mapping_account ON mapping (windows_domain, windows_user);

CREATE TABLE group_membership (
    id                  BIGINT                    IDENTITY(1,1) NOT NULL CONSTRAINT pk_group_membership PRIMARY KEY,
    principal_name      VARCHAR_IGNORECASE(256)   NOT NULL,
    group_name          VARCHAR_IGNORECASE(256)   NOT NULL
);
CREATE UNIQUE INDEX ux_group_membership ON group_membership (principal_name, group_name);
CREATE INDEX ix_group_membership_group ON group_membership (group_name);
