-- Host Group applications (issue 12): many external accounts map to the one Windows account of the application, so
-- (application, Windows account) is no longer unique for them. host_key is '' for every other mapping (which keeps
-- one mapping per account and application) and the external user for a Host Group mapping. H2 spelling of the SQL
-- Server script of the same version.
ALTER TABLE mapping ADD host_key VARCHAR_IGNORECASE(256) DEFAULT '' NOT NULL;
DROP INDEX ux_mapping_windows;
CREATE UNIQUE INDEX ux_mapping_windows ON mapping (application_id, windows_domain, windows_user, host_key);
