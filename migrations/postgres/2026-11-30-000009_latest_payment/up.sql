-- «Общая информация» shows an account's latest payment: `ORDER BY paid_on DESC, id DESC
-- LIMIT 1`. With the id after the date (and the amount still in the index, for the balance
-- sums) the newest entry is the index's last one for the account: no sort of every payment of
-- the account per page view (a sixth of the page's query in scripts/bench-statement).
DROP INDEX payments_account_idx;
CREATE INDEX payments_account_idx ON payments (account_id, paid_on, id, amount_kopecks);
