//! `readings` and `reading_counter`: every meter reading ever received, and the order the export
//! hands them out in: by `(txid, seq)`.
//!
//! Why not by id: on PostgreSQL two transactions can take ids 7 and 8 and commit 8 first; an
//! export that has read 8 then moves its cursor past 7 for good. So on PostgreSQL each row keeps
//! the id of the transaction that wrote it (`txid`, a column default), and the export hands out
//! only rows whose transaction is older than the oldest one still running
//! (`pg_snapshot_xmin(pg_current_snapshot())`): such a transaction has finished, and no new one
//! can get an older id, so nothing can appear behind the cursor. Submissions never wait for one
//! another (an earlier design took a counter row lock until commit: 58 % of the connections
//! queued on it under load). On SQLite writers take turns anyway; `seq` comes from
//! `reading_counter` inside the writing transaction and `txid = seq`.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use diesel::sql_types::BigInt;

use crate::db::schema::{accounts, meters, reading_counter, readings};
use crate::db::time::now;
use crate::db::DbConnection;

/// A full `readings` row.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = readings)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct Reading {
    pub id: i64,
    pub seq: i64,
    pub number: String,
    pub meter_id: i64,
    pub account_id: i64,
    pub value: i64,
    pub taken_on: NaiveDate,
    pub submitted_at: NaiveDateTime,
    pub period: String,
    pub in_window: bool,
    pub source: String,
    pub status: String,
    pub flagged: bool,
    pub flag_reason: Option<String>,
    pub reject_reason: Option<String>,
    pub submitted_by: Option<i64>,
    pub client_id: Option<i64>,
    /// The export's first key (see the module notes).
    pub txid: i64,
}

/// A reading to store.
#[derive(Debug, Clone)]
pub struct NewReading<'a> {
    pub meter_id: i64,
    pub account_id: i64,
    pub value: i64,
    pub taken_on: NaiveDate,
    pub period: &'a str,
    pub in_window: bool,
    pub source: &'a str,
    pub status: &'a str,
    pub flag_reason: Option<&'a str>,
    pub submitted_by: Option<i64>,
    pub client_id: Option<i64>,
}

/// The number a resident quotes: the period as `YYMM` and the export sequence, `2611-000123`.
fn quotable(period: &str, seq: i64) -> String {
    let yymm: String = period
        .chars()
        .filter(char::is_ascii_digit)
        .skip(2)
        .collect();
    format!("{yymm}-{seq:06}")
}

/// Inserts a reading with the next sequence number (and, on PostgreSQL, its transaction id).
pub fn insert(conn: &mut DbConnection, new: &NewReading<'_>) -> QueryResult<Reading> {
    let seq: i64 = match conn {
        DbConnection::Pg(c) => {
            diesel::select(diesel::dsl::sql::<BigInt>("nextval('reading_seq')")).get_result(c)?
        }
        DbConnection::Sqlite(c) => diesel::update(reading_counter::table.find(1))
            .set(reading_counter::value.eq(reading_counter::value + 1))
            .returning(reading_counter::value)
            .get_result(c)?,
    };
    let values = (
        readings::seq.eq(seq),
        readings::number.eq(quotable(new.period, seq)),
        readings::meter_id.eq(new.meter_id),
        readings::account_id.eq(new.account_id),
        readings::value.eq(new.value),
        readings::taken_on.eq(new.taken_on),
        readings::submitted_at.eq(now()),
        readings::period.eq(new.period),
        readings::in_window.eq(new.in_window),
        readings::source.eq(new.source),
        readings::status.eq(new.status),
        readings::flagged.eq(new.flag_reason.is_some()),
        readings::flag_reason.eq(new.flag_reason),
        readings::submitted_by.eq(new.submitted_by),
        readings::client_id.eq(new.client_id),
    );
    match conn {
        // `txid` is the column default: the inserting transaction's id.
        DbConnection::Pg(c) => diesel::insert_into(readings::table)
            .values(values)
            .returning(Reading::as_returning())
            .get_result(c),
        DbConnection::Sqlite(c) => diesel::insert_into(readings::table)
            .values((values, readings::txid.eq(seq)))
            .returning(Reading::as_returning())
            .get_result(c),
    }
}

/// The readings that matter for the rules and the view of these meters, newest first: every
/// one but the superseded, at most `limit` (a meter takes about twelve a year).
pub fn recent(conn: &mut DbConnection, meter_ids: &[i64], limit: i64) -> QueryResult<Vec<Reading>> {
    crate::with_conn!(conn, |c| readings::table
        .filter(readings::meter_id.eq_any(meter_ids))
        .filter(readings::status.ne("superseded"))
        .order(readings::seq.desc())
        .limit(limit)
        .select(Reading::as_select())
        .load(c))
}

/// Marks the unbilled readings of a meter for a period superseded (a newer one replaces them).
pub fn supersede(conn: &mut DbConnection, meter_id: i64, period: &str) -> QueryResult<usize> {
    crate::with_conn!(conn, |c| diesel::update(
        readings::table
            .filter(readings::meter_id.eq(meter_id))
            .filter(readings::period.eq(period))
            .filter(readings::status.eq("received"))
    )
    .set(readings::status.eq("superseded"))
    .execute(c))
}

/// One page of a meter's history, newest first, before the `seq` cursor.
pub fn history(
    conn: &mut DbConnection,
    meter_id: i64,
    before: Option<i64>,
    limit: i64,
) -> QueryResult<Vec<Reading>> {
    crate::with_conn!(conn, |c| readings::table
        .filter(readings::meter_id.eq(meter_id))
        .filter(readings::seq.lt(before.unwrap_or(i64::MAX)))
        .order(readings::seq.desc())
        .limit(limit)
        .select(Reading::as_select())
        .load(c))
}

/// A reading with its account number and meter id, as the export and the operator see it.
pub type Located = (Reading, String, String, String, i32);

/// One page of the export: readings after the `(txid, seq)` cursor, in that order, written by
/// transactions that have all finished (see the module notes).
pub fn export(conn: &mut DbConnection, after: (i64, i64), limit: i64) -> QueryResult<Vec<Located>> {
    let horizon: i64 = match conn {
        DbConnection::Pg(c) => diesel::select(diesel::dsl::sql::<BigInt>(
            "pg_snapshot_xmin(pg_current_snapshot())::text::bigint",
        ))
        .get_result(c)?,
        DbConnection::Sqlite(_) => i64::MAX,
    };
    let (txid, seq) = after;
    crate::with_conn!(conn, |c| readings::table
        .inner_join(meters::table)
        .inner_join(accounts::table)
        .filter(readings::txid.lt(horizon))
        .filter(
            readings::txid
                .gt(txid)
                .or(readings::txid.eq(txid).and(readings::seq.gt(seq)))
        )
        .order((readings::txid.asc(), readings::seq.asc()))
        .limit(limit)
        .select((
            Reading::as_select(),
            accounts::number,
            meters::external_id,
            meters::service,
            meters::decimal_places,
        ))
        .load(c))
}

/// Flagged readings still waiting (status `received`), newest first, before the cursor.
pub fn flagged(
    conn: &mut DbConnection,
    before: Option<i64>,
    limit: i64,
) -> QueryResult<Vec<Located>> {
    crate::with_conn!(conn, |c| readings::table
        .inner_join(meters::table)
        .inner_join(accounts::table)
        .filter(readings::flagged.eq(true))
        .filter(readings::status.eq("received"))
        .filter(readings::seq.lt(before.unwrap_or(i64::MAX)))
        .order(readings::seq.desc())
        .limit(limit)
        .select((
            Reading::as_select(),
            accounts::number,
            meters::external_id,
            meters::service,
            meters::decimal_places,
        ))
        .load(c))
}

/// How many flagged readings are still waiting (the office's home page).
pub fn flagged_count(conn: &mut DbConnection) -> QueryResult<i64> {
    crate::with_conn!(conn, |c| readings::table
        .filter(readings::flagged.eq(true))
        .filter(readings::status.eq("received"))
        .count()
        .get_result(c))
}

/// One reading by id.
pub fn find(conn: &mut DbConnection, id: i64) -> QueryResult<Option<Reading>> {
    crate::with_conn!(conn, |c| readings::table
        .find(id)
        .select(Reading::as_select())
        .first(c)
        .optional())
}

/// Readings by id (the billing system's «billed» list).
pub fn find_many(conn: &mut DbConnection, ids: &[i64]) -> QueryResult<Vec<Reading>> {
    crate::with_conn!(conn, |c| readings::table
        .filter(readings::id.eq_any(ids))
        .select(Reading::as_select())
        .load(c))
}

/// Sets a reading's status (and period, for `billed`; reason, for `rejected`), only from
/// `from`; false when it was no longer there.
pub fn set_status(
    conn: &mut DbConnection,
    id: i64,
    from: &[&str],
    to: &str,
    period: &str,
    reason: Option<&str>,
) -> QueryResult<bool> {
    let changed = crate::with_conn!(conn, |c| diesel::update(
        readings::table
            .find(id)
            .filter(readings::status.eq_any(from))
    )
    .set((
        readings::status.eq(to),
        readings::period.eq(period),
        readings::reject_reason.eq(reason),
    ))
    .execute(c))?;
    Ok(changed == 1)
}

/// Whether a meter already has an integrator's billed reading of this value for the period
/// (so re-uploading a meter with its `last_billed` adds nothing).
pub fn has_billed(
    conn: &mut DbConnection,
    meter_id: i64,
    value: i64,
    period: &str,
) -> QueryResult<bool> {
    let n: i64 = crate::with_conn!(conn, |c| readings::table
        .filter(readings::meter_id.eq(meter_id))
        .filter(readings::value.eq(value))
        .filter(readings::period.eq(period))
        .filter(readings::status.eq("billed"))
        .count()
        .get_result(c))?;
    Ok(n > 0)
}

/// How many readings a user has submitted since `since` (the per-user hourly limit).
pub fn submitted_since(
    conn: &mut DbConnection,
    user_id: i64,
    since: NaiveDateTime,
) -> QueryResult<i64> {
    crate::with_conn!(conn, |c| readings::table
        .filter(readings::submitted_by.eq(user_id))
        .filter(readings::submitted_at.gt(since))
        .count()
        .get_result(c))
}

/// (service, serial number, decimal places, value, taken on).
pub type UsedReading = (String, String, i32, i64, NaiveDate);

/// The readings a period's bill used: per meter of the account, its latest billed (else
/// received) reading of `period`, as (service, serial number, decimal places, value, taken on),
/// in one query.
pub fn used_in_period(
    conn: &mut DbConnection,
    account_id: i64,
    period: &str,
) -> QueryResult<Vec<UsedReading>> {
    let rows: Vec<(i64, String, String, i32, i64, NaiveDate, String)> =
        crate::with_conn!(conn, |c| readings::table
            .inner_join(meters::table.on(meters::id.eq(readings::meter_id)))
            .filter(readings::account_id.eq(account_id))
            .filter(readings::period.eq(period))
            .filter(readings::status.eq_any(["billed", "received"]))
            .order((readings::meter_id.asc(), readings::seq.desc()))
            .select((
                readings::meter_id,
                meters::service,
                meters::serial_number,
                meters::decimal_places,
                readings::value,
                readings::taken_on,
                readings::status,
            ))
            .load(c))?;
    let mut out: Vec<(i64, bool, UsedReading)> = Vec::new();
    for (meter, service, serial, decimals, value, taken_on, status) in rows {
        let billed = status == "billed";
        let row = (service, serial, decimals, value, taken_on);
        match out.iter_mut().find(|(m, _, _)| *m == meter) {
            // A billed reading wins over a newer one still waiting.
            Some(slot) if billed && !slot.1 => *slot = (meter, billed, row),
            Some(_) => {}
            None => out.push((meter, billed, row)),
        }
    }
    Ok(out.into_iter().map(|(_, _, row)| row).collect())
}
