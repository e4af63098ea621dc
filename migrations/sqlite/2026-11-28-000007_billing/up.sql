-- Billing: charges as the billing system uploads them (quantity, unit, tariff, grounds), payments
-- with their channel and moment, online payments with their provider, and the webhooks received.

-- A CHECK cannot change in SQLite: the charges table is rebuilt (kind `charge` → `regular`).
CREATE TABLE charges_v2 (
    id             INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    account_id     BIGINT NOT NULL REFERENCES accounts (id),
    period         TEXT NOT NULL,
    -- The row's place in its upload, so a statement lists lines as the billing system sent them.
    line           INTEGER NOT NULL DEFAULT 0,
    service        TEXT NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('regular', 'recalculation', 'penalty')),
    -- Ten-thousandths of the unit.
    quantity       BIGINT,
    unit           TEXT,
    tariff_kopecks BIGINT,
    amount_kopecks BIGINT NOT NULL,
    comment        TEXT,
    created_at     TIMESTAMP NOT NULL
);
INSERT INTO charges_v2 (id, account_id, period, service, kind, amount_kopecks, created_at)
SELECT id, account_id, period, service,
       CASE kind WHEN 'charge' THEN 'regular' ELSE kind END, amount_kopecks, created_at
FROM charges;
DROP TABLE charges;
ALTER TABLE charges_v2 RENAME TO charges;
CREATE INDEX charges_account_idx ON charges (account_id, period);

-- `paid_on` stays the supplier's local date (the statement's month); `paid_at` is the moment.
ALTER TABLE payments ADD COLUMN paid_at TIMESTAMP;
UPDATE payments SET paid_at = paid_on || ' 09:00:00';
UPDATE payments SET source = 'office' WHERE source NOT IN ('bank', 'office', 'agent', 'online');

-- Payments started in Kabinet. The id is random and unguessable (it is in the provider's URL).
CREATE TABLE online_payments (
    id             TEXT PRIMARY KEY NOT NULL,
    account_id     BIGINT NOT NULL REFERENCES accounts (id),
    user_id        BIGINT NOT NULL REFERENCES users (id),
    amount_kopecks BIGINT NOT NULL CHECK (amount_kopecks > 0),
    status         TEXT NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
    provider       TEXT NOT NULL,
    provider_ref   TEXT,
    -- 54-FZ receipt data handed to the provider.
    receipt_contact TEXT NOT NULL,
    receipt_item   TEXT NOT NULL,
    vat            TEXT NOT NULL,
    created_at     TIMESTAMP NOT NULL,
    completed_at   TIMESTAMP,
    checked_at     TIMESTAMP
);
CREATE INDEX online_payments_user_idx ON online_payments (user_id, created_at);
CREATE INDEX online_payments_pending_idx ON online_payments (created_at) WHERE status = 'pending';

-- Each provider event once: a repeat finds its row and changes nothing.
CREATE TABLE webhook_events (
    provider    TEXT NOT NULL,
    event_id    TEXT NOT NULL,
    payment_id  TEXT NOT NULL,
    status      TEXT NOT NULL,
    received_at TIMESTAMP NOT NULL,
    PRIMARY KEY (provider, event_id)
);

-- The built-in sandbox provider's own side: what the payer chose on its page.
CREATE TABLE sandbox_payments (
    payment_id     TEXT PRIMARY KEY NOT NULL,
    amount_kopecks BIGINT NOT NULL,
    outcome        TEXT CHECK (outcome IN ('succeeded', 'failed')),
    event_id       TEXT,
    created_at     TIMESTAMP NOT NULL,
    decided_at     TIMESTAMP
);
