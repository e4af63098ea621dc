DROP TABLE sandbox_payments;
DROP TABLE webhook_events;
DROP TABLE online_payments;
ALTER TABLE payments DROP COLUMN paid_at;
CREATE TABLE charges_v1 (
    id             INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    account_id     BIGINT NOT NULL REFERENCES accounts (id),
    period         TEXT NOT NULL,
    service        TEXT NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('charge', 'recalculation', 'penalty')),
    amount_kopecks BIGINT NOT NULL,
    external_id    TEXT CONSTRAINT charges_external_id_key UNIQUE,
    created_at     TIMESTAMP NOT NULL
);
INSERT INTO charges_v1 (id, account_id, period, service, kind, amount_kopecks, created_at)
SELECT id, account_id, period, service,
       CASE kind WHEN 'regular' THEN 'charge' ELSE kind END, amount_kopecks, created_at
FROM charges;
DROP TABLE charges;
ALTER TABLE charges_v1 RENAME TO charges;
CREATE INDEX charges_account_idx ON charges (account_id, period);
