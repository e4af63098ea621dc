//! `accounts`: utility accounts (лицевые счета).

use chrono::Utc;
use diesel::prelude::*;

use crate::db::schema::accounts;
use crate::db::DbConnection;

/// An account as the billing system describes it.
pub struct NewAccount<'a> {
    pub number: &'a str,
    pub house_id: i64,
    pub settlement: &'a str,
    pub street: &'a str,
    pub house: &'a str,
    pub flat: Option<&'a str>,
    pub owner_name: &'a str,
    pub heated_area_centi: i64,
    pub residents: i32,
}

/// Whether an account with this number exists.
pub fn exists(conn: &mut DbConnection, number: &str) -> QueryResult<bool> {
    let found = crate::with_conn!(conn, |c| accounts::table
        .filter(accounts::number.eq(number))
        .select(accounts::id)
        .first::<i64>(c)
        .optional())?;
    Ok(found.is_some())
}

/// Inserts an open account.
pub fn insert(conn: &mut DbConnection, new: &NewAccount<'_>) -> QueryResult<()> {
    let now = Utc::now().naive_utc();
    let values = (
        accounts::number.eq(new.number),
        accounts::house_id.eq(Some(new.house_id)),
        accounts::settlement.eq(new.settlement),
        accounts::street.eq(new.street),
        accounts::house.eq(new.house),
        accounts::flat.eq(new.flat),
        accounts::owner_name.eq(new.owner_name),
        accounts::heated_area_centi.eq(new.heated_area_centi),
        accounts::residents.eq(new.residents),
        accounts::status.eq("open"),
        accounts::created_at.eq(now),
        accounts::updated_at.eq(now),
    );
    crate::with_conn!(conn, |c| diesel::insert_into(accounts::table)
        .values(values)
        .execute(c))?;
    Ok(())
}
