--liquibase formatted sql

--changeset nyckelfri:mobile-1
-- Unlock requests by idempotency key: a retry with the same key never issues a second credential.
CREATE TABLE unlock_request (
    idempotency_key text        PRIMARY KEY,
    staff_member_id uuid        NOT NULL REFERENCES staff_member (id),
    lock_id         uuid        NOT NULL,
    state           text        NOT NULL CHECK (state IN ('IN_PROGRESS', 'DONE')),
    http_status     integer,
    response        text,
    created_at      timestamptz NOT NULL
);

--changeset nyckelfri:mobile-unlock-request-moved
-- Unlocking is a module of its own in access-service now, which keeps its idempotency records as outcomes
-- (unlock_record) rather than HTTP answers. The rows are short-lived retry guards: dropping them at this upgrade
-- loses nothing that matters.
DROP TABLE unlock_request;
