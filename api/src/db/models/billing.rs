//! `charges`, `payments` and `owner_changes`: what the billing system reports. The balance is
//! computed from charges and payments; there is no upload endpoint for them yet, so only the
//! demo data fills them.

use chrono::NaiveDate;
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};

use crate::db::schema::{charges, owner_changes, payments};
use crate::db::time::now;
use crate::db::DbConnection;

/// Adds a charge (kind `charge`, `recalculation` or `penalty`).
pub fn add_charge(
    conn: &mut DbConnection,
    account_id: i64,
    period: &str,
    service: &str,
    kind: &str,
    kopecks: i64,
) -> QueryResult<()> {
    crate::with_conn!(conn, |c| diesel::insert_into(charges::table)
        .values((
            charges::account_id.eq(account_id),
            charges::period.eq(period),
            charges::service.eq(service),
            charges::kind.eq(kind),
            charges::amount_kopecks.eq(kopecks),
            charges::created_at.eq(now()),
        ))
        .execute(c))?;
    Ok(())
}

/// Adds a payment.
pub fn add_payment(
    conn: &mut DbConnection,
    account_id: i64,
    paid_on: NaiveDate,
    kopecks: i64,
    source: &str,
) -> QueryResult<()> {
    crate::with_conn!(conn, |c| diesel::insert_into(payments::table)
        .values((
            payments::account_id.eq(account_id),
            payments::paid_on.eq(paid_on),
            payments::amount_kopecks.eq(kopecks),
            payments::source.eq(source),
            payments::created_at.eq(now()),
        ))
        .execute(c))?;
    Ok(())
}

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
