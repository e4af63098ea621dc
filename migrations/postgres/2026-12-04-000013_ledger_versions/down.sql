CREATE OR REPLACE FUNCTION account_totals_follow() RETURNS TRIGGER LANGUAGE plpgsql AS $$
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

ALTER TABLE account_totals DROP COLUMN version;
