--liquibase formatted sql

--changeset nyckelfri:audit-1
CREATE TABLE audit_head (
    id         smallint PRIMARY KEY CHECK (id = 1),
    next_index bigint   NOT NULL CHECK (next_index >= 0)
);
INSERT INTO audit_head (id, next_index) VALUES (1, 0);

CREATE TABLE audit_record (
    idx          bigint      PRIMARY KEY CHECK (idx >= 0),
    recorded_at  timestamptz NOT NULL,
    type         text        NOT NULL,
    actor        text        NOT NULL,
    subject_kind text        NOT NULL,
    subject_id   text        NOT NULL,
    outcome      text        NOT NULL,
    reason       text,
    attributes   jsonb       NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX audit_record_subject ON audit_record (subject_kind, subject_id, idx);
CREATE INDEX audit_record_type ON audit_record (type, idx);
CREATE INDEX audit_record_actor ON audit_record (actor, idx);

--changeset nyckelfri:audit-2 splitStatements:false
-- Records are append-only: the application may insert, never change or remove.
CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_record is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;

--changeset nyckelfri:audit-3
CREATE TRIGGER audit_record_no_update BEFORE UPDATE OR DELETE ON audit_record
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_record_no_truncate BEFORE TRUNCATE ON audit_record
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
