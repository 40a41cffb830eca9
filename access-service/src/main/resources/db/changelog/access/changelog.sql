--liquibase formatted sql

--changeset nyckelfri:access-1
CREATE TABLE municipality (
    id   uuid PRIMARY KEY,
    name text NOT NULL UNIQUE
);

CREATE TABLE care_provider (
    id              uuid PRIMARY KEY,
    municipality_id uuid NOT NULL REFERENCES municipality (id),
    name            text NOT NULL,
    kind            text NOT NULL CHECK (kind IN ('MUNICIPAL', 'PRIVATE_LOV', 'NIGHT_PATROL', 'ALARM_RESPONSE')),
    UNIQUE (municipality_id, name)
);

CREATE TABLE care_unit (
    id          uuid PRIMARY KEY,
    provider_id uuid NOT NULL REFERENCES care_provider (id),
    name        text NOT NULL,
    UNIQUE (provider_id, name)
);

CREATE TABLE staff_member (
    id                  uuid PRIMARY KEY,
    pseudonym           text NOT NULL UNIQUE,
    care_unit_id        uuid NOT NULL REFERENCES care_unit (id),
    display_name        text NOT NULL,
    employment_status   text NOT NULL CHECK (employment_status IN ('ACTIVE', 'ENDED')),
    employment_ended_at timestamptz,
    created_at          timestamptz NOT NULL,
    version             bigint NOT NULL DEFAULT 0,
    CHECK ((employment_status = 'ENDED') = (employment_ended_at IS NOT NULL))
);
CREATE INDEX staff_member_unit ON staff_member (care_unit_id);

-- Who may sign in, with which role. The identity provider authenticates; this table authorises.
CREATE TABLE account (
    subject         text PRIMARY KEY,
    pseudonym       text NOT NULL UNIQUE,
    role            text NOT NULL CHECK (role IN ('STAFF', 'MANAGER', 'AUDITOR', 'ADMIN')),
    staff_member_id uuid UNIQUE REFERENCES staff_member (id),
    enabled         boolean NOT NULL DEFAULT true,
    CHECK ((role = 'STAFF') = (staff_member_id IS NOT NULL))
);

CREATE TABLE account_care_unit (
    subject      text NOT NULL REFERENCES account (subject),
    care_unit_id uuid NOT NULL REFERENCES care_unit (id),
    PRIMARY KEY (subject, care_unit_id)
);

-- Residents are pseudonymous. Name and personal identity number are stored only encrypted (AES-GCM, the
-- resident id as associated data); the number also as a keyed hash (HMAC-SHA256) for lookup.
CREATE TABLE resident (
    id             uuid PRIMARY KEY,
    pseudonym      text NOT NULL UNIQUE,
    name_sealed    bytea NOT NULL,
    pin_sealed     bytea NOT NULL,
    pin_lookup     bytea NOT NULL UNIQUE,
    created_at     timestamptz NOT NULL,
    version        bigint NOT NULL DEFAULT 0
);

-- A resident may be served by several units of several providers at once.
CREATE TABLE resident_care_unit (
    resident_id  uuid NOT NULL REFERENCES resident (id),
    care_unit_id uuid NOT NULL REFERENCES care_unit (id),
    PRIMARY KEY (resident_id, care_unit_id)
);
CREATE INDEX resident_care_unit_unit ON resident_care_unit (care_unit_id);

CREATE TABLE consent (
    id                uuid PRIMARY KEY,
    resident_id       uuid NOT NULL REFERENCES resident (id),
    given_by          text NOT NULL CHECK (given_by IN ('RESIDENT', 'GUARDIAN', 'POWER_OF_ATTORNEY')),
    given_on          date NOT NULL,
    recorded_by       text NOT NULL,
    recorded_at       timestamptz NOT NULL,
    withdrawn_at      timestamptz,
    withdrawn_by      text,
    withdrawal_reason text,
    version           bigint NOT NULL DEFAULT 0
);
-- At most one active consent per resident.
CREATE UNIQUE INDEX consent_one_active ON consent (resident_id) WHERE withdrawn_at IS NULL;

CREATE TABLE gateway (
    id              uuid PRIMARY KEY,
    serial          text NOT NULL UNIQUE,
    location        text NOT NULL,
    broker_username text UNIQUE,
    last_seen_at    timestamptz,
    created_at      timestamptz NOT NULL,
    version         bigint NOT NULL DEFAULT 0
);

CREATE TABLE door (
    id         uuid PRIMARY KEY,
    kind       text NOT NULL CHECK (kind IN ('FLAT', 'ENTRANCE')),
    label      text NOT NULL,
    created_at timestamptz NOT NULL,
    version    bigint NOT NULL DEFAULT 0
);

CREATE TABLE door_resident (
    door_id     uuid NOT NULL REFERENCES door (id),
    resident_id uuid NOT NULL REFERENCES resident (id),
    PRIMARY KEY (door_id, resident_id)
);
CREATE INDEX door_resident_resident ON door_resident (resident_id);

CREATE TABLE lock_device (
    id              uuid PRIMARY KEY,
    door_id         uuid NOT NULL REFERENCES door (id),
    vendor          text NOT NULL,
    vendor_lock_id  text NOT NULL,
    public_key      bytea NOT NULL,
    gateway_id      uuid REFERENCES gateway (id),
    state           text NOT NULL CHECK (state IN ('COMMISSIONED', 'ACTIVE', 'DECOMMISSIONED')),
    commissioned_at timestamptz NOT NULL,
    version         bigint NOT NULL DEFAULT 0,
    UNIQUE (vendor, vendor_lock_id)
);
CREATE INDEX lock_device_door ON lock_device (door_id);

CREATE TABLE access_grant (
    id                uuid PRIMARY KEY,
    resident_id       uuid NOT NULL REFERENCES resident (id),
    staff_member_id   uuid REFERENCES staff_member (id),
    care_unit_id      uuid REFERENCES care_unit (id),
    kind              text NOT NULL CHECK (kind IN ('RECURRING', 'ONE_OFF', 'PLANNED_VISIT')),
    valid_from        timestamptz NOT NULL,
    valid_until       timestamptz,
    visit_at          timestamptz,
    tolerance_minutes integer CHECK (tolerance_minutes BETWEEN 0 AND 240),
    purpose           text NOT NULL,
    granted_by        text NOT NULL,
    granted_at        timestamptz NOT NULL,
    revoked_at        timestamptz,
    revoked_by        text,
    revoke_reason     text,
    version           bigint NOT NULL DEFAULT 0,
    CHECK ((staff_member_id IS NULL) <> (care_unit_id IS NULL)),
    CHECK (valid_until IS NULL OR valid_until > valid_from),
    CHECK ((kind = 'PLANNED_VISIT') = (visit_at IS NOT NULL AND tolerance_minutes IS NOT NULL)),
    CHECK (kind <> 'ONE_OFF' OR valid_until IS NOT NULL),
    CHECK ((revoked_at IS NULL) = (revoked_by IS NULL))
);
CREATE INDEX access_grant_resident ON access_grant (resident_id);
CREATE INDEX access_grant_staff ON access_grant (staff_member_id) WHERE staff_member_id IS NOT NULL;

-- Weekly windows of a RECURRING grant, in Europe/Stockholm wall-clock time; end <= start runs past midnight.
CREATE TABLE grant_window (
    grant_id    uuid     NOT NULL REFERENCES access_grant (id),
    day_of_week smallint NOT NULL CHECK (day_of_week BETWEEN 1 AND 7),
    start_time  time     NOT NULL,
    end_time    time     NOT NULL,
    PRIMARY KEY (grant_id, day_of_week, start_time)
);

--changeset nyckelfri:access-2
-- Every receipt a lock signed, kept once per lock and counter, as the lock sent it.
CREATE TABLE lock_receipt (
    lock_id       uuid        NOT NULL REFERENCES lock_device (id),
    counter       bigint      NOT NULL CHECK (counter > 0),
    receipt       bytea       NOT NULL,
    outcome       text        NOT NULL,
    reason        integer     NOT NULL,
    credential_id bytea       NOT NULL,
    audit_index   bigint      NOT NULL,
    received_at   timestamptz NOT NULL,
    PRIMARY KEY (lock_id, counter)
);

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

--changeset nyckelfri:access-3
-- Health as the fleet reports it: a gateway's online state (its retained status, or its last will) and when it was
-- last heard; a lock's battery and clock as its latest receipt says.
ALTER TABLE gateway ADD COLUMN online boolean NOT NULL DEFAULT false;
ALTER TABLE lock_device ADD COLUMN battery_percent integer CHECK (battery_percent BETWEEN 0 AND 100);
ALTER TABLE lock_device ADD COLUMN last_receipt_at timestamptz;

--changeset nyckelfri:access-receipt-audit-index
-- The tamper-evident log assigns indices after the receipt's transaction commits (batched sequencing).
ALTER TABLE lock_receipt ALTER COLUMN audit_index DROP NOT NULL;

--changeset nyckelfri:access-emergency-only-grant
-- Alarm responders and night patrols may open a door in an emergency only: a grant with no visiting windows.
ALTER TABLE access_grant DROP CONSTRAINT access_grant_kind_check;
ALTER TABLE access_grant ADD CONSTRAINT access_grant_kind_check
    CHECK (kind IN ('RECURRING', 'ONE_OFF', 'PLANNED_VISIT', 'EMERGENCY_ONLY'));

--changeset nyckelfri:access-emergency-review
-- A care unit manager's review of one emergency opening (logguppföljning): one per opening, also in the audit log
-- (EMERGENCY_REVIEWED). The opening is named by its EMERGENCY_ACCESS entry's index in the audit log.
CREATE TABLE emergency_review (
    emergency_index bigint PRIMARY KEY,
    lock_id         uuid NOT NULL REFERENCES lock_device (id),
    conclusion      text NOT NULL CHECK (conclusion IN ('JUSTIFIED', 'NOT_JUSTIFIED')),
    reviewed_by     text NOT NULL,
    reviewed_at     timestamptz NOT NULL
);

--changeset nyckelfri:access-service-request
-- A care unit asks to serve a resident already registered by another unit (a new provider under LOV, a night
-- patrol): a unit already serving the resident, or an administrator, decides. Until then the asking unit learns
-- nothing about the resident beyond the fact that the number is registered.
CREATE TABLE resident_service_request (
    id                      uuid PRIMARY KEY,
    resident_id             uuid NOT NULL REFERENCES resident (id),
    care_unit_id            uuid NOT NULL REFERENCES care_unit (id),
    status                  text NOT NULL CHECK (status IN ('PENDING', 'APPROVED', 'DECLINED')),
    requested_by            text NOT NULL,
    requested_at            timestamptz NOT NULL,
    decided_by              text,
    decided_at              timestamptz,
    decision_reason         text,
    version                 bigint NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX resident_service_request_one_pending
    ON resident_service_request (resident_id, care_unit_id) WHERE status = 'PENDING';
CREATE INDEX resident_service_request_by_unit ON resident_service_request (care_unit_id);
CREATE INDEX resident_service_request_by_resident ON resident_service_request (resident_id);

--changeset nyckelfri:access-gateway-care-unit
-- The care unit a gateway was registered for: its address is that unit's (and its locks' residents' units') to read.
ALTER TABLE gateway ADD COLUMN care_unit_id uuid REFERENCES care_unit (id);

--changeset nyckelfri:access-unlock-request-moved
-- Unlock requests by idempotency key belong to the unlocking code (mobile-api), whose own changelog creates them
-- now. The rows are short-lived retry guards, so dropping them at this upgrade loses nothing that matters.
DROP TABLE unlock_request;

--changeset nyckelfri:access-emergency-opening
-- An emergency (break-glass) opening is a fact of its own: written in the same transaction as its EMERGENCY_ACCESS
-- audit entry, then given that entry's index (the review's and the API's key) once the log has placed it, and the
-- id of the credential issued for it once issued. The review pages read these rows, not the log.
CREATE TABLE emergency_opening (
    id              uuid        PRIMARY KEY,
    audit_index     bigint      UNIQUE,
    lock_id         uuid        NOT NULL REFERENCES lock_device (id),
    actor           text        NOT NULL,
    grant_id        uuid,
    cause           text        NOT NULL,
    alarm_reference text,
    opened_at       timestamptz NOT NULL,
    credential_id   bytea
);
CREATE INDEX emergency_opening_opened_at ON emergency_opening (opened_at);

--changeset nyckelfri:access-unlock-record
-- The unlocking module's idempotency records: one per Idempotency-Key, claimed before anything is asked of the lock
-- and finished with the attempt's outcome (UnlockOutcome as JSON, not an HTTP answer), so a retry never issues a
-- second credential and gets the first outcome back.
CREATE TABLE unlock_record (
    idempotency_key text        PRIMARY KEY,
    staff_member_id uuid        NOT NULL REFERENCES staff_member (id),
    lock_id         uuid        NOT NULL,
    state           text        NOT NULL CHECK (state IN ('IN_PROGRESS', 'DONE')),
    outcome         text,
    created_at      timestamptz NOT NULL
);

--changeset nyckelfri:access-published-views runOnChange:true
-- Views a feature module publishes over its own tables (@OwnsTables(views = …) on its package), for the queries of
-- other modules that must stay one indexed lookup: the policy decision, and the care-unit scope of a lock or door.
-- Their columns are a contract; the tables behind them stay their owner's. Read-only for the application role
-- (platform's privileges.sql). PostgreSQL inlines them, so a query through them plans as one over the tables.
CREATE OR REPLACE VIEW lock_status AS SELECT id AS lock_id, state FROM lock_device;
CREATE OR REPLACE VIEW lock_resident AS
    SELECT l.id AS lock_id, l.door_id, dr.resident_id FROM lock_device l JOIN door_resident dr ON dr.door_id = l.door_id;
CREATE OR REPLACE VIEW staff_employment AS SELECT id AS staff_member_id, employment_status, care_unit_id FROM staff_member;
CREATE OR REPLACE VIEW consent_in_force AS SELECT resident_id FROM consent WHERE withdrawn_at IS NULL;
CREATE OR REPLACE VIEW resident_unit AS SELECT resident_id, care_unit_id FROM resident_care_unit;

--changeset nyckelfri:access-emergency-opening-receipt
-- An emergency opening is linked to the lock's receipt about its credential (the first, by counter), written by the
-- receipt ledger when it records the receipt; the review pages read the outcome from here. Filled in for the
-- openings recorded before.
ALTER TABLE emergency_opening ADD COLUMN receipt_counter bigint, ADD COLUMN lock_outcome text;
CREATE INDEX emergency_opening_credential ON emergency_opening (credential_id) WHERE credential_id IS NOT NULL;
UPDATE emergency_opening o SET receipt_counter = r.counter, lock_outcome = r.outcome
FROM (SELECT DISTINCT ON (lock_id, credential_id) lock_id, credential_id, counter, outcome FROM lock_receipt
      ORDER BY lock_id, credential_id, counter) r
WHERE r.lock_id = o.lock_id AND r.credential_id = o.credential_id;

--changeset nyckelfri:access-staff-device
-- Staff phones, by the public key made on the phone (a compressed P-256 point) and the 16-byte id revocation lists
-- name it by. A blocked device stays blocked; offline_until is when the last offline credential issued to it expires.
CREATE TABLE staff_device (
    id              uuid        PRIMARY KEY,
    staff_member_id uuid        NOT NULL REFERENCES staff_member (id),
    name            text        NOT NULL,
    public_key      bytea       NOT NULL UNIQUE CHECK (octet_length(public_key) = 33),
    key_id          bytea       NOT NULL CHECK (octet_length(key_id) = 16),
    registered_at   timestamptz NOT NULL,
    blocked_at      timestamptz,
    blocked_by      text,
    block_reason    text,
    offline_until   timestamptz,
    version         bigint      NOT NULL DEFAULT 0
);
CREATE INDEX staff_device_staff ON staff_device (staff_member_id);

--changeset nyckelfri:access-offline-credential
-- Offline credentials as issued to a device at a sync (each also an audit entry, written before it was signed): what
-- a revocation must reach until it expires, and what an offline receipt's credential id is looked up in.
CREATE TABLE offline_credential (
    credential_id   bytea       PRIMARY KEY CHECK (octet_length(credential_id) = 16),
    device_id       uuid        NOT NULL REFERENCES staff_device (id),
    staff_member_id uuid        NOT NULL REFERENCES staff_member (id),
    lock_id         uuid        NOT NULL REFERENCES lock_device (id),
    grant_id        uuid        NOT NULL,
    resident_id     uuid        NOT NULL,
    not_before      timestamptz NOT NULL,
    expiry          timestamptz NOT NULL,
    issued_at       timestamptz NOT NULL
);
CREATE INDEX offline_credential_grant ON offline_credential (grant_id, expiry);
CREATE INDEX offline_credential_resident ON offline_credential (resident_id, expiry);
CREATE INDEX offline_credential_expiry ON offline_credential (expiry);

--changeset nyckelfri:access-lock-update
-- What locks learn after commissioning. revocation_entry: what a lock must refuse until forget_after (a device key, a
-- grant, a credential); lock_update: each signed version of the revocation list and of the trust anchors, newest
-- last, as sent to locks and carried by phones (with a list's floor, and the issuer key ids trust anchors name).
CREATE TABLE revocation_entry (
    id           uuid        PRIMARY KEY,
    kind         text        NOT NULL CHECK (kind IN ('DEVICE_KEY', 'GRANT', 'CREDENTIAL')),
    target       bytea       NOT NULL CHECK (octet_length(target) = 16),
    forget_after timestamptz NOT NULL,
    reason       text        NOT NULL,
    created_at   timestamptz NOT NULL
);
CREATE INDEX revocation_entry_forget ON revocation_entry (forget_after);
CREATE TABLE lock_update (
    kind       text        NOT NULL CHECK (kind IN ('REVOCATIONS', 'TRUST_ANCHORS')),
    version    bigint      NOT NULL CHECK (version > 0),
    body       bytea       NOT NULL,
    floor      timestamptz,
    entries    integer,
    digest     text,
    key_ids    text,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (kind, version)
);

--changeset nyckelfri:access-lock-receipt-previous-hash
-- The hash of the previous receipt as each receipt names it, so that a broken link in a lock's chain (a receipt
-- that is not the one its successor signed after) is found by a query, next to counter gaps.
ALTER TABLE lock_receipt ADD COLUMN previous_hash bytea;

--changeset nyckelfri:access-offline-policy
-- How long a care unit's offline credentials may be valid, when shorter than the platform's maximum (12 hours): a
-- unit whose shifts are short keeps lost phones' keys short too.
CREATE TABLE offline_policy (
    care_unit_id          uuid        PRIMARY KEY REFERENCES care_unit (id),
    max_validity_minutes  integer     NOT NULL CHECK (max_validity_minutes BETWEEN 15 AND 720),
    changed_by            text        NOT NULL,
    changed_at            timestamptz NOT NULL
);

--changeset nyckelfri:access-deviation
-- A deviation (avvikelse) a staff member reports when a door did not open or behaved oddly, and its follow-up by the
-- managers of the reporter's care unit: acknowledged, an action recorded, closed. The optional note may hold what a
-- person wrote and stays here, never in the audit log (whose entries name the deviation, its cause and each step).
CREATE TABLE deviation (
    id               uuid        PRIMARY KEY,
    care_unit_id     uuid        NOT NULL REFERENCES care_unit (id),
    staff_member_id  uuid        NOT NULL REFERENCES staff_member (id),
    lock_id          uuid        NOT NULL REFERENCES lock_device (id),
    cause            text        NOT NULL CHECK (cause IN ('DOOR_DID_NOT_OPEN', 'DOOR_DID_NOT_LOCK', 'LOCK_BATTERY',
                                                           'BOLT_JAMMED', 'NO_CONNECTION', 'APP_PROBLEM', 'OTHER')),
    note             text        CHECK (char_length(note) <= 500),
    error_code       text        CHECK (error_code ~ '^[A-Z_0-9]{1,40}$'),
    receipt          bytea       CHECK (octet_length(receipt) <= 512),
    receipt_counter  bigint,
    reported_at      timestamptz NOT NULL,
    status           text        NOT NULL CHECK (status IN ('OPEN', 'ACKNOWLEDGED', 'ACTIONED', 'CLOSED')),
    acknowledged_by  text,
    acknowledged_at  timestamptz,
    action           text        CHECK (char_length(action) <= 500),
    actioned_by      text,
    actioned_at      timestamptz,
    closed_by        text,
    closed_at        timestamptz,
    version          bigint      NOT NULL DEFAULT 0
);
CREATE INDEX deviation_unit ON deviation (care_unit_id, status, reported_at);

--changeset nyckelfri:access-staff-employment-pseudonym
-- One pseudonym per person: a staff account takes its staff member's pseudonym, read through the staff feature's view.
CREATE OR REPLACE VIEW staff_employment AS
    SELECT id AS staff_member_id, employment_status, care_unit_id, pseudonym FROM staff_member;

--changeset nyckelfri:access-account-former-pseudonym
-- A staff account's pseudonym before it took its staff member's (PseudonymUnification): rows elsewhere and entries in
-- the log that name the old one still find the account. Each link is also in the log (ACCOUNT_PSEUDONYM_UNIFIED).
CREATE TABLE account_former_pseudonym (
    pseudonym   text        PRIMARY KEY,
    subject     text        NOT NULL REFERENCES account (subject),
    replaced_at timestamptz NOT NULL
);
