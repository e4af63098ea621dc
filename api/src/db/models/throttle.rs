//! `auth_throttles`: one counter row per throttled key (a login, an address, an address and a
//! login, a user and an account). Rows change by compare-and-swap on `version`, so two server
//! processes (or two requests) can never both take the last free attempt; rows past their
//! window are pruned.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::auth_throttles;
use crate::db::DbConnection;

/// A counter row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = auth_throttles)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct Counter {
    pub window_start: NaiveDateTime,
    pub failures: i64,
    pub last_failure_at: Option<NaiveDateTime>,
    pub refused: i64,
    pub version: i64,
    pub locked_at: Option<NaiveDateTime>,
}

/// The counter of `(scope, key)`, if any.
pub fn get(conn: &mut DbConnection, scope: &str, key: &str) -> QueryResult<Option<Counter>> {
    crate::with_conn!(conn, |c| auth_throttles::table
        .find((scope, key))
        .select(Counter::as_select())
        .first(c)
        .optional())
}

/// Creates the counter with its first failure; `false` when another request created it first.
pub fn insert_first(
    conn: &mut DbConnection,
    scope: &str,
    key: &str,
    at: NaiveDateTime,
) -> QueryResult<bool> {
    let values = (
        auth_throttles::scope.eq(scope),
        auth_throttles::key.eq(key),
        auth_throttles::window_start.eq(at),
        auth_throttles::failures.eq(1_i64),
        auth_throttles::last_failure_at.eq(Some(at)),
    );
    let inserted = crate::with_conn!(conn, |c| diesel::insert_into(auth_throttles::table)
        .values(values)
        .on_conflict_do_nothing()
        .execute(c))?;
    Ok(inserted == 1)
}

/// Replaces the window and count if nobody changed the row since `version` was read.
pub fn swap(
    conn: &mut DbConnection,
    scope: &str,
    key: &str,
    version: i64,
    window_start: NaiveDateTime,
    failures: i64,
    at: NaiveDateTime,
) -> QueryResult<bool> {
    let target = auth_throttles::table
        .filter(auth_throttles::scope.eq(scope))
        .filter(auth_throttles::key.eq(key))
        .filter(auth_throttles::version.eq(version));
    let changes = (
        auth_throttles::window_start.eq(window_start),
        auth_throttles::failures.eq(failures),
        auth_throttles::last_failure_at.eq(Some(at)),
        auth_throttles::version.eq(version + 1),
    );
    let updated = crate::with_conn!(conn, |c| diesel::update(target).set(changes).execute(c))?;
    Ok(updated == 1)
}

fn row(
    scope: &str,
    key: &str,
) -> diesel::dsl::Filter<
    diesel::dsl::Filter<auth_throttles::table, diesel::dsl::Eq<auth_throttles::scope, String>>,
    diesel::dsl::Eq<auth_throttles::key, String>,
> {
    auth_throttles::table
        .filter(auth_throttles::scope.eq(scope.to_owned()))
        .filter(auth_throttles::key.eq(key.to_owned()))
}

/// Counts one refused (throttled) attempt; it is not a failure and changes no window.
pub fn add_refused(conn: &mut DbConnection, scope: &str, key: &str) -> QueryResult<()> {
    crate::with_conn!(conn, |c| diesel::update(row(scope, key))
        .set(auth_throttles::refused.eq(auth_throttles::refused + 1_i64))
        .execute(c))?;
    Ok(())
}

/// Gives back an attempt that was taken but not used (the password check never ran).
pub fn refund(conn: &mut DbConnection, scope: &str, key: &str) -> QueryResult<()> {
    crate::with_conn!(conn, |c| diesel::update(
        row(scope, key).filter(auth_throttles::failures.gt(0_i64))
    )
    .set((
        auth_throttles::failures.eq(auth_throttles::failures - 1_i64),
        auth_throttles::version.eq(auth_throttles::version + 1_i64),
    ))
    .execute(c))?;
    Ok(())
}

/// Locks `(scope, key)`; `true` only for the call that locked it.
pub fn lock(
    conn: &mut DbConnection,
    scope: &str,
    key: &str,
    at: NaiveDateTime,
) -> QueryResult<bool> {
    let updated = crate::with_conn!(conn, |c| diesel::update(
        row(scope, key).filter(auth_throttles::locked_at.is_null())
    )
    .set(auth_throttles::locked_at.eq(Some(at)))
    .execute(c))?;
    Ok(updated == 1)
}

/// Forgets `(scope, key)`: its failures and any lock.
pub fn clear(conn: &mut DbConnection, scope: &str, key: &str) -> QueryResult<()> {
    crate::with_conn!(conn, |c| diesel::delete(row(scope, key)).execute(c))?;
    Ok(())
}

/// Forgets two counters in one statement (a successful sign-in clears its address-and-login
/// and its login counters together).
pub fn clear_pair(
    conn: &mut DbConnection,
    first: (&str, &str),
    second: (&str, &str),
) -> QueryResult<()> {
    let target = auth_throttles::table.filter(
        auth_throttles::scope
            .eq(first.0)
            .and(auth_throttles::key.eq(first.1))
            .or(auth_throttles::scope
                .eq(second.0)
                .and(auth_throttles::key.eq(second.1))),
    );
    crate::with_conn!(conn, |c| diesel::delete(target).execute(c))?;
    Ok(())
}

/// Which of `keys` (in `scope`) are locked, in one query.
pub fn locked_among(
    conn: &mut DbConnection,
    scope: &str,
    keys: &[String],
) -> QueryResult<Vec<String>> {
    if keys.is_empty() {
        return Ok(Vec::new());
    }
    crate::with_conn!(conn, |c| auth_throttles::table
        .filter(auth_throttles::scope.eq(scope))
        .filter(auth_throttles::key.eq_any(keys))
        .filter(auth_throttles::locked_at.is_not_null())
        .select(auth_throttles::key)
        .load(c))
}

/// Counters of `scope` whose key starts with `prefix` (an account's link tries), newest first.
pub fn with_prefix(
    conn: &mut DbConnection,
    scope: &str,
    prefix: &str,
    limit: i64,
) -> QueryResult<Vec<(String, Counter)>> {
    let pattern = format!("{}%", prefix.replace('%', "").replace('_', "\\_"));
    crate::with_conn!(conn, |c| auth_throttles::table
        .filter(auth_throttles::scope.eq(scope))
        .filter(auth_throttles::key.like(&pattern).escape('\\'))
        .order(auth_throttles::last_failure_at.desc())
        .limit(limit)
        .select((auth_throttles::key, Counter::as_select()))
        .load(c))
}

/// Deletes unlocked counters whose window began before `stale`, and locks older than
/// `locks_before` (a lock of a login nobody unlocked in that time protects nothing any more).
pub fn prune(
    conn: &mut DbConnection,
    stale: NaiveDateTime,
    locks_before: NaiveDateTime,
) -> QueryResult<usize> {
    crate::with_conn!(conn, |c| diesel::delete(
        auth_throttles::table.filter(
            auth_throttles::window_start
                .lt(stale)
                .and(auth_throttles::locked_at.is_null())
                .or(auth_throttles::locked_at.lt(locks_before))
        )
    )
    .execute(c))
}
