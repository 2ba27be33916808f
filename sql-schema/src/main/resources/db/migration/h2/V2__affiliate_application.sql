-- Affiliate applications (H2). Same columns as the SQL Server script; H2 spells the computed column as a
-- generated column. The unique index on the upper-cased name makes names unique case-insensitively.
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
