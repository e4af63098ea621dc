-- The statement of an account is served from a cache of rendered statements (see
-- `http::billing::statement_cache`) while its charges and payments stay as they were.
-- `version` tells: every write to an account's charges or payments moves it on, in the same
-- transaction, whoever writes (the same triggers as the totals, now on any UPDATE, a comment
-- edit included). A new row starts at 1, so "no row yet" (read as 0) differs from any state
-- that has one.
ALTER TABLE account_totals ADD COLUMN version BIGINT NOT NULL DEFAULT 1;

DROP TRIGGER charges_totals_insert;
DROP TRIGGER charges_totals_delete;
DROP TRIGGER charges_totals_update;
DROP TRIGGER payments_totals_insert;
DROP TRIGGER payments_totals_delete;
DROP TRIGGER payments_totals_update;

CREATE TRIGGER charges_totals_insert AFTER INSERT ON charges BEGIN
    INSERT INTO account_totals (account_id, charged_kopecks) VALUES (NEW.account_id, NEW.amount_kopecks)
    ON CONFLICT (account_id) DO UPDATE SET charged_kopecks = charged_kopecks + excluded.charged_kopecks,
        version = version + 1;
END;
CREATE TRIGGER charges_totals_delete AFTER DELETE ON charges BEGIN
    UPDATE account_totals SET charged_kopecks = charged_kopecks - OLD.amount_kopecks,
        version = version + 1
    WHERE account_id = OLD.account_id;
END;
CREATE TRIGGER charges_totals_update AFTER UPDATE ON charges BEGIN
    UPDATE account_totals SET charged_kopecks = charged_kopecks - OLD.amount_kopecks,
        version = version + 1
    WHERE account_id = OLD.account_id;
    INSERT INTO account_totals (account_id, charged_kopecks) VALUES (NEW.account_id, NEW.amount_kopecks)
    ON CONFLICT (account_id) DO UPDATE SET charged_kopecks = charged_kopecks + excluded.charged_kopecks,
        version = version + 1;
END;

CREATE TRIGGER payments_totals_insert AFTER INSERT ON payments BEGIN
    INSERT INTO account_totals (account_id, paid_kopecks) VALUES (NEW.account_id, NEW.amount_kopecks)
    ON CONFLICT (account_id) DO UPDATE SET paid_kopecks = paid_kopecks + excluded.paid_kopecks,
        version = version + 1;
END;
CREATE TRIGGER payments_totals_delete AFTER DELETE ON payments BEGIN
    UPDATE account_totals SET paid_kopecks = paid_kopecks - OLD.amount_kopecks,
        version = version + 1
    WHERE account_id = OLD.account_id;
END;
CREATE TRIGGER payments_totals_update AFTER UPDATE ON payments BEGIN
    UPDATE account_totals SET paid_kopecks = paid_kopecks - OLD.amount_kopecks,
        version = version + 1
    WHERE account_id = OLD.account_id;
    INSERT INTO account_totals (account_id, paid_kopecks) VALUES (NEW.account_id, NEW.amount_kopecks)
    ON CONFLICT (account_id) DO UPDATE SET paid_kopecks = paid_kopecks + excluded.paid_kopecks,
        version = version + 1;
END;
