//! `settings`: small key/value facts the server keeps for itself (the generated JWT key).

use chrono::Utc;
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};

use crate::db::schema::settings;
use crate::db::DbConnection;

/// Reads a setting.
pub fn get(conn: &mut DbConnection, key: &str) -> QueryResult<Option<String>> {
    crate::with_conn!(conn, |c| settings::table
        .find(key)
        .select(settings::value)
        .first::<String>(c)
        .optional())
}

/// Stores `value` under `key` unless a value is already there, and returns the stored value.
/// Safe when several processes start at once: the loser of the insert race reads the winner's.
pub fn get_or_insert(conn: &mut DbConnection, key: &str, value: &str) -> QueryResult<String> {
    if let Some(existing) = get(conn, key)? {
        return Ok(existing);
    }
    let now = Utc::now().naive_utc();
    let inserted = crate::with_conn!(conn, |c| diesel::insert_into(settings::table)
        .values((
            settings::key.eq(key),
            settings::value.eq(value),
            settings::updated_at.eq(now),
        ))
        .execute(c));
    match inserted {
        Ok(_) => Ok(value.to_owned()),
        Err(DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => {
            get(conn, key)?.ok_or(DieselError::NotFound)
        }
        Err(err) => Err(err),
    }
}
