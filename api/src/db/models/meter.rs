//! `meters`: the meters of an account (one meter, one service), as the account's general
//! information lists them. No upload or readings table yet: the demo data fills it.

use chrono::NaiveDate;
use diesel::prelude::*;

use crate::db::schema::meters;
use crate::db::DbConnection;

/// A meter as the account page summarises it: `(service, serial, verification_due)`.
pub type MeterRow = (String, String, NaiveDate);

/// The meters in service on an account.
pub fn on_account(conn: &mut DbConnection, account_id: i64) -> QueryResult<Vec<MeterRow>> {
    crate::with_conn!(conn, |c| meters::table
        .filter(meters::account_id.eq(account_id))
        .filter(meters::removed_on.is_null())
        .order(meters::id.asc())
        .select((
            meters::service,
            meters::serial_number,
            meters::verification_due
        ))
        .load(c))
}

/// Adds a meter (demo data).
pub fn insert(
    conn: &mut DbConnection,
    account_id: i64,
    external_id: &str,
    service: &str,
    serial: &str,
    verification_due: NaiveDate,
) -> QueryResult<()> {
    crate::with_conn!(conn, |c| diesel::insert_into(meters::table)
        .values((
            meters::account_id.eq(account_id),
            meters::external_id.eq(external_id),
            meters::service.eq(service),
            meters::serial_number.eq(serial),
            meters::decimal_places.eq(3),
            meters::verification_due.eq(verification_due),
        ))
        .execute(c))?;
    Ok(())
}
