//! `outbox`: messages waiting to be sent (e-mail, SMS). A later worker delivers them; until
//! then tests and operators read them here.

use diesel::prelude::*;

use crate::db::schema::outbox;
use crate::db::time::now;
use crate::db::DbConnection;

/// A queued message.
#[derive(Debug, Clone, Queryable)]
pub struct OutboxMessage {
    pub id: i64,
    pub channel: String,
    pub recipient: String,
    pub subject: String,
    pub body: String,
}

/// Queues a message.
pub fn enqueue(
    conn: &mut DbConnection,
    channel: &str,
    recipient: &str,
    subject: &str,
    body: &str,
) -> QueryResult<()> {
    let values = (
        outbox::channel.eq(channel),
        outbox::recipient.eq(recipient),
        outbox::subject.eq(subject),
        outbox::body.eq(body),
        outbox::created_at.eq(now()),
    );
    crate::with_conn!(conn, |c| diesel::insert_into(outbox::table)
        .values(values)
        .execute(c))?;
    Ok(())
}

/// Messages to `recipient`, newest first.
pub fn for_recipient(conn: &mut DbConnection, recipient: &str) -> QueryResult<Vec<OutboxMessage>> {
    crate::with_conn!(conn, |c| outbox::table
        .filter(outbox::recipient.eq(recipient))
        .order(outbox::id.desc())
        .limit(50)
        .select((
            outbox::id,
            outbox::channel,
            outbox::recipient,
            outbox::subject,
            outbox::body
        ))
        .load(c))
}
