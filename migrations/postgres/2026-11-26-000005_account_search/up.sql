-- The operator's account search: the owner's name and the address in lower case, each word
-- after a space (" петров алексей иванович г кызыл ул кочетова 2 15"), so `LIKE '% кочет%'`
-- finds a word by its start. Computed by the server: SQLite's lower() folds ASCII only. Rows stored before this column existed are
-- filled in by the server at start; no index, as a search by any word is a pattern with a
-- leading wildcard that a B-tree cannot serve.
ALTER TABLE accounts ADD COLUMN search_key TEXT NOT NULL DEFAULT '';
