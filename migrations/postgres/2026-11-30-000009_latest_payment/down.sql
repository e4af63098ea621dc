DROP INDEX payments_account_idx;
CREATE INDEX payments_account_idx ON payments (account_id, paid_on, amount_kopecks);
