//! `meters`: the meters of an account (one meter, one service), uploaded by the billing system
//! by its own meter id (`external_id`, the `{id}` of every meter URL).

use chrono::NaiveDate;
use diesel::prelude::*;

use crate::db::schema::meters;
use crate::db::DbConnection;

/// A full `meters` row.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = meters)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct Meter {
    pub id: i64,
    pub account_id: i64,
    pub external_id: String,
    pub service: String,
    pub serial_number: String,
    pub decimal_places: i32,
    pub verification_due: NaiveDate,
    pub installed_on: Option<NaiveDate>,
    pub removed_on: Option<NaiveDate>,
    pub model: Option<String>,
    pub status: String,
    pub replaces_id: Option<i64>,
    pub initial_value: Option<i64>,
}

impl Meter {
    /// Decimal places as the value rules take them (stored 0–4).
    pub fn decimals(&self) -> u8 {
        decimals(self.decimal_places)
    }
}

/// Stored decimal places (0–4) as the value rules take them.
pub fn decimals(stored: i32) -> u8 {
    u8::try_from(stored.clamp(0, 4)).unwrap_or(0)
}

/// What the billing system says about a meter (what an upsert stores and compares).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeterFields {
    pub external_id: String,
    pub account_id: i64,
    pub service: String,
    pub serial_number: String,
    pub model: Option<String>,
    pub installed_on: Option<NaiveDate>,
    pub decimal_places: i32,
    pub verification_due: NaiveDate,
    pub status: String,
    pub removed_on: Option<NaiveDate>,
    pub replaces_id: Option<i64>,
    pub initial_value: Option<i64>,
}

impl From<&Meter> for MeterFields {
    fn from(m: &Meter) -> Self {
        Self {
            external_id: m.external_id.clone(),
            account_id: m.account_id,
            service: m.service.clone(),
            serial_number: m.serial_number.clone(),
            model: m.model.clone(),
            installed_on: m.installed_on,
            decimal_places: m.decimal_places,
            verification_due: m.verification_due,
            status: m.status.clone(),
            removed_on: m.removed_on,
            replaces_id: m.replaces_id,
            initial_value: m.initial_value,
        }
    }
}

/// A meter as «Общая информация» summarises it: `(service, serial, verification_due)`.
pub type MeterRow = (String, String, NaiveDate);

/// Every meter of an account (in service first, then by id), for «Данные счётчиков».
pub fn all_on_account(conn: &mut DbConnection, account_id: i64) -> QueryResult<Vec<Meter>> {
    let mut found: Vec<Meter> = crate::with_conn!(conn, |c| meters::table
        .filter(meters::account_id.eq(account_id))
        .order(meters::id.asc())
        .select(Meter::as_select())
        .load(c))?;
    found.sort_by_key(|m| (m.status != "active", m.id));
    Ok(found)
}

/// One meter of an account by the billing system's id.
pub fn find_on_account(
    conn: &mut DbConnection,
    account_id: i64,
    external_id: &str,
) -> QueryResult<Option<Meter>> {
    crate::with_conn!(conn, |c| meters::table
        .filter(meters::account_id.eq(account_id))
        .filter(meters::external_id.eq(external_id))
        .select(Meter::as_select())
        .first(c)
        .optional())
}

/// Locks a meter's row until the transaction ends, so two submissions for one meter take
/// turns (PostgreSQL; SQLite transactions already start with `BEGIN IMMEDIATE`).
pub fn lock(conn: &mut DbConnection, id: i64) -> QueryResult<()> {
    if let DbConnection::Pg(c) = conn {
        meters::table
            .find(id)
            .select(meters::id)
            .for_update()
            .first::<i64>(c)?;
    }
    Ok(())
}

/// Meters by the billing system's ids.
pub fn find_many(conn: &mut DbConnection, ids: &[String]) -> QueryResult<Vec<Meter>> {
    crate::with_conn!(conn, |c| meters::table
        .filter(meters::external_id.eq_any(ids))
        .select(Meter::as_select())
        .load(c))
}

/// Inserts meters in one statement, skipping ids that exist by then; returns the ids inserted.
pub fn insert_many(conn: &mut DbConnection, rows: &[MeterFields]) -> QueryResult<Vec<String>> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let values: Vec<_> = rows
        .iter()
        .map(|r| {
            (
                meters::external_id.eq(&r.external_id),
                meters::account_id.eq(r.account_id),
                meters::service.eq(&r.service),
                meters::serial_number.eq(&r.serial_number),
                meters::model.eq(&r.model),
                meters::installed_on.eq(r.installed_on),
                meters::decimal_places.eq(r.decimal_places),
                meters::verification_due.eq(r.verification_due),
                meters::status.eq(&r.status),
                meters::removed_on.eq(r.removed_on),
                meters::replaces_id.eq(r.replaces_id),
                meters::initial_value.eq(r.initial_value),
            )
        })
        .collect();
    crate::with_conn!(conn, |c| diesel::insert_into(meters::table)
        .values(&values)
        .on_conflict_do_nothing()
        .returning(meters::external_id)
        .get_results(c))
}

/// Overwrites a meter's billing data.
pub fn update(conn: &mut DbConnection, id: i64, r: &MeterFields) -> QueryResult<()> {
    crate::with_conn!(conn, |c| diesel::update(meters::table.find(id))
        .set((
            meters::account_id.eq(r.account_id),
            meters::service.eq(&r.service),
            meters::serial_number.eq(&r.serial_number),
            meters::model.eq(&r.model),
            meters::installed_on.eq(r.installed_on),
            meters::decimal_places.eq(r.decimal_places),
            meters::verification_due.eq(r.verification_due),
            meters::status.eq(&r.status),
            meters::removed_on.eq(r.removed_on),
            meters::replaces_id.eq(r.replaces_id),
            meters::initial_value.eq(r.initial_value),
        ))
        .execute(c))?;
    Ok(())
}

/// Marks a meter replaced on `on` (unless it already is).
pub fn retire(conn: &mut DbConnection, id: i64, on: NaiveDate) -> QueryResult<()> {
    crate::with_conn!(conn, |c| diesel::update(
        meters::table.find(id).filter(meters::status.eq("active"))
    )
    .set((
        meters::status.eq("replaced"),
        meters::removed_on.eq(Some(on))
    ))
    .execute(c))?;
    Ok(())
}
