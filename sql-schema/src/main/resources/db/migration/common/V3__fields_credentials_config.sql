-- The SSO database, part 3: field info, external credentials and config-store items. Deleting an application
-- cascades to all of them (credentials through their mapping). Encrypted values carry the MSID of the secret that encrypted them,
-- which is what lets two secrets coexist and the re-encryption walk rows "by MSID, after id" in batches.

CREATE TABLE field_info (
    id                  BIGINT          IDENTITY(1,1) NOT NULL CONSTRAINT pk_field_info PRIMARY KEY,
    application_id      BIGINT          NOT NULL CONSTRAINT fk_field_info_application
                            REFERENCES affiliate_application (id) ON DELETE CASCADE,
    ordinal             INT             NOT NULL,
    label               NVARCHAR(256)   NOT NULL,
    masked              BIT             NOT NULL,
    synchronized        BIT             NOT NULL,
    CONSTRAINT ck_field_info_ordinal CHECK (ordinal >= 0)
);
CREATE UNIQUE INDEX ux_field_info ON field_info (application_id, ordinal);

CREATE TABLE external_credential (
    id                  BIGINT          IDENTITY(1,1) NOT NULL CONSTRAINT pk_external_credential PRIMARY KEY,
    mapping_id          BIGINT          NOT NULL CONSTRAINT fk_external_credential_mapping
                            REFERENCES mapping (id) ON DELETE CASCADE,
    field_ordinal       INT             NOT NULL,
    encrypted_value     VARBINARY(MAX)  NOT NULL,
    msid                CHAR(36)        NOT NULL,
    updated_at          DATETIME2       NOT NULL
);
CREATE UNIQUE INDEX ux_external_credential ON external_credential (mapping_id, field_ordinal);
CREATE INDEX ix_external_credential_msid ON external_credential (msid, id);

CREATE TABLE config_item (
    id                  BIGINT          IDENTITY(1,1) NOT NULL CONSTRAINT pk_config_item PRIMARY KEY,
    application_id      BIGINT          NOT NULL CONSTRAINT fk_config_item_application
                            REFERENCES affiliate_application (id) ON DELETE CASCADE,
    identifier          NVARCHAR(256)   NOT NULL,
    encrypted_value     VARBINARY(MAX)  NOT NULL,
    msid                CHAR(36)        NOT NULL,
    updated_at          DATETIME2       NOT NULL
);
CREATE UNIQUE INDEX ux_config_item ON config_item (application_id, identifier);
CREATE INDEX ix_config_item_msid ON config_item (msid, id);
