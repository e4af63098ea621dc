//! `tariffs`: price per unit of a service over a span of days, keyed by
//! `(service, valid_from)` (`tariff_key` = `"hot_water/2026-07-01"`).

use chrono::NaiveDate;
use diesel::prelude::*;

use crate::db::schema::tariffs;
use crate::db::DbConnection;

/// A tariff as uploaded and stored.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = tariffs)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct TariffData {
    pub service: String,
    pub price_kopecks: i64,
    pub unit: String,
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
    pub tariff_key: String,
}

/// The key of a tariff.
pub fn key(service: &str, valid_from: NaiveDate) -> String {
    format!("{service}/{valid_from}")
}

/// Stored tariffs with these keys, with their ids.
pub fn find_many(conn: &mut DbConnection, keys: &[String]) -> QueryResult<Vec<(i64, TariffData)>> {
    crate::with_conn!(conn, |c| tariffs::table
        .filter(tariffs::tariff_key.eq_any(keys))
        .select((tariffs::id, TariffData::as_select()))
        .load(c))
}

/// Inserts tariffs whose key is free; returns the keys inserted.
pub fn insert_many(conn: &mut DbConnection, rows: &[TariffData]) -> QueryResult<Vec<String>> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let values: Vec<_> = rows
        .iter()
        .map(|r| {
            (
                tariffs::service.eq(&r.service),
                tariffs::price_kopecks.eq(r.price_kopecks),
                tariffs::unit.eq(&r.unit),
                tariffs::valid_from.eq(r.valid_from),
                tariffs::valid_to.eq(r.valid_to),
                tariffs::tariff_key.eq(&r.tariff_key),
            )
        })
        .collect();
    crate::with_conn!(conn, |c| diesel::insert_into(tariffs::table)
        .values(&values)
        .on_conflict_do_nothing()
        .returning(tariffs::tariff_key)
        .get_results(c))
}

/// Overwrites a tariff's price and end.
pub fn update(conn: &mut DbConnection, id: i64, r: &TariffData) -> QueryResult<()> {
    crate::with_conn!(conn, |c| diesel::update(tariffs::table.find(id))
        .set((
            tariffs::price_kopecks.eq(r.price_kopecks),
            tariffs::unit.eq(&r.unit),
            tariffs::valid_to.eq(r.valid_to),
        ))
        .execute(c))?;
    Ok(())
}

/// The price per unit of `service` on `day`: the latest tariff started by then and not ended.
pub fn price_on(
    conn: &mut DbConnection,
    service: &str,
    day: NaiveDate,
) -> QueryResult<Option<i64>> {
    crate::with_conn!(conn, |c| tariffs::table
        .filter(tariffs::service.eq(service))
        .filter(tariffs::valid_from.le(day))
        .filter(tariffs::valid_to.is_null().or(tariffs::valid_to.ge(day)))
        .order(tariffs::valid_from.desc())
        .select(tariffs::price_kopecks)
        .first(c)
        .optional())
}
