-- The SSO database, part 4: the request ids of applied writes (sso-server/docs/api.md, "Writes and request ids").
-- The server that applies a write records its request id in the same transaction, so a client that retries with the
-- same id after a lost answer is told "done" instead of applying the write twice. Rows older than 24 h are pruned by
-- the writer. Plain T-SQL that runs unchanged on SQL Server and on H2 in MSSQLServer mode.

CREATE TABLE write_request (
    request_id          CHAR(36)        NOT NULL CONSTRAINT pk_write_request PRIMARY KEY,
    principal           NVARCHAR(256)   NOT NULL,
    operation           VARCHAR(32)     NOT NULL,
    applied_at          DATETIME2       NOT NULL
);
CREATE INDEX ix_write_request_applied_at ON write_request (applied_at);
