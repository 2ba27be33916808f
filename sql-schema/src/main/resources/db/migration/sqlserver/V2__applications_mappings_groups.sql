-- Affiliate applications, mappings and group membership (SQL Server): the tables whose case-insensitive names are
-- spelled differently on each database. Application names are unique case-insensitively whatever the collation, and
-- stored as typed: the unique index sits on a persisted computed column holding the upper-cased name.
CREATE TABLE affiliate_application (
    id                      BIGINT          IDENTITY(1,1) NOT NULL CONSTRAINT pk_affiliate_application PRIMARY KEY,
    name                    NVARCHAR(260)   NOT NULL,
    name_key                AS UPPER(name) PERSISTED,
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

-- Account names compare case-insensitively whatever the database collation (Windows accounts are; ENTSSO ran on
-- SQL Server's default case-insensitive collation, so external users were too). Stored as typed.
CREATE TABLE mapping (
    id                  BIGINT          IDENTITY(1,1) NOT NULL CONSTRAINT pk_mapping PRIMARY KEY,
    application_id      BIGINT          NOT NULL CONSTRAINT fk_mapping_application
                            REFERENCES affiliate_application (id) ON DELETE CASCADE,
    windows_domain      NVARCHAR(15)    COLLATE Latin1_General_100_CI_AS NOT NULL,
    windows_user        NVARCHAR(256)   COLLATE Latin1_General_100_CI_AS NOT NULL,
    external_user       NVARCHAR(256)   COLLATE Latin1_General_100_CI_AS NOT NULL,
    enabled             BIT             NOT NULL,
    flags               INT             NOT NULL,
    created_at          DATETIME2       NOT NULL,
    updated_at          DATETIME2       NOT NULL
);
-- The primary lookup path (Windows-initiated): application + Windows account -> mapping.
CREATE UNIQUE INDEX ux_mapping_windows ON mapping (application_id, windows_domain, windows_user);
-- Host-initiated lookups: application + external user -> Windows account; also unique per application.
CREATE UNIQUE INDEX ux_mapping_external ON mapping (application_id, external_user);
-- "List my mappings" for a Windows account across applications.
CREATE INDEX ix_mapping_account ON mapping (windows_domain, windows_user);

-- Group membership (principal -> group) until a directory service is wired in; names are case-insensitive.
CREATE TABLE group_membership (
    id                  BIGINT         IDENTITY(1,1) NOT NULL CONSTRAINT pk_group_membership PRIMARY KEY,
    principal_name      NVARCHAR(256)  COLLATE Latin1_General_100_CI_AS NOT NULL,
    group_name          NVARCHAR(256)  COLLATE Latin1_General_100_CI_AS NOT NULL
);
CREATE UNIQUE INDEX ux_group_membership ON group_membership (principal_name, group_name);
CREATE INDEX ix_group_membership_group ON group_membership (group_name);
