DROP INDEX charges_account_idx;
CREATE INDEX charges_account_idx ON charges (account_id, period);
DROP INDEX payments_account_idx;
CREATE INDEX payments_account_idx ON payments (account_id, paid_on);
