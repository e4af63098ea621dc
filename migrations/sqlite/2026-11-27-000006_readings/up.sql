-- Meters grow a model, a status, a predecessor and an initial reading, and take cold water.
-- SQLite cannot change a CHECK, so the table is rebuilt.
CREATE TABLE meters_v2 (
    id               INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    account_id       BIGINT NOT NULL REFERENCES accounts (id),
    external_id      TEXT NOT NULL CONSTRAINT meters_external_id_key UNIQUE,
    service          TEXT NOT NULL CHECK (service IN ('hot_water', 'heating', 'cold_water')),
    serial_number    TEXT NOT NULL,
    decimal_places   INTEGER NOT NULL CHECK (decimal_places BETWEEN 0 AND 6),
    verification_due DATE NOT NULL,
    installed_on     DATE,
    removed_on       DATE,
    model            TEXT,
    status           TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'replaced', 'removed')),
    replaces_id      BIGINT,
    initial_value    BIGINT
);
INSERT INTO meters_v2 (id, account_id, external_id, service, serial_number, decimal_places,
                       verification_due, installed_on, removed_on, status)
SELECT id, account_id, external_id, service, serial_number, decimal_places, verification_due,
       installed_on, removed_on, CASE WHEN removed_on IS NULL THEN 'active' ELSE 'removed' END
FROM meters;
DROP TABLE meters;
ALTER TABLE meters_v2 RENAME TO meters;
CREATE INDEX meters_account_idx ON meters (account_id);

-- Tariffs: price per unit of a service over a span of days (valid_to inclusive, open-ended
-- when NULL). Key: (service, valid_from).
CREATE TABLE tariffs (
    id           INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    service      TEXT NOT NULL CHECK (service IN ('hot_water', 'heating', 'cold_water')),
    price_kopecks BIGINT NOT NULL CHECK (price_kopecks >= 0),
    unit         TEXT NOT NULL,
    valid_from   DATE NOT NULL,
    valid_to     DATE,
    tariff_key   TEXT NOT NULL CONSTRAINT tariffs_key_key UNIQUE
);

-- Readings. value is in ten-thousandths of the unit (at least four decimal places, any
-- meter's own scale fits). The export pages by (txid, seq) and must never step past a reading
-- that commits late. PostgreSQL: seq comes from reading_seq and txid is the inserting
-- transaction's id; the export only hands out rows whose txid is below the oldest transaction
-- still running (pg_snapshot_xmin), so every row it skips over is final. SQLite: writers take
-- turns, seq comes from reading_counter inside the writing transaction and txid = seq.
CREATE TABLE readings (
    id            INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    seq           BIGINT NOT NULL CONSTRAINT readings_seq_key UNIQUE,
    number        TEXT NOT NULL CONSTRAINT readings_number_key UNIQUE,
    meter_id      BIGINT NOT NULL REFERENCES meters (id),
    account_id    BIGINT NOT NULL REFERENCES accounts (id),
    value         BIGINT NOT NULL CHECK (value >= 0),
    taken_on      DATE NOT NULL,
    submitted_at  TIMESTAMP NOT NULL,
    period        TEXT NOT NULL,
    in_window     BOOLEAN NOT NULL,
    source        TEXT NOT NULL CHECK (source IN ('resident', 'operator', 'integrator', 'personal_token', 'estimated')),
    status        TEXT NOT NULL CHECK (status IN ('received', 'billed', 'rejected', 'superseded')),
    flagged       BOOLEAN NOT NULL DEFAULT 0,
    flag_reason   TEXT,
    reject_reason TEXT,
    submitted_by  BIGINT,
    client_id     BIGINT,
    txid          BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX readings_meter_idx ON readings (meter_id, seq);
CREATE INDEX readings_flagged_idx ON readings (flagged, status, seq);
CREATE INDEX readings_submitter_idx ON readings (submitted_by, submitted_at);
CREATE INDEX readings_export_idx ON readings (txid, seq);

CREATE TABLE reading_counter (
    id    INTEGER PRIMARY KEY NOT NULL,
    value BIGINT NOT NULL
);
INSERT INTO reading_counter (id, value) VALUES (1, 0);

-- Idempotency-Key: the first answer to (caller, key), replayed to a retry with the same body.
CREATE TABLE idempotency_keys (
    owner        TEXT NOT NULL,
    key          TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status       INTEGER NOT NULL,
    body         TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (owner, key)
);
CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);
