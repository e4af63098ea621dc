DROP TRIGGER payments_totals_update;
DROP TRIGGER payments_totals_delete;
DROP TRIGGER payments_totals_insert;
DROP TRIGGER charges_totals_update;
DROP TRIGGER charges_totals_delete;
DROP TRIGGER charges_totals_insert;
DROP TABLE account_totals;
