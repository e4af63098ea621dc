//! `owner_changes`: the owner changes the billing system reported (charges and payments have
//! their own modules, `charge` and `payment`).

use chrono::NaiveDate;
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};

use crate::db::schema::owner_changes;
use crate::db::time::now;
use crate::db::DbConnection;

/// Records an owner change; false when the same change was already recorded (idempotency).
/// Checks first, because on PostgreSQL a failed insert would abort the caller's transaction.
pub fn record_owner_change(
    conn: &mut DbConnection,
    account_id: i64,
    new_owner: &str,
    effective: NaiveDate,
) -> QueryResult<bool> {
    let seen: i64 = crate::with_conn!(conn, |c| owner_changes::table
        .filter(owner_changes::account_id.eq(account_id))
        .filter(owner_changes::new_owner_name.eq(new_owner))
        .filter(owner_changes::effective_date.eq(effective))
        .count()
        .get_result(c))?;
    if seen > 0 {
        return Ok(false);
    }
    let inserted = crate::with_conn!(conn, |c| diesel::insert_into(owner_changes::table)
        .values((
            owner_changes::account_id.eq(account_id),
            owner_changes::new_owner_name.eq(new_owner),
            owner_changes::effective_date.eq(effective),
            owner_changes::created_at.eq(now()),
        ))
        .execute(c));
    match inserted {
        Ok(_) => Ok(true),
        Err(DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => Ok(false),
        Err(err) => Err(err),
    }
}
