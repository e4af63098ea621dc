DROP INDEX accounts_house_id_idx;
DROP TABLE accounts;
DROP TABLE houses;
DROP TABLE users;
DROP TABLE settings;
