-- Delivery of the outbox (issue 11). A message is due when `next_attempt_at` is empty or past;
-- a worker that claims it moves `next_attempt_at` a lease ahead (so a worker killed midway
-- leaves it due again once the lease is over), then records `sent_at`, or a retry time with
-- `last_error`, or `failed_at` when it gives up.
ALTER TABLE outbox ADD COLUMN next_attempt_at TIMESTAMP;
ALTER TABLE outbox ADD COLUMN failed_at TIMESTAMP;
ALTER TABLE outbox ADD COLUMN last_error TEXT;
-- What the workers look for: only the messages still to deliver, in order.
CREATE INDEX outbox_due_idx ON outbox (id) WHERE sent_at IS NULL AND failed_at IS NULL;
