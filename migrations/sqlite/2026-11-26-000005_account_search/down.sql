ALTER TABLE accounts DROP COLUMN search_key;
