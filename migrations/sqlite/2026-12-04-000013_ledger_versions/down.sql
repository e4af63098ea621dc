DROP TRIGGER charges_totals_insert;
DROP TRIGGER charges_totals_delete;
DROP TRIGGER charges_totals_update;
DROP TRIGGER payments_totals_insert;
DROP TRIGGER payments_totals_delete;
DROP TRIGGER payments_totals_update;

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

ALTER TABLE account_totals DROP COLUMN version;
