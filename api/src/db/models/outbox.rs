//! `outbox`: messages waiting to be sent (e-mail, SMS), written in the transaction of the event
//! that causes them. The delivery worker (`crate::delivery`) [`claim`]s due messages, sends
//! them and records the outcome: [`mark_sent`] (which blanks out any secret, as
//! [`scrub_expired`] does when one expires), [`retry_at`] or [`give_up`].

use chrono::{Duration, NaiveDateTime};
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
    (body, html): (&str, Option<&str>),
    secret: Option<(&str, Duration)>,
) -> QueryResult<()> {
    let at = now();
    let values = (
        outbox::channel.eq(channel),
        outbox::recipient.eq(recipient),
        outbox::subject.eq(subject),
        outbox::body.eq(body),
        outbox::html.eq(html),
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

/// A message a worker has claimed: its lease runs until `next_attempt_at` was moved to.
#[derive(Debug, Clone, Queryable)]
pub struct Claimed {
    pub id: i64,
    pub channel: String,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    /// The HTML part of an e-mail, when it has one.
    pub html: Option<String>,
    /// Tries so far, this one included.
    pub attempts: i32,
}

/// Claims up to `limit` due messages, oldest first, for `lease`: they are not due again until
/// the lease is over, so a worker that dies holding them only delays them. On PostgreSQL
/// `FOR UPDATE SKIP LOCKED` lets several workers claim side by side without waiting for or
/// ever sharing a row; on SQLite the write transaction serialises the claims.
pub fn claim(conn: &mut DbConnection, limit: i64, lease: Duration) -> QueryResult<Vec<Claimed>> {
    let at = now();
    let due = outbox::sent_at
        .is_null()
        .and(outbox::failed_at.is_null())
        .and(
            outbox::next_attempt_at
                .is_null()
                .or(outbox::next_attempt_at.le(at)),
        );
    // An idle worker looks twice a second: a plain read first, so looking takes no write lock
    // (on SQLite that lock is the whole database's).
    let waiting: Option<i64> = crate::with_conn!(conn, |c| outbox::table
        .filter(due)
        .select(outbox::id)
        .first(c)
        .optional())?;
    if waiting.is_none() {
        return Ok(Vec::new());
    }
    conn.transaction(|conn| {
        let ids: Vec<i64> = match conn {
            DbConnection::Pg(c) => outbox::table
                .filter(due)
                .order(outbox::id)
                .limit(limit)
                .select(outbox::id)
                .for_update()
                .skip_locked()
                .load(c)?,
            DbConnection::Sqlite(c) => outbox::table
                .filter(due)
                .order(outbox::id)
                .limit(limit)
                .select(outbox::id)
                .load(c)?,
        };
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        crate::with_conn!(conn, |c| diesel::update(
            outbox::table.filter(outbox::id.eq_any(&ids))
        )
        .set((
            outbox::next_attempt_at.eq(Some(at + lease)),
            outbox::attempts.eq(outbox::attempts + 1),
        ))
        .execute(c))?;
        crate::with_conn!(conn, |c| outbox::table
            .filter(outbox::id.eq_any(&ids))
            .order(outbox::id)
            .select((
                outbox::id,
                outbox::channel,
                outbox::recipient,
                outbox::subject,
                outbox::body,
                outbox::html,
                outbox::attempts,
            ))
            .load(c))
    })
}

/// A claimed message given back unsent (the worker is stopping): due again at once, and the
/// claim does not count as a try.
pub fn release(conn: &mut DbConnection, id: i64) -> QueryResult<()> {
    crate::with_conn!(conn, |c| diesel::update(outbox::table.find(id))
        .set((
            outbox::next_attempt_at.eq(None::<NaiveDateTime>),
            outbox::attempts.eq(outbox::attempts - 1),
        ))
        .execute(c))?;
    Ok(())
}

/// A failed try that may succeed later: due again at `at`.
pub fn retry_at(
    conn: &mut DbConnection,
    id: i64,
    at: NaiveDateTime,
    error: &str,
) -> QueryResult<()> {
    crate::with_conn!(conn, |c| diesel::update(outbox::table.find(id))
        .set((
            outbox::next_attempt_at.eq(Some(at)),
            outbox::last_error.eq(Some(error)),
        ))
        .execute(c))?;
    Ok(())
}

/// The worker gives up on a message (a permanent refusal, or too many tries); its secret is
/// blanked out like a sent one's.
pub fn give_up(conn: &mut DbConnection, id: i64, error: &str) -> QueryResult<()> {
    conn.transaction(|conn| {
        scrub_where(conn, Some(id), None)?;
        crate::with_conn!(conn, |c| diesel::update(outbox::table.find(id))
            .set((
                outbox::failed_at.eq(Some(now())),
                outbox::last_error.eq(Some(error)),
            ))
            .execute(c))?;
        Ok(())
    })
}

/// Messages still to deliver and the age of the oldest (for the worker's log and metrics).
pub fn backlog(conn: &mut DbConnection) -> QueryResult<(i64, Option<NaiveDateTime>)> {
    let pending = outbox::sent_at.is_null().and(outbox::failed_at.is_null());
    crate::with_conn!(conn, |c| outbox::table
        .filter(pending)
        .select((
            diesel::dsl::count_star(),
            diesel::dsl::min(outbox::created_at)
        ))
        .first(c))
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
    type Row = (i64, String, Option<String>, Option<String>);
    let rows: Vec<Row> = crate::with_conn!(conn, |c| {
        let mut query = outbox::table
            .filter(outbox::scrub.is_not_null())
            .select((outbox::id, outbox::body, outbox::html, outbox::scrub))
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
    for (id, body, html, secret) in rows {
        let secret = secret.unwrap_or_default();
        let clean = body.replace(&secret, SCRUBBED);
        let clean_html = html.map(|h| h.replace(&secret, SCRUBBED));
        crate::with_conn!(conn, |c| diesel::update(outbox::table.find(id))
            .set((
                outbox::body.eq(&clean),
                outbox::html.eq(&clean_html),
                outbox::scrub.eq(None::<String>),
                outbox::scrub_after.eq(None::<chrono::NaiveDateTime>),
            ))
            .execute(c))?;
    }
    Ok(count)
}
