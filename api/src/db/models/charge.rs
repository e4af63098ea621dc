//! `charges`: what the billing system charged an account per period. A period of an account is
//! replaced as a whole (delete + insert in one transaction): on PostgreSQL the batch is streamed
//! with `COPY … FROM STDIN` (binary) into a per-connection temporary table and merged into
//! `charges` by one statement; on SQLite it is a multi-row insert. The triggers of migration
//! 000012 keep `account_totals` (the balance) in step, in the same transaction.

use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Text, Timestamp};

use crate::db::schema::charges;
use crate::db::time::now;
use crate::db::DbConnection;

diesel::table! {
    /// The per-connection staging table of a charges upload (PostgreSQL only; `ON COMMIT DELETE
    /// ROWS`, so it is empty whenever the connection goes back to the pool).
    charges_load (line) {
        account_id -> BigInt,
        line -> Integer,
        service -> Text,
        kind -> Text,
        quantity -> Nullable<BigInt>,
        unit -> Nullable<Text>,
        tariff_kopecks -> Nullable<BigInt>,
        amount_kopecks -> BigInt,
        comment -> Nullable<Text>,
    }
}

/// One charge line of an upload, ready to store.
#[derive(Debug, Clone, PartialEq, Eq, Insertable)]
#[diesel(table_name = charges_load, treat_none_as_default_value = false)]
pub struct ChargeLine {
    pub account_id: i64,
    /// Its place in the upload (the order the statement lists lines in).
    pub line: i32,
    pub service: String,
    pub kind: String,
    /// Ten-thousandths.
    pub quantity: Option<i64>,
    pub unit: Option<String>,
    pub tariff_kopecks: Option<i64>,
    pub amount_kopecks: i64,
    pub comment: Option<String>,
}

/// A stored charge.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = charges)]
pub struct Charge {
    pub id: i64,
    pub period: String,
    pub service: String,
    pub kind: String,
    pub quantity: Option<i64>,
    pub unit: Option<String>,
    pub tariff_kopecks: Option<i64>,
    pub amount_kopecks: i64,
    pub comment: Option<String>,
}

/// Rows per multi-row insert on SQLite (11 values each, under its 32 766-variable limit).
const SQLITE_CHUNK: usize = 2_000;

const CREATE_LOAD: &str = "CREATE TEMP TABLE IF NOT EXISTS charges_load (
    account_id BIGINT NOT NULL, line INTEGER NOT NULL, service TEXT NOT NULL, kind TEXT NOT NULL,
    quantity BIGINT, unit TEXT, tariff_kopecks BIGINT, amount_kopecks BIGINT NOT NULL,
    comment TEXT) ON COMMIT DELETE ROWS";

const MERGE: &str = "WITH gone AS (
    DELETE FROM charges WHERE period = $1 AND account_id = ANY($2))
  INSERT INTO charges (account_id, period, line, service, kind, quantity, unit, tariff_kopecks,
                       amount_kopecks, comment, created_at)
  SELECT account_id, $1, line, service, kind, quantity, unit, tariff_kopecks, amount_kopecks,
         comment, $3
  FROM charges_load";

/// Locks the `account_totals` rows of the batch's accounts (those replaced and those with lines),
/// in account order, creating the missing ones. The merge's triggers then only touch rows this
/// transaction holds: two uploads, or an upload and a payment, meet in the same order and
/// wait instead of deadlocking. (`DO UPDATE` with an unchanged value is what takes the lock;
/// `DO NOTHING` would not.)
const LOCK_TOTALS: &str = "INSERT INTO account_totals AS t (account_id)
  SELECT id FROM (SELECT unnest($1::BIGINT[]) AS id UNION SELECT account_id FROM charges_load) ids
  ORDER BY id
  ON CONFLICT (account_id) DO UPDATE SET charged_kopecks = t.charged_kopecks";

/// Replaces `period` of each account in `accounts` with its `lines` (an account with no lines
/// is emptied; lines of accounts not listed are appended). Call inside a transaction.
pub fn replace_period(
    conn: &mut DbConnection,
    period: &str,
    accounts: &[i64],
    lines: &[ChargeLine],
) -> QueryResult<()> {
    let at = now();
    match conn {
        DbConnection::Pg(c) => {
            diesel::sql_query(CREATE_LOAD).execute(c)?;
            if !lines.is_empty() {
                diesel::copy_from(charges_load::table)
                    .from_insertable(lines)
                    .execute(c)?;
            }
            diesel::sql_query(LOCK_TOTALS)
                .bind::<Array<BigInt>, _>(accounts)
                .execute(c)?;
            diesel::sql_query(MERGE)
                .bind::<Text, _>(period)
                .bind::<Array<BigInt>, _>(accounts)
                .bind::<Timestamp, _>(at)
                .execute(c)?;
            // The next batch on this connection may be in the same transaction.
            diesel::sql_query("TRUNCATE charges_load").execute(c)?;
        }
        DbConnection::Sqlite(c) => {
            for ids in accounts.chunks(SQLITE_CHUNK) {
                diesel::delete(
                    charges::table
                        .filter(charges::period.eq(period))
                        .filter(charges::account_id.eq_any(ids)),
                )
                .execute(c)?;
            }
            for chunk in lines.chunks(SQLITE_CHUNK) {
                let values: Vec<_> = chunk
                    .iter()
                    .map(|l| {
                        (
                            charges::account_id.eq(l.account_id),
                            charges::period.eq(period),
                            charges::line.eq(l.line),
                            charges::service.eq(&l.service),
                            charges::kind.eq(&l.kind),
                            charges::quantity.eq(l.quantity),
                            charges::unit.eq(&l.unit),
                            charges::tariff_kopecks.eq(l.tariff_kopecks),
                            charges::amount_kopecks.eq(l.amount_kopecks),
                            charges::comment.eq(&l.comment),
                            charges::created_at.eq(at),
                        )
                    })
                    .collect();
                diesel::insert_into(charges::table)
                    .values(&values)
                    .execute(c)?;
            }
        }
    }
    Ok(())
}

/// A page of the account's charges, newest period first; `before` is the last id seen.
pub fn page(
    conn: &mut DbConnection,
    account_id: i64,
    before: Option<(String, i64)>,
    limit: i64,
) -> QueryResult<Vec<Charge>> {
    crate::with_conn!(conn, |c| {
        let mut q = charges::table
            .filter(charges::account_id.eq(account_id))
            .into_boxed();
        if let Some((period, id)) = &before {
            q = q.filter(
                charges::period
                    .lt(period.clone())
                    .or(charges::period.eq(period.clone()).and(charges::id.lt(*id))),
            );
        }
        q.order((charges::period.desc(), charges::id.desc()))
            .limit(limit)
            .select(Charge::as_select())
            .load(c)
    })
}

/// Inserts one demo charge.
pub fn add(
    conn: &mut DbConnection,
    account_id: i64,
    period: &str,
    line: &ChargeLine,
) -> QueryResult<()> {
    crate::with_conn!(conn, |c| diesel::insert_into(charges::table)
        .values((
            charges::account_id.eq(account_id),
            charges::period.eq(period),
            charges::line.eq(line.line),
            charges::service.eq(&line.service),
            charges::kind.eq(&line.kind),
            charges::quantity.eq(line.quantity),
            charges::unit.eq(&line.unit),
            charges::tariff_kopecks.eq(line.tariff_kopecks),
            charges::amount_kopecks.eq(line.amount_kopecks),
            charges::comment.eq(&line.comment),
            charges::created_at.eq(now()),
        ))
        .execute(c))?;
    Ok(())
}
