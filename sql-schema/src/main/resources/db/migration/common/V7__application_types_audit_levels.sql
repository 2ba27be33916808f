-- The SSO database, part 7 (issue 12): application types, the audit levels and the group-membership stamp.
-- Plain T-SQL that runs unchanged on SQL Server and on H2 in MSSQLServer mode.
--
-- app_type holds ENTSSO's SSO_APP_TYPE value: 1 Individual, 2 Group, 4 Config Store, 8 Host Group. Existing rows were
-- all Individual applications. The type is fixed at creation (anchors/entsso.md section 3).
ALTER TABLE affiliate_application ADD app_type INT DEFAULT 1 NOT NULL;
ALTER TABLE affiliate_application ADD CONSTRAINT ck_affiliate_application_type CHECK (app_type IN (1, 2, 4, 8));

-- ENTSSO's positive and negative audit levels, 0 None .. 3 High; defaults 0 and 1 (anchors/entsso.md section 3).
ALTER TABLE global_info ADD audit_positive_level INT DEFAULT 0 NOT NULL;
ALTER TABLE global_info ADD audit_negative_level INT DEFAULT 1 NOT NULL;
ALTER TABLE global_info ADD CONSTRAINT ck_global_info_audit_levels CHECK (audit_positive_level BETWEEN 0 AND 3
    AND audit_negative_level BETWEEN 0 AND 3);

-- Bumped in the same transaction as every change of group_membership: SSO servers that see it move drop every cached
-- decision made on the old membership (their database poll, the fallback of the ZooKeeper signal).
ALTER TABLE global_info ADD groups_stamp BIGINT DEFAULT 0 NOT NULL;
