//! `consent_events`: every grant and withdrawal, never deleted (152-FZ).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::consent_events;
use crate::db::time::now;
use crate::db::DbConnection;

/// One recorded change: `(kind, granted, at)`.
pub type ConsentEvent = (String, bool, NaiveDateTime);

/// The consent kinds, as stored.
pub const KINDS: [&str; 4] = ["personal_data", "email", "sms", "service_info"];

/// Appends one event.
pub fn record(conn: &mut DbConnection, user_id: i64, kind: &str, granted: bool) -> QueryResult<()> {
    let values = (
        consent_events::user_id.eq(user_id),
        consent_events::kind.eq(kind),
        consent_events::granted.eq(granted),
        consent_events::at.eq(now()),
    );
    crate::with_conn!(conn, |c| diesel::insert_into(consent_events::table)
        .values(values)
        .execute(c))?;
    Ok(())
}

/// The latest event of each kind: `(kind, granted, at)`.
pub fn current(conn: &mut DbConnection, user_id: i64) -> QueryResult<Vec<ConsentEvent>> {
    let mut latest: Vec<ConsentEvent> = Vec::new();
    for event in history(conn, user_id)? {
        match latest.iter_mut().find(|(k, _, _)| *k == event.0) {
            Some(slot) => *slot = event,
            None => latest.push(event),
        }
    }
    Ok(latest)
}

/// The full history of a user's consents, oldest first.
pub fn history(conn: &mut DbConnection, user_id: i64) -> QueryResult<Vec<ConsentEvent>> {
    crate::with_conn!(conn, |c| consent_events::table
        .filter(consent_events::user_id.eq(user_id))
        .order(consent_events::id.asc())
        .select((
            consent_events::kind,
            consent_events::granted,
            consent_events::at
        ))
        .load(c))
}
