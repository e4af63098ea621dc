DROP TABLE sandbox_payments;
DROP TABLE webhook_events;
DROP TABLE online_payments;
ALTER TABLE payments DROP COLUMN paid_at;
ALTER TABLE charges DROP COLUMN comment;
ALTER TABLE charges DROP COLUMN tariff_kopecks;
ALTER TABLE charges DROP COLUMN unit;
ALTER TABLE charges DROP COLUMN quantity;
ALTER TABLE charges DROP COLUMN line;
ALTER TABLE charges ADD COLUMN external_id TEXT CONSTRAINT charges_external_id_key UNIQUE;
ALTER TABLE charges DROP CONSTRAINT charges_kind_check;
UPDATE charges SET kind = 'charge' WHERE kind = 'regular';
ALTER TABLE charges ADD CONSTRAINT charges_kind_check
    CHECK (kind IN ('charge', 'recalculation', 'penalty'));
