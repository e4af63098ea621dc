//! Outgoing messages. Handlers talk to the `Mailer` interface; the default implementation
//! writes to the `outbox` table inside the caller's transaction, so a message exists exactly
//! when the action that caused it was committed. A delivery worker (SMTP, SMS gateway) reads
//! the outbox; tests read it directly.

use diesel::QueryResult;

use crate::db::models::outbox;
use crate::db::DbConnection;

/// One e-mail.
pub struct Email<'a> {
    pub to: &'a str,
    pub subject: &'a str,
    pub body: &'a str,
    /// The HTML alternative of `body`, when there is one.
    pub html: Option<&'a str>,
    /// A secret in the body (a reset link) and how long it is good for: the outbox keeps it
    /// only until the message is sent or the secret expires, then blanks it out.
    pub secret: Option<(&'a str, chrono::Duration)>,
}

/// Sends (or queues) messages.
pub trait Mailer: Send + Sync {
    /// Queues `email` as part of the current transaction on `conn`.
    fn send(&self, conn: &mut DbConnection, email: &Email<'_>) -> QueryResult<()>;
}

/// The default: the `outbox` table.
pub struct OutboxMailer;

impl Mailer for OutboxMailer {
    fn send(&self, conn: &mut DbConnection, email: &Email<'_>) -> QueryResult<()> {
        outbox::enqueue(
            conn,
            "email",
            email.to,
            email.subject,
            (email.body, email.html),
            email.secret,
        )
    }
}
