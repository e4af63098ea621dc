//! `rules_versions`: the published versions of the Rules.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::rules_versions;
use crate::db::time::now;
use crate::db::DbConnection;

/// A published version.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = rules_versions)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct RulesVersion {
    pub version: i32,
    pub body: String,
    pub published_at: NaiveDateTime,
}

/// The newest version, if any was published.
pub fn current(conn: &mut DbConnection) -> QueryResult<Option<RulesVersion>> {
    crate::with_conn!(conn, |c| rules_versions::table
        .order(rules_versions::version.desc())
        .select(RulesVersion::as_select())
        .first(c)
        .optional())
}

/// The current version number (0 before any was published).
pub fn current_version(conn: &mut DbConnection) -> QueryResult<i32> {
    let v: Option<i32> = crate::with_conn!(conn, |c| rules_versions::table
        .select(diesel::dsl::max(rules_versions::version))
        .first(c))?;
    Ok(v.unwrap_or(0))
}

/// Serialises publications for the rest of the current transaction, so two cannot compute the
/// same next number. PostgreSQL needs a table lock; SQLite's `BEGIN IMMEDIATE` already
/// serialises writers.
pub fn lock(conn: &mut DbConnection) -> QueryResult<()> {
    if let DbConnection::Pg(c) = conn {
        use diesel::connection::SimpleConnection;
        c.batch_execute("LOCK TABLE rules_versions IN SHARE ROW EXCLUSIVE MODE")?;
    }
    Ok(())
}

/// Publishes `body` as the next version and returns its number (inside a transaction, after
/// [`lock`]).
pub fn publish(conn: &mut DbConnection, body: &str, by: Option<i64>) -> QueryResult<i32> {
    let next = current_version(conn)? + 1;
    let values = (
        rules_versions::version.eq(next),
        rules_versions::body.eq(body),
        rules_versions::published_at.eq(now()),
        rules_versions::published_by.eq(by),
    );
    crate::with_conn!(conn, |c| diesel::insert_into(rules_versions::table)
        .values(values)
        .execute(c))?;
    Ok(next)
}
