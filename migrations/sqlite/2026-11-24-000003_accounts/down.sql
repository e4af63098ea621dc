DROP TABLE payments;
DROP TABLE charges;
DROP TABLE owner_changes;
DROP TABLE link_failures;
DROP TABLE link_codes;
DROP TABLE account_links;
DROP INDEX accounts_status_idx;
ALTER TABLE houses DROP COLUMN reading_window_end;
ALTER TABLE houses DROP COLUMN reading_window_start;
