--liquibase formatted sql

--changeset nyckelfri:privileges runAlways:true splitStatements:false
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:1 SELECT count(*) FROM pg_roles WHERE rolname = 'nyckelfri_app'
-- The application role may read and write the ordinary tables, but may only INSERT into the audit log's own
-- tables: no UPDATE, DELETE or TRUNCATE, whatever the triggers say (docs/design/audit-log.md). Re-applied on every
-- start so that tables added later are covered. Skipped when the role does not exist (an external database whose
-- operator manages roles; the same grants are what it should give).
GRANT USAGE ON SCHEMA public TO nyckelfri_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO nyckelfri_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO nyckelfri_app;
REVOKE UPDATE, DELETE, TRUNCATE ON audit_entry, audit_tile, audit_checkpoint FROM nyckelfri_app;
-- A review of an emergency opening, once drawn, stands (docs/design/access-control.md).
REVOKE UPDATE, DELETE, TRUNCATE ON emergency_review FROM nyckelfri_app;
-- A signed version of what locks learn, once kept, stands: a newer one follows it (docs/design/offline.md).
REVOKE UPDATE, DELETE, TRUNCATE ON lock_update FROM nyckelfri_app;
-- A credential, once signed and kept, stands: it is the evidence an auditor checks against the log.
REVOKE UPDATE, DELETE, TRUNCATE ON issued_credential FROM nyckelfri_app;
-- The views feature modules publish for one another (access-service's changelog) are read-only.
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON lock_status, lock_resident, staff_employment, consent_in_force, resident_unit
    FROM nyckelfri_app;
REVOKE ALL ON databasechangelog, databasechangeloglock FROM nyckelfri_app;
