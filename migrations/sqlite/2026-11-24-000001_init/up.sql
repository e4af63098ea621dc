-- Foundation schema (SQLite). Timestamps are UTC, stored as ISO-8601 text by diesel.
CREATE TABLE settings (
    key        TEXT PRIMARY KEY NOT NULL,
    value      TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    login         TEXT NOT NULL,
    login_key     TEXT NOT NULL CONSTRAINT users_login_key UNIQUE,
    full_name     TEXT NOT NULL,
    email         TEXT NOT NULL,
    email_key     TEXT NOT NULL CONSTRAINT users_email_key UNIQUE,
    phone         TEXT NOT NULL,
    home_phone    TEXT,
    role          TEXT NOT NULL CHECK (role IN ('resident', 'operator', 'admin')),
    password_hash TEXT NOT NULL,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);

CREATE TABLE houses (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    external_id        TEXT NOT NULL CONSTRAINT houses_external_id_key UNIQUE,
    settlement         TEXT NOT NULL,
    street             TEXT NOT NULL,
    house              TEXT NOT NULL,
    created_at         TIMESTAMP NOT NULL,
    updated_at         TIMESTAMP NOT NULL
);

CREATE TABLE accounts (
    id              INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    number          TEXT NOT NULL CONSTRAINT accounts_number_key UNIQUE,
    house_id        BIGINT REFERENCES houses (id),
    settlement      TEXT NOT NULL,
    street          TEXT NOT NULL,
    house           TEXT NOT NULL,
    flat            TEXT,
    owner_name      TEXT NOT NULL,
    -- heated area in hundredths of a square metre (fixed point, never a float)
    heated_area_centi BIGINT NOT NULL CHECK (heated_area_centi >= 0),
    residents       INTEGER NOT NULL CHECK (residents >= 0),
    status          TEXT NOT NULL CHECK (status IN ('open', 'closed')),
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL
);
CREATE INDEX accounts_house_id_idx ON accounts (house_id);
