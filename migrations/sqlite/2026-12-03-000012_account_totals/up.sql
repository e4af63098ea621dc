-- An account's balance (charges − payments) is read on every «Общая информация», dashboard and
-- statement. Summing an account's charges and payments on each read costs a hundred index
-- entries per request after three years; `account_totals` keeps the two sums, and triggers keep
-- them right whoever writes (the API, the sqlite3 shell, a benchmark's SQL). SQLite has one
-- writer at a time, so row triggers cannot deadlock.
CREATE TABLE account_totals (
    account_id      INTEGER PRIMARY KEY NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
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

CREATE TRIGGER charges_totals_insert AFTER INSERT ON charges BEGIN
    INSERT INTO account_totals (account_id, charged_kopecks) VALUES (NEW.account_id, NEW.amount_kopecks)
    ON CONFLICT (account_id) DO UPDATE SET charged_kopecks = charged_kopecks + excluded.charged_kopecks;
END;
CREATE TRIGGER charges_totals_delete AFTER DELETE ON charges BEGIN
    UPDATE account_totals SET charged_kopecks = charged_kopecks - OLD.amount_kopecks
    WHERE account_id = OLD.account_id;
END;
CREATE TRIGGER charges_totals_update AFTER UPDATE OF account_id, amount_kopecks ON charges BEGIN
    UPDATE account_totals SET charged_kopecks = charged_kopecks - OLD.amount_kopecks
    WHERE account_id = OLD.account_id;
    INSERT INTO account_totals (account_id, charged_kopecks) VALUES (NEW.account_id, NEW.amount_kopecks)
    ON CONFLICT (account_id) DO UPDATE SET charged_kopecks = charged_kopecks + excluded.charged_kopecks;
END;

CREATE TRIGGER payments_totals_insert AFTER INSERT ON payments BEGIN
    INSERT INTO account_totals (account_id, paid_kopecks) VALUES (NEW.account_id, NEW.amount_kopecks)
    ON CONFLICT (account_id) DO UPDATE SET paid_kopecks = paid_kopecks + excluded.paid_kopecks;
END;
CREATE TRIGGER payments_totals_delete AFTER DELETE ON payments BEGIN
    UPDATE account_totals SET paid_kopecks = paid_kopecks - OLD.amount_kopecks
    WHERE account_id = OLD.account_id;
END;
CREATE TRIGGER payments_totals_update AFTER UPDATE OF account_id, amount_kopecks ON payments BEGIN
    UPDATE account_totals SET paid_kopecks = paid_kopecks - OLD.amount_kopecks
    WHERE account_id = OLD.account_id;
    INSERT INTO account_totals (account_id, paid_kopecks) VALUES (NEW.account_id, NEW.amount_kopecks)
    ON CONFLICT (account_id) DO UPDATE SET paid_kopecks = paid_kopecks + excluded.paid_kopecks;
END;
