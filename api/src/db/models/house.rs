//! `houses`: buildings the supplier serves, keyed by the billing system's id.

use chrono::Utc;
use diesel::prelude::*;

use crate::db::schema::houses;
use crate::db::DbConnection;

/// A house as the billing system describes it.
pub struct NewHouse<'a> {
    pub external_id: &'a str,
    pub settlement: &'a str,
    pub street: &'a str,
    pub house: &'a str,
}

/// Returns the id of the house with `external_id`, creating it when missing.
pub fn ensure(conn: &mut DbConnection, new: &NewHouse<'_>) -> QueryResult<i64> {
    let existing = crate::with_conn!(conn, |c| houses::table
        .filter(houses::external_id.eq(new.external_id))
        .select(houses::id)
        .first::<i64>(c)
        .optional())?;
    if let Some(id) = existing {
        return Ok(id);
    }
    let now = Utc::now().naive_utc();
    let values = (
        houses::external_id.eq(new.external_id),
        houses::settlement.eq(new.settlement),
        houses::street.eq(new.street),
        houses::house.eq(new.house),
        houses::created_at.eq(now),
        houses::updated_at.eq(now),
    );
    crate::with_conn!(conn, |c| diesel::insert_into(houses::table)
        .values(values)
        .returning(houses::id)
        .get_result(c))
}
