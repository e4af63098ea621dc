-- Billing: charges as the billing system uploads them (quantity, unit, tariff, grounds), payments
-- with their channel and moment, online payments with their provider, and the webhooks received.

ALTER TABLE charges DROP CONSTRAINT charges_kind_check;
UPDATE charges SET kind = 'regular' WHERE kind = 'charge';
ALTER TABLE charges ADD CONSTRAINT charges_kind_check
    CHECK (kind IN ('regular', 'recalculation', 'penalty'));
ALTER TABLE charges DROP COLUMN external_id;
-- The row's place in its upload, so a statement lists lines as the billing system sent them.
ALTER TABLE charges ADD COLUMN line INTEGER NOT NULL DEFAULT 0;
-- Ten-thousandths of the unit.
ALTER TABLE charges ADD COLUMN quantity BIGINT;
ALTER TABLE charges ADD COLUMN unit TEXT;
ALTER TABLE charges ADD COLUMN tariff_kopecks BIGINT;
ALTER TABLE charges ADD COLUMN comment TEXT;

-- `paid_on` stays the supplier's local date (the statement's month); `paid_at` is the moment.
ALTER TABLE payments ADD COLUMN paid_at TIMESTAMP;
UPDATE payments SET paid_at = paid_on + TIME '09:00';
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
