--liquibase formatted sql

--changeset nyckelfri:issuer-1
-- Every credential the issuer signed, exactly as signed (COSE_Sign1), kept so that an auditor can check its signature
-- with the published issuer key and its payload against the SHA-256 its CREDENTIAL_ISSUED entry recorded before it
-- was signed (docs/design/audit-log.md, "Checking an opening by hand"). Written after signing, before the credential
-- leaves the issuer; never changed (platform/privileges.sql).
CREATE TABLE issued_credential (
    credential_id bytea       PRIMARY KEY CHECK (octet_length(credential_id) = 16),
    lock_id       uuid        NOT NULL,
    credential    bytea       NOT NULL CHECK (octet_length(credential) <= 256),
    key_id        text        NOT NULL,
    issued_at     timestamptz NOT NULL
);
CREATE INDEX issued_credential_lock ON issued_credential (lock_id, issued_at);

--changeset nyckelfri:issuer-2
-- When each credential stops being valid, so that an issuer key is retired only after the last credential it signed
-- has expired (docs/design/key-issuer.md). Null for credentials kept before this column: their issuer key counts them
-- as valid for the platform's longest lifetime after issue.
ALTER TABLE issued_credential ADD COLUMN expires_at timestamptz;
CREATE INDEX issued_credential_key ON issued_credential (key_id, expires_at);
