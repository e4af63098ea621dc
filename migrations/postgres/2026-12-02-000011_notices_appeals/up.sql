-- Notices and appeals (issue 11).

-- The language the resident reads their messages in, and whether their e-mail address is
-- proven theirs: notices other than the service-critical ones go only to verified addresses.
ALTER TABLE users ADD COLUMN language TEXT NOT NULL DEFAULT 'ru' CHECK (language IN ('ru', 'en'));
ALTER TABLE users ADD COLUMN email_verified_at TIMESTAMP;

-- The HTML part of an e-mail (the plain-text part stays in `body`).
ALTER TABLE outbox ADD COLUMN html TEXT;

-- The one pending e-mail verification of a user: a 6-digit code, stored hashed, for one
-- address; a few wrong tries void it (a new one must be asked for).
CREATE TABLE email_verifications (
    user_id         BIGINT PRIMARY KEY NOT NULL REFERENCES users (id),
    email           TEXT NOT NULL,
    code_hash       TEXT NOT NULL,
    created_at      TIMESTAMP NOT NULL,
    expires_at      TIMESTAMP NOT NULL,
    failed_attempts INTEGER NOT NULL DEFAULT 0
);

-- Per-event, per-channel choices; no row means "yes" (the channel's consent still decides).
CREATE TABLE notification_prefs (
    user_id    BIGINT NOT NULL REFERENCES users (id),
    event      TEXT NOT NULL,
    email      BOOLEAN NOT NULL,
    sms        BOOLEAN NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, event)
);

-- Notices raised by the scheduler (window opening, verification due): one row per user, event
-- and subject, so a second tick or a second node never sends the same notice again.
CREATE TABLE notice_log (
    user_id     BIGINT NOT NULL,
    event       TEXT NOT NULL,
    subject_key TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, event, subject_key)
);
-- A round of the scheduler reads what it already sent this month.
CREATE INDEX notice_log_event_idx ON notice_log (event, created_at);

-- Proposals, complaints and questions (Rules, section 4).
CREATE TABLE appeals (
    id          BIGSERIAL PRIMARY KEY,
    number      TEXT NOT NULL UNIQUE,
    user_id     BIGINT NOT NULL REFERENCES users (id),
    account_id  BIGINT REFERENCES accounts (id),
    category    TEXT NOT NULL CHECK (category IN ('proposal', 'complaint', 'question')),
    subject     TEXT NOT NULL,
    body        TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('new', 'in_progress', 'answered', 'closed')),
    created_at  TIMESTAMP NOT NULL,
    -- The supplier's local date by which the answer is due (working days of the standard).
    deadline    DATE NOT NULL,
    assignee_id BIGINT REFERENCES users (id),
    taken_at    TIMESTAMP,
    answer      TEXT,
    answered_at TIMESTAMP,
    answered_by BIGINT REFERENCES users (id),
    closed_at   TIMESTAMP
);
CREATE INDEX appeals_user_idx ON appeals (user_id, id);
CREATE INDEX appeals_status_idx ON appeals (status, id);
CREATE INDEX appeals_open_deadline_idx ON appeals (deadline, id) WHERE status IN ('new', 'in_progress');

-- Attachments: the description here, the bytes in `attachment_blobs`, which only a download
-- reads (lists never touch it). Kept in the database rather than a folder so a backup is one
-- consistent copy and every node of a cluster sees the same files.
CREATE TABLE appeal_attachments (
    id           BIGSERIAL PRIMARY KEY,
    appeal_id    BIGINT NOT NULL REFERENCES appeals (id),
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         BIGINT NOT NULL,
    sha256       TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL
);
CREATE INDEX appeal_attachments_appeal_idx ON appeal_attachments (appeal_id, id);
CREATE TABLE attachment_blobs (
    attachment_id BIGINT PRIMARY KEY NOT NULL REFERENCES appeal_attachments (id),
    data          BYTEA NOT NULL
);
