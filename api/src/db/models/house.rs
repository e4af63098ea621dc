//! `houses`: buildings the supplier serves, keyed by the billing system's id, with an optional
//! reading-window override.

use diesel::prelude::*;

use crate::db::schema::houses;
use crate::db::time::now;
use crate::db::DbConnection;

/// A house as the billing system describes it (what an upsert compares).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HouseData {
    pub external_id: String,
    pub settlement: String,
    pub street: String,
    pub house: String,
    pub window: Option<(i32, i32)>,
}

/// A stored house: its id and data.
pub type StoredHouse = (i64, HouseData);

type Row = (
    i64,
    String,
    String,
    String,
    String,
    Option<i32>,
    Option<i32>,
);

fn data(row: Row) -> StoredHouse {
    let (id, external_id, settlement, street, house, start, end) = row;
    let window = match (start, end) {
        (Some(s), Some(e)) => Some((s, e)),
        _ => None,
    };
    (
        id,
        HouseData {
            external_id,
            settlement,
            street,
            house,
            window,
        },
    )
}

/// Houses with these billing ids (one query).
pub fn find_many(conn: &mut DbConnection, ids: &[String]) -> QueryResult<Vec<StoredHouse>> {
    let rows: Vec<Row> = crate::with_conn!(conn, |c| houses::table
        .filter(houses::external_id.eq_any(ids))
        .select((
            houses::id,
            houses::external_id,
            houses::settlement,
            houses::street,
            houses::house,
            houses::reading_window_start,
            houses::reading_window_end,
        ))
        .load(c))?;
    Ok(rows.into_iter().map(data).collect())
}

/// Inserts houses in one statement, skipping ids that exist by then (a concurrent upload);
/// returns the ids actually inserted.
pub fn insert_many(conn: &mut DbConnection, rows: &[HouseData]) -> QueryResult<Vec<String>> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let at = now();
    let values: Vec<_> = rows
        .iter()
        .map(|h| {
            (
                houses::external_id.eq(&h.external_id),
                houses::settlement.eq(&h.settlement),
                houses::street.eq(&h.street),
                houses::house.eq(&h.house),
                houses::reading_window_start.eq(h.window.map(|w| w.0)),
                houses::reading_window_end.eq(h.window.map(|w| w.1)),
                houses::created_at.eq(at),
                houses::updated_at.eq(at),
            )
        })
        .collect();
    crate::with_conn!(conn, |c| diesel::insert_into(houses::table)
        .values(&values)
        .on_conflict_do_nothing()
        .returning(houses::external_id)
        .get_results(c))
}

/// Overwrites a house.
pub fn update(conn: &mut DbConnection, id: i64, h: &HouseData) -> QueryResult<()> {
    crate::with_conn!(conn, |c| diesel::update(houses::table.find(id))
        .set((
            houses::settlement.eq(&h.settlement),
            houses::street.eq(&h.street),
            houses::house.eq(&h.house),
            houses::reading_window_start.eq(h.window.map(|w| w.0)),
            houses::reading_window_end.eq(h.window.map(|w| w.1)),
            houses::updated_at.eq(now()),
        ))
        .execute(c))?;
    Ok(())
}

/// Returns the id of the house with `external_id`, creating it when missing (seed data).
pub fn ensure(conn: &mut DbConnection, new: &HouseData) -> QueryResult<i64> {
    if let Some((id, _)) = find_many(conn, std::slice::from_ref(&new.external_id))?
        .into_iter()
        .next()
    {
        return Ok(id);
    }
    insert_many(conn, std::slice::from_ref(new))?;
    find_many(conn, std::slice::from_ref(&new.external_id))?
        .into_iter()
        .next()
        .map(|(id, _)| id)
        .ok_or(diesel::result::Error::NotFound)
}
