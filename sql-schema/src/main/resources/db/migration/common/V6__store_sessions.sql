-- The SSO database, part 6: which node opened which database session (issue 9 item 6, DESIGN.md decision 3).
-- A new master secret server ends the deposed owner's sessions when it takes over, so that a frozen owner (SIGSTOP, a
-- long GC pause) cannot keep row locks until it wakes. SQL Server names the node in each session's program_name (the
-- driver's applicationName), but H2 has no such tag, so on H2 every pooled connection records its own session id
-- here when it opens, with the session's start time (session ids are reused after an H2 restart; the start time tells
-- a live session from a stale row). Rows of closed sessions are deleted by the next takeover. Plain T-SQL that runs
-- unchanged on SQL Server and on H2 in MSSQLServer mode; SQL Server leaves the table empty.

CREATE TABLE store_session (
    session_id          INT             NOT NULL CONSTRAINT pk_store_session PRIMARY KEY,
    session_start       VARCHAR(64)     NOT NULL,
    node_name           NVARCHAR(256)   NOT NULL,
    incarnation         CHAR(36)        NOT NULL
);
CREATE INDEX ix_store_session_node_name ON store_session (node_name);
