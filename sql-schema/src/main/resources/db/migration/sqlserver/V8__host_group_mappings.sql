-- Host Group applications (issue 12): many external accounts map to the one Windows account of the application, so
-- (application, Windows account) is no longer unique for them. host_key is '' for every other mapping (which keeps
-- one mapping per account and application) and the external user for a Host Group mapping; case-insensitive like
-- external_user.
ALTER TABLE mapping ADD host_key NVARCHAR(256) COLLATE Latin1_General_100_CI_AS
    CONSTRAINT df_mapping_host_key DEFAULT N'' NOT NULL;
DROP INDEX ux_mapping_windows ON mapping;
CREATE UNIQUE INDEX ux_mapping_windows ON mapping (application_id, windows_domain, windows_user, host_key);
