//! `auth_failures`: failed and throttled sign-in attempts, per login and per IP. Kept in the
//! database so every server process sees the same counters.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::auth_failures;
use crate::db::time::now;
use crate::db::DbConnection;

/// Failures of `(scope, key)` since `since`, and the latest one's time.
pub fn since(
    conn: &mut DbConnection,
    scope: &str,
    key: &str,
    since: NaiveDateTime,
) -> QueryResult<(i64, Option<NaiveDateTime>)> {
    crate::with_conn!(conn, |c| auth_failures::table
        .filter(auth_failures::scope.eq(scope))
        .filter(auth_failures::key.eq(key))
        .filter(auth_failures::at.ge(since))
        .select((
            diesel::dsl::count_star(),
            diesel::dsl::max(auth_failures::at)
        ))
        .first(c))
}

/// Records one failure.
pub fn record(conn: &mut DbConnection, scope: &str, key: &str) -> QueryResult<()> {
    let values = (
        auth_failures::scope.eq(scope),
        auth_failures::key.eq(key),
        auth_failures::at.eq(now()),
    );
    crate::with_conn!(conn, |c| diesel::insert_into(auth_failures::table)
        .values(values)
        .execute(c))?;
    Ok(())
}

/// Forgets the failures of `(scope, key)` (after a successful sign-in or an unblock).
pub fn clear(conn: &mut DbConnection, scope: &str, key: &str) -> QueryResult<()> {
    crate::with_conn!(conn, |c| diesel::delete(
        auth_failures::table
            .filter(auth_failures::scope.eq(scope))
            .filter(auth_failures::key.eq(key))
    )
    .execute(c))?;
    Ok(())
}
