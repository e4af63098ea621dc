-- Identity: Rules acceptance, blocking, consents, sessions with rotating refresh tokens,
-- login throttling, password resets, the outbox, integrator and personal tokens, the audit log.
ALTER TABLE users ADD COLUMN postal_address TEXT;
ALTER TABLE users ADD COLUMN rules_version INTEGER;
ALTER TABLE users ADD COLUMN rules_accepted_at TIMESTAMP;
ALTER TABLE users ADD COLUMN blocked_at TIMESTAMP;
ALTER TABLE users ADD COLUMN blocked_reason TEXT;
-- full_name as searched: lower case, ё→е, single spaces (kept by the application).
ALTER TABLE users ADD COLUMN name_key TEXT NOT NULL DEFAULT '';
UPDATE users SET name_key = lower(full_name);

CREATE TABLE rules_versions (
    version      INTEGER PRIMARY KEY NOT NULL,
    body         TEXT NOT NULL,
    published_at TIMESTAMP NOT NULL,
    published_by BIGINT REFERENCES users (id)
);

-- Append-only (152-FZ): a withdrawal is a new row, never a delete.
CREATE TABLE consent_events (
    id      BIGSERIAL PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id),
    kind    TEXT NOT NULL CHECK (kind IN ('personal_data', 'email', 'sms', 'service_info')),
    granted BOOLEAN NOT NULL,
    at      TIMESTAMP NOT NULL
);
CREATE INDEX consent_events_user_idx ON consent_events (user_id, id);

CREATE TABLE sessions (
    id             BIGSERIAL PRIMARY KEY,
    public_id      TEXT NOT NULL CONSTRAINT sessions_public_id_key UNIQUE,
    user_id        BIGINT NOT NULL REFERENCES users (id),
    user_agent     TEXT,
    ip             TEXT,
    created_at     TIMESTAMP NOT NULL,
    last_used_at   TIMESTAMP NOT NULL,
    revoked_at     TIMESTAMP,
    revoked_reason TEXT
);
CREATE INDEX sessions_user_idx ON sessions (user_id, id);

-- One family per session: reuse of a used token revokes the session.
CREATE TABLE refresh_tokens (
    id         BIGSERIAL PRIMARY KEY,
    session_id BIGINT NOT NULL REFERENCES sessions (id),
    token_hash TEXT NOT NULL CONSTRAINT refresh_tokens_hash_key UNIQUE,
    created_at TIMESTAMP NOT NULL,
    used_at    TIMESTAMP
);
CREATE INDEX refresh_tokens_session_idx ON refresh_tokens (session_id);

-- Failed and throttled login attempts, per login and per IP (shared by every process).
CREATE TABLE auth_failures (
    id    BIGSERIAL PRIMARY KEY,
    scope TEXT NOT NULL CHECK (scope IN ('login', 'ip')),
    key   TEXT NOT NULL,
    at    TIMESTAMP NOT NULL
);
CREATE INDEX auth_failures_key_idx ON auth_failures (scope, key, at);

CREATE TABLE password_resets (
    id         BIGSERIAL PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users (id),
    token_hash TEXT NOT NULL CONSTRAINT password_resets_hash_key UNIQUE,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at    TIMESTAMP
);
CREATE INDEX password_resets_user_idx ON password_resets (user_id);

CREATE TABLE outbox (
    id         BIGSERIAL PRIMARY KEY,
    channel    TEXT NOT NULL CHECK (channel IN ('email', 'sms')),
    recipient  TEXT NOT NULL,
    subject    TEXT NOT NULL,
    body       TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    sent_at    TIMESTAMP,
    attempts   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX outbox_pending_idx ON outbox (sent_at, id);

CREATE TABLE api_clients (
    id         BIGSERIAL PRIMARY KEY,
    name       TEXT NOT NULL CONSTRAINT api_clients_name_key UNIQUE,
    key_hash   TEXT NOT NULL CONSTRAINT api_clients_key_hash_key UNIQUE,
    scopes     TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP
);

CREATE TABLE personal_tokens (
    id           BIGSERIAL PRIMARY KEY,
    user_id      BIGINT NOT NULL REFERENCES users (id),
    name         TEXT NOT NULL,
    key_hash     TEXT NOT NULL CONSTRAINT personal_tokens_key_hash_key UNIQUE,
    scopes       TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP,
    revoked_at   TIMESTAMP
);
CREATE INDEX personal_tokens_user_idx ON personal_tokens (user_id, id);

CREATE TABLE audit_log (
    id          BIGSERIAL PRIMARY KEY,
    at          TIMESTAMP NOT NULL,
    actor_kind  TEXT NOT NULL,
    actor_id    BIGINT,
    action      TEXT NOT NULL,
    target_kind TEXT,
    target_id   TEXT,
    ip          TEXT,
    details     TEXT
);
CREATE INDEX audit_log_actor_idx ON audit_log (actor_kind, actor_id, id);
CREATE INDEX audit_log_action_idx ON audit_log (action, id);
CREATE INDEX audit_log_target_idx ON audit_log (target_kind, target_id, id);
CREATE INDEX audit_log_at_idx ON audit_log (at);
