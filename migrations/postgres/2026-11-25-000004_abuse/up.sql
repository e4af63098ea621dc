-- Abuse resistance: one row per throttled key instead of one row per failure (counted
-- atomically, pruned past its window), link-code tries counted per (user, account) in the same
-- table, and outbox secrets that are scrubbed once a message is sent or its link expires.
DROP TABLE auth_failures;
DROP TABLE link_failures;

-- scope: 'ip_login' (back-off), 'login' (password lock), 'ip' (volume), 'register', 'reset_ip',
-- 'reset_email', 'link_user', 'link' (key "account_id:user_id").
CREATE TABLE auth_throttles (
    scope           TEXT NOT NULL,
    key             TEXT NOT NULL,
    window_start    TIMESTAMP NOT NULL,
    failures        BIGINT NOT NULL DEFAULT 0,
    last_failure_at TIMESTAMP,
    refused         BIGINT NOT NULL DEFAULT 0,
    version         BIGINT NOT NULL DEFAULT 0,
    locked_at       TIMESTAMP,
    PRIMARY KEY (scope, key)
);
CREATE INDEX auth_throttles_window_idx ON auth_throttles (window_start);

-- The text to remove from `body` once the message is sent or `scrub_after` has passed.
ALTER TABLE outbox ADD COLUMN scrub TEXT;
ALTER TABLE outbox ADD COLUMN scrub_after TIMESTAMP;
CREATE INDEX outbox_scrub_idx ON outbox (scrub_after) WHERE scrub IS NOT NULL;
