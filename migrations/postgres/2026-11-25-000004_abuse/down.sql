DROP INDEX outbox_scrub_idx;
ALTER TABLE outbox DROP COLUMN scrub_after;
ALTER TABLE outbox DROP COLUMN scrub;
DROP TABLE auth_throttles;
CREATE TABLE link_failures (
    id      BIGSERIAL PRIMARY KEY,
    user_id BIGINT NOT NULL,
    at      TIMESTAMP NOT NULL
);
CREATE INDEX link_failures_user_idx ON link_failures (user_id, at);
CREATE TABLE auth_failures (
    id    BIGSERIAL PRIMARY KEY,
    scope TEXT NOT NULL CHECK (scope IN ('login', 'ip')),
    key   TEXT NOT NULL,
    at    TIMESTAMP NOT NULL
);
CREATE INDEX auth_failures_key_idx ON auth_failures (scope, key, at);
