//! `outbox`: messages waiting to be sent (e-mail, SMS). No delivery worker exists yet:
//! operators and tests read the messages here; `mark_sent` is what a worker calls once a
//! message is handed over (it blanks out any secret, as `scrub_expired` does when one expires).

use chrono::Duration;
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

/// What a scrubbed secret is replaced with.
pub const SCRUBBED: &str = "[ссылка удалена после отправки или истечения срока]";

/// Queues a message; `secret` (text in the body, and how long it is good for) is blanked out
/// once the message is sent or the time is up.
pub fn enqueue(
    conn: &mut DbConnection,
    channel: &str,
    recipient: &str,
    subject: &str,
    body: &str,
    secret: Option<(&str, Duration)>,
) -> QueryResult<()> {
    let at = now();
    let values = (
        outbox::channel.eq(channel),
        outbox::recipient.eq(recipient),
        outbox::subject.eq(subject),
        outbox::body.eq(body),
        outbox::created_at.eq(at),
        outbox::scrub.eq(secret.map(|(text, _)| text)),
        outbox::scrub_after.eq(secret.map(|(_, valid)| at + valid)),
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

/// Marks a message sent and blanks out its secret.
pub fn mark_sent(conn: &mut DbConnection, id: i64) -> QueryResult<()> {
    conn.transaction(|conn| {
        scrub_where(conn, Some(id), None)?;
        crate::with_conn!(conn, |c| diesel::update(outbox::table.find(id))
            .set(outbox::sent_at.eq(Some(now())))
            .execute(c))?;
        Ok(())
    })
}

/// Blanks out the secrets whose time is up, sent or not (a reset link that no longer works is
/// still not kept in plain text). Returns how many messages were scrubbed.
pub fn scrub_expired(conn: &mut DbConnection) -> QueryResult<usize> {
    scrub_where(conn, None, Some(now()))
}

fn scrub_where(
    conn: &mut DbConnection,
    id: Option<i64>,
    expired_by: Option<chrono::NaiveDateTime>,
) -> QueryResult<usize> {
    // Built inside `with_conn!`: a boxed query belongs to one backend.
    let rows: Vec<(i64, String, Option<String>)> = crate::with_conn!(conn, |c| {
        let mut query = outbox::table
            .filter(outbox::scrub.is_not_null())
            .select((outbox::id, outbox::body, outbox::scrub))
            .into_boxed();
        if let Some(id) = id {
            query = query.filter(outbox::id.eq(id));
        }
        if let Some(at) = expired_by {
            query = query.filter(outbox::scrub_after.le(at));
        }
        query.limit(500).load(c)
    })?;
    let count = rows.len();
    for (id, body, secret) in rows {
        let clean = body.replace(secret.as_deref().unwrap_or_default(), SCRUBBED);
        crate::with_conn!(conn, |c| diesel::update(outbox::table.find(id))
            .set((
                outbox::body.eq(&clean),
                outbox::scrub.eq(None::<String>),
                outbox::scrub_after.eq(None::<chrono::NaiveDateTime>),
            ))
            .execute(c))?;
    }
    Ok(count)
}
