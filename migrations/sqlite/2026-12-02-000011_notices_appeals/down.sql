DROP TABLE attachment_blobs;
DROP TABLE appeal_attachments;
DROP TABLE appeals;
DROP TABLE notice_log;
DROP TABLE notification_prefs;
DROP TABLE email_verifications;
ALTER TABLE outbox DROP COLUMN html;
ALTER TABLE users DROP COLUMN email_verified_at;
ALTER TABLE users DROP COLUMN language;
