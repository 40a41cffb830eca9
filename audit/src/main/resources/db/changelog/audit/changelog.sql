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

--changeset nyckelfri:audit-4
-- The tamper-evident log replaces the foundation's table (docs/design/audit-log.md).
DROP TABLE audit_record;
DROP TABLE audit_head;

-- The log itself: each entry's exact hashed bytes, and copies of its searchable fields (never trusted by fsck).
CREATE TABLE audit_entry (
    idx          bigint      PRIMARY KEY CHECK (idx >= 0),
    entry        bytea       NOT NULL CHECK (octet_length(entry) <= 65535),
    recorded_at  timestamptz NOT NULL,
    type         text        NOT NULL,
    actor        text        NOT NULL,
    subject_kind text        NOT NULL,
    subject_id   text        NOT NULL,
    outcome      text        NOT NULL
);
CREATE INDEX audit_entry_subject ON audit_entry (subject_kind, subject_id, idx);
CREATE INDEX audit_entry_actor ON audit_entry (actor, idx);
CREATE INDEX audit_entry_type ON audit_entry (type, idx);

-- Full tiles of the Merkle tree (C2SP tlog-tiles); partial tiles are derived from these and the entries.
CREATE TABLE audit_tile (
    level  smallint NOT NULL CHECK (level BETWEEN 0 AND 63),
    idx    bigint   NOT NULL CHECK (idx >= 0),
    hashes bytea    NOT NULL CHECK (octet_length(hashes) = 8192),
    PRIMARY KEY (level, idx)
);

-- Every checkpoint the log published, with the witness's cosignature.
CREATE TABLE audit_checkpoint (
    size         bigint      PRIMARY KEY CHECK (size >= 0),
    note         text        NOT NULL,
    published_at timestamptz NOT NULL
);

-- Transactional outbox: events appended inside a caller's transaction wait here (committed with the caller's
-- change) until the sequencer gives them an index and moves them into audit_entry.
CREATE TABLE audit_pending (
    id         bigserial   PRIMARY KEY,
    event      text        NOT NULL,
    created_at timestamptz NOT NULL
);

-- Personal data stays out of entries: openings of their commitments, sealed with a per-resident key, and a
-- search index by resident. Both are erased with the resident's key.
CREATE TABLE audit_resident_key (
    resident   text        PRIMARY KEY,
    wrapped    bytea       NOT NULL,
    created_at timestamptz NOT NULL
);
CREATE TABLE audit_opening (
    idx      bigint   NOT NULL,
    position smallint NOT NULL,
    resident text     NOT NULL,
    sealed   bytea    NOT NULL,
    PRIMARY KEY (idx, position)
);
CREATE INDEX audit_opening_resident ON audit_opening (resident);
CREATE TABLE audit_resident_ref (
    resident text   NOT NULL,
    idx      bigint NOT NULL,
    PRIMARY KEY (resident, idx)
);

--changeset nyckelfri:audit-5
CREATE TRIGGER audit_entry_no_update BEFORE UPDATE OR DELETE ON audit_entry
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_entry
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_tile_no_update BEFORE UPDATE OR DELETE ON audit_tile
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_tile_no_truncate BEFORE TRUNCATE ON audit_tile
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_checkpoint_no_update BEFORE UPDATE OR DELETE ON audit_checkpoint
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_checkpoint_no_truncate BEFORE TRUNCATE ON audit_checkpoint
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();

--changeset nyckelfri:audit-6 splitStatements:false
CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;

--changeset nyckelfri:audit-7 splitStatements:false
-- Search columns as 64-bit fingerprints (first 8 bytes of SHA-256) instead of copies of the text: the entry holds
-- the text already, and fingerprints keep the row and its indexes small (docs/benchmarks.md, bytes per entry).
ALTER TABLE audit_entry ADD COLUMN actor_key bigint, ADD COLUMN subject_key bigint;
ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_no_update;
UPDATE audit_entry SET
    actor_key = ('x' || encode(substr(sha256(convert_to(actor, 'UTF8')), 1, 8), 'hex'))::bit(64)::bigint,
    subject_key = ('x' || encode(substr(sha256(convert_to(subject_id, 'UTF8')), 1, 8), 'hex'))::bit(64)::bigint;
ALTER TABLE audit_entry ENABLE TRIGGER audit_entry_no_update;
ALTER TABLE audit_entry ALTER COLUMN actor_key SET NOT NULL, ALTER COLUMN subject_key SET NOT NULL;
DROP INDEX audit_entry_subject;
DROP INDEX audit_entry_actor;
ALTER TABLE audit_entry DROP COLUMN actor, DROP COLUMN subject_id;
CREATE INDEX audit_entry_subject_key ON audit_entry (subject_key, idx);
CREATE INDEX audit_entry_actor_key ON audit_entry (actor_key, idx);
