-- The statement of an account is served from a cache of rendered statements (see
-- `http::billing::statement_cache`) while its charges and payments stay as they were.
-- `version` tells: every statement writing an account's charges or payments moves it on, in
-- the same transaction, from the same triggers that keep the totals (they already fire on any
-- UPDATE). A new row starts at 1, so "no row yet" (read as 0) differs from any state that has
-- one.
ALTER TABLE account_totals ADD COLUMN version BIGINT NOT NULL DEFAULT 1;

CREATE OR REPLACE FUNCTION account_totals_follow() RETURNS TRIGGER LANGUAGE plpgsql AS $$
DECLARE
    col TEXT := CASE TG_TABLE_NAME WHEN 'charges' THEN 'charged_kopecks' ELSE 'paid_kopecks' END;
    upsert CONSTANT TEXT := 'INSERT INTO account_totals AS t (account_id, %1$I)
        SELECT account_id, %2$s SUM(amount_kopecks) FROM %3$I GROUP BY account_id ORDER BY account_id
        ON CONFLICT (account_id) DO UPDATE SET %1$I = t.%1$I + EXCLUDED.%1$I,
            version = t.version + 1';
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        EXECUTE format('UPDATE account_totals SET %1$I = 0, version = version + 1', col);
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
