//! Notice bookkeeping: the pending e-mail verification of each user, per-event channel
//! preferences, and the log that makes scheduled notices go out once.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::{email_verifications, notice_log, notification_prefs};
use crate::db::time::now;
use crate::db::DbConnection;

/// A pending verification: `(email, code_hash, created_at, expires_at, failed_attempts)`.
pub type PendingVerification = (String, String, NaiveDateTime, NaiveDateTime, i32);

/// Replaces the user's pending verification (one at a time: a new code voids the old one).
pub fn start_verification(
    conn: &mut DbConnection,
    user_id: i64,
    email: &str,
    code_hash: &str,
    expires_at: NaiveDateTime,
) -> QueryResult<()> {
    end_verification(conn, user_id)?;
    let values = (
        email_verifications::user_id.eq(user_id),
        email_verifications::email.eq(email),
        email_verifications::code_hash.eq(code_hash),
        email_verifications::created_at.eq(now()),
        email_verifications::expires_at.eq(expires_at),
        email_verifications::failed_attempts.eq(0),
    );
    crate::with_conn!(conn, |c| diesel::insert_into(email_verifications::table)
        .values(values)
        .execute(c))?;
    Ok(())
}

/// The user's pending verification.
pub fn pending_verification(
    conn: &mut DbConnection,
    user_id: i64,
) -> QueryResult<Option<PendingVerification>> {
    crate::with_conn!(conn, |c| email_verifications::table
        .find(user_id)
        .select((
            email_verifications::email,
            email_verifications::code_hash,
            email_verifications::created_at,
            email_verifications::expires_at,
            email_verifications::failed_attempts,
        ))
        .first(c)
        .optional())
}

/// Counts a wrong code.
pub fn verification_failed(conn: &mut DbConnection, user_id: i64) -> QueryResult<()> {
    crate::with_conn!(conn, |c| diesel::update(
        email_verifications::table.find(user_id)
    )
    .set(email_verifications::failed_attempts.eq(email_verifications::failed_attempts + 1))
    .execute(c))?;
    Ok(())
}

/// Removes the pending verification (used, replaced, or the address changed).
pub fn end_verification(conn: &mut DbConnection, user_id: i64) -> QueryResult<()> {
    crate::with_conn!(conn, |c| diesel::delete(
        email_verifications::table.find(user_id)
    )
    .execute(c))?;
    Ok(())
}

/// The user's stored choices: `(event, email, sms)`; events without a row are "yes".
pub fn prefs(conn: &mut DbConnection, user_id: i64) -> QueryResult<Vec<(String, bool, bool)>> {
    crate::with_conn!(conn, |c| notification_prefs::table
        .filter(notification_prefs::user_id.eq(user_id))
        .select((
            notification_prefs::event,
            notification_prefs::email,
            notification_prefs::sms,
        ))
        .load(c))
}

/// Stores the choice for one event.
pub fn set_pref(
    conn: &mut DbConnection,
    user_id: i64,
    event: &str,
    email: bool,
    sms: bool,
) -> QueryResult<()> {
    crate::with_conn!(conn, |c| diesel::delete(
        notification_prefs::table.find((user_id, event))
    )
    .execute(c))?;
    let values = (
        notification_prefs::user_id.eq(user_id),
        notification_prefs::event.eq(event),
        notification_prefs::email.eq(email),
        notification_prefs::sms.eq(sms),
        notification_prefs::updated_at.eq(now()),
    );
    crate::with_conn!(conn, |c| diesel::insert_into(notification_prefs::table)
        .values(values)
        .execute(c))?;
    Ok(())
}

/// Records that `event` about `subject_key` was raised for the user; false when it already
/// was (by an earlier tick or another node), so it is not sent again.
pub fn first_time(
    conn: &mut DbConnection,
    user_id: i64,
    event: &str,
    subject_key: &str,
) -> QueryResult<bool> {
    let values = (
        notice_log::user_id.eq(user_id),
        notice_log::event.eq(event),
        notice_log::subject_key.eq(subject_key),
        notice_log::created_at.eq(now()),
    );
    let inserted = crate::with_conn!(conn, |c| diesel::insert_into(notice_log::table)
        .values(values)
        .on_conflict_do_nothing()
        .execute(c))?;
    Ok(inserted == 1)
}
