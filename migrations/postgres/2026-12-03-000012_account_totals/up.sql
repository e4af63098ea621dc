-- An account's balance (charges − payments) is read on every «Общая информация», dashboard and
-- statement. Summing an account's charges and payments on each read costs a hundred index
-- entries per request after three years; `account_totals` keeps the two sums, and triggers keep
-- them right whoever writes (the API, `psql`, `kabinet export-to-postgres`, a benchmark's SQL).
--
-- Statement-level triggers with transition tables: a charges upload of 10 000 rows updates each
-- account's totals once per statement, not once per row. Rows are upserted in account order, and
-- a charges batch locks its accounts' totals in that order before it writes (see
-- `charge::replace_period`), so concurrent uploads and payments cannot deadlock on them.
CREATE TABLE account_totals (
    account_id      BIGINT PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    charged_kopecks BIGINT NOT NULL DEFAULT 0,
    paid_kopecks    BIGINT NOT NULL DEFAULT 0
);

INSERT INTO account_totals (account_id, charged_kopecks, paid_kopecks)
SELECT a.id,
       COALESCE((SELECT SUM(amount_kopecks) FROM charges c WHERE c.account_id = a.id), 0),
       COALESCE((SELECT SUM(amount_kopecks) FROM payments p WHERE p.account_id = a.id), 0)
FROM accounts a
WHERE EXISTS (SELECT 1 FROM charges c WHERE c.account_id = a.id)
   OR EXISTS (SELECT 1 FROM payments p WHERE p.account_id = a.id);

-- One function for both tables: the column follows the table. The transition tables are
-- visible to this function's own statements (EXECUTE included), not to functions it calls.
CREATE FUNCTION account_totals_follow() RETURNS TRIGGER LANGUAGE plpgsql AS $$
DECLARE
    col TEXT := CASE TG_TABLE_NAME WHEN 'charges' THEN 'charged_kopecks' ELSE 'paid_kopecks' END;
    upsert CONSTANT TEXT := 'INSERT INTO account_totals AS t (account_id, %1$I)
        SELECT account_id, %2$s SUM(amount_kopecks) FROM %3$I GROUP BY account_id ORDER BY account_id
        ON CONFLICT (account_id) DO UPDATE SET %1$I = t.%1$I + EXCLUDED.%1$I';
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        EXECUTE format('UPDATE account_totals SET %1$I = 0 WHERE %1$I <> 0', col);
        RETURN NULL;
    END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        EXECUTE format(upsert, col, '-', 'old_rows');
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        EXECUTE format(upsert, col, '', 'new_rows');
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER charges_totals_insert AFTER INSERT ON charges
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION account_totals_follow();
CREATE TRIGGER charges_totals_delete AFTER DELETE ON charges
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION account_totals_follow();
CREATE TRIGGER charges_totals_update AFTER UPDATE ON charges
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION account_totals_follow();
CREATE TRIGGER charges_totals_truncate AFTER TRUNCATE ON charges
    FOR EACH STATEMENT EXECUTE FUNCTION account_totals_follow();

CREATE TRIGGER payments_totals_insert AFTER INSERT ON payments
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION account_totals_follow();
CREATE TRIGGER payments_totals_delete AFTER DELETE ON payments
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION account_totals_follow();
CREATE TRIGGER payments_totals_update AFTER UPDATE ON payments
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION account_totals_follow();
CREATE TRIGGER payments_totals_truncate AFTER TRUNCATE ON payments
    FOR EACH STATEMENT EXECUTE FUNCTION account_totals_follow();
