-- Utility accounts: per-house reading windows, links between users and accounts, office link
-- codes, owner changes, and the charges and payments the balance is computed from.
ALTER TABLE houses ADD COLUMN reading_window_start INTEGER;
ALTER TABLE houses ADD COLUMN reading_window_end INTEGER;

CREATE INDEX accounts_status_idx ON accounts (status);

CREATE TABLE account_links (
    id                BIGSERIAL PRIMARY KEY,
    account_id        BIGINT NOT NULL REFERENCES accounts (id),
    user_id           BIGINT NOT NULL REFERENCES users (id),
    as_family_member  BOOLEAN NOT NULL,
    linked_at         TIMESTAMP NOT NULL,
    unlinked_at       TIMESTAMP,
    unlink_reason     TEXT,
    unlink_note       TEXT,
    unlinked_by       BIGINT
);
CREATE UNIQUE INDEX account_links_active_key ON account_links (account_id, user_id) WHERE unlinked_at IS NULL;
CREATE INDEX account_links_user_idx ON account_links (user_id) WHERE unlinked_at IS NULL;

-- Stored as a keyed hash; a new code voids the previous one; 5 wrong tries lock it.
CREATE TABLE link_codes (
    id              BIGSERIAL PRIMARY KEY,
    account_id      BIGINT NOT NULL REFERENCES accounts (id),
    code_hash       TEXT NOT NULL,
    issued_by       BIGINT REFERENCES users (id),
    created_at      TIMESTAMP NOT NULL,
    expires_at      TIMESTAMP NOT NULL,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    used_at         TIMESTAMP,
    used_by         BIGINT,
    voided_at       TIMESTAMP,
    locked_at       TIMESTAMP
);
CREATE INDEX link_codes_account_idx ON link_codes (account_id, id);

-- Failed link attempts per user, for throttling.
CREATE TABLE link_failures (
    id      BIGSERIAL PRIMARY KEY,
    user_id BIGINT NOT NULL,
    at      TIMESTAMP NOT NULL
);
CREATE INDEX link_failures_user_idx ON link_failures (user_id, at);

-- Idempotency of owner changes reported by the billing system.
CREATE TABLE owner_changes (
    id             BIGSERIAL PRIMARY KEY,
    account_id     BIGINT NOT NULL REFERENCES accounts (id),
    new_owner_name TEXT NOT NULL,
    effective_date DATE NOT NULL,
    created_at     TIMESTAMP NOT NULL,
    CONSTRAINT owner_changes_key UNIQUE (account_id, new_owner_name, effective_date)
);

-- Meters on an account: one meter, one service. Readings arrive with their own migration.
CREATE TABLE meters (
    id               BIGSERIAL PRIMARY KEY,
    account_id       BIGINT NOT NULL REFERENCES accounts (id),
    external_id      TEXT NOT NULL CONSTRAINT meters_external_id_key UNIQUE,
    service          TEXT NOT NULL CHECK (service IN ('hot_water', 'heating')),
    serial_number    TEXT NOT NULL,
    decimal_places   INTEGER NOT NULL CHECK (decimal_places BETWEEN 0 AND 6),
    verification_due DATE NOT NULL,
    installed_on     DATE,
    removed_on       DATE
);
CREATE INDEX meters_account_idx ON meters (account_id);

-- Money is integer kopecks. Recalculations and penalties are charges (kind).
CREATE TABLE charges (
    id             BIGSERIAL PRIMARY KEY,
    account_id     BIGINT NOT NULL REFERENCES accounts (id),
    period         TEXT NOT NULL,
    service        TEXT NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('charge', 'recalculation', 'penalty')),
    amount_kopecks BIGINT NOT NULL,
    external_id    TEXT CONSTRAINT charges_external_id_key UNIQUE,
    created_at     TIMESTAMP NOT NULL
);
CREATE INDEX charges_account_idx ON charges (account_id, period);

CREATE TABLE payments (
    id             BIGSERIAL PRIMARY KEY,
    account_id     BIGINT NOT NULL REFERENCES accounts (id),
    paid_on        DATE NOT NULL,
    amount_kopecks BIGINT NOT NULL CHECK (amount_kopecks > 0),
    source         TEXT NOT NULL,
    external_id    TEXT CONSTRAINT payments_external_id_key UNIQUE,
    created_at     TIMESTAMP NOT NULL
);
CREATE INDEX payments_account_idx ON payments (account_id, paid_on);
