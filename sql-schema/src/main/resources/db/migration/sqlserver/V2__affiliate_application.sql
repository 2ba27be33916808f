-- Affiliate applications (SQL Server). Names are unique case-insensitively whatever the database collation, and
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
