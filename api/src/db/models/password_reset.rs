//! `password_resets`: single-use, expiring reset tokens (hashes only).

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use crate::db::schema::password_resets;
use crate::db::time::now;
use crate::db::DbConnection;

/// Voids every unused token of `user_id` (a new request replaces the older links).
pub fn void_unused(conn: &mut DbConnection, user_id: i64) -> QueryResult<usize> {
    let at = now();
    crate::with_conn!(conn, |c| diesel::update(
        password_resets::table
            .filter(password_resets::user_id.eq(user_id))
            .filter(password_resets::used_at.is_null())
    )
    .set(password_resets::used_at.eq(Some(at)))
    .execute(c))
}

/// Stores a token hash valid for `valid_for`.
pub fn create(
    conn: &mut DbConnection,
    user_id: i64,
    hash: &str,
    valid_for: Duration,
) -> QueryResult<()> {
    let at = now();
    let values = (
        password_resets::user_id.eq(user_id),
        password_resets::token_hash.eq(hash),
        password_resets::created_at.eq(at),
        password_resets::expires_at.eq(at + valid_for),
    );
    crate::with_conn!(conn, |c| diesel::insert_into(password_resets::table)
        .values(values)
        .execute(c))?;
    Ok(())
}

/// The user a token belongs to, when it is unused and unexpired (without using it up).
pub fn peek(conn: &mut DbConnection, hash: &str) -> QueryResult<Option<i64>> {
    let at = now();
    crate::with_conn!(conn, |c| password_resets::table
        .filter(password_resets::token_hash.eq(hash))
        .filter(password_resets::used_at.is_null())
        .filter(password_resets::expires_at.gt(at))
        .select(password_resets::user_id)
        .first(c)
        .optional())
}

/// Consumes a token: the user id when it was unused and unexpired.
pub fn consume(conn: &mut DbConnection, hash: &str) -> QueryResult<Option<i64>> {
    let at = now();
    let found: Option<(i64, i64, NaiveDateTime)> =
        crate::with_conn!(conn, |c| password_resets::table
            .filter(password_resets::token_hash.eq(hash))
            .filter(password_resets::used_at.is_null())
            .select((
                password_resets::id,
                password_resets::user_id,
                password_resets::expires_at
            ))
            .first(c)
            .optional())?;
    let Some((id, user_id, expires_at)) = found else {
        return Ok(None);
    };
    if expires_at <= at {
        return Ok(None);
    }
    let n = crate::with_conn!(conn, |c| diesel::update(
        password_resets::table
            .filter(password_resets::id.eq(id))
            .filter(password_resets::used_at.is_null())
    )
    .set(password_resets::used_at.eq(Some(at)))
    .execute(c))?;
    Ok((n == 1).then_some(user_id))
}
