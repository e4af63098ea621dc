-- The balance is a sum over an account's charges and payments, read on every «Общая
-- информация» and statement. With the amount in the index those sums read the index alone
-- instead of visiting every row of the table (the biggest cost of GET /accounts/{number} in
-- scripts/bench-statement before).
DROP INDEX charges_account_idx;
CREATE INDEX charges_account_idx ON charges (account_id, period, amount_kopecks);
DROP INDEX payments_account_idx;
CREATE INDEX payments_account_idx ON payments (account_id, paid_on, amount_kopecks);
