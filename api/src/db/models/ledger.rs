//! An account's statement rows in one query: its charges of a range of periods, its payments
//! of a range of days and the four sums the balances are made of, as one `UNION ALL`.
//!
//! One statement is one snapshot on both engines (no transaction needed for a re-upload
//! committed meanwhile to leave the months and the debt disagreeing) and one round trip
//! instead of five with `BEGIN`/`COMMIT` — on PostgreSQL each round trip costs more than the
//! rows it brings. Rows come in no particular order; the caller sorts them.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Date, Integer, Nullable, Text, Timestamp};

use crate::db::models::charge::Charge;
use crate::db::models::payment::Payment;
use crate::db::DbConnection;

/// The statement's data for one account.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Ledger {
    /// Charges of the periods, ordered by period, line and id.
    pub charges: Vec<Charge>,
    /// Payments of the days, ordered by day and id.
    pub payments: Vec<Payment>,
    pub charged_before: i64,
    pub charged_all: i64,
    pub paid_before: i64,
    pub paid_all: i64,
    /// `account_totals.version` in the same snapshot (0 before the account's first row): what
    /// a rendered statement is cached under (`http::billing::statement_cache`).
    pub version: i64,
}

crate::prepared_query! {
    /// Part 0: a charge; part 1: a payment (its channel in `service`); part 2: the sums, in
    /// `id` (charged before `from`), `quantity` (charged in all), `tariff` (paid before
    /// `first_day`) and `amount` (paid in all). The sums "in all" are `account_totals`'s,
    /// which its triggers keep in the same transaction as the rows, so the snapshot agrees.
    /// Part 3: the account's ledger version (`account_totals.version`, 0 without a row) in `id`.
    struct LedgerQuery {
        account_id: i64,
        from: String,
        to: String,
        first_day: NaiveDate,
        last_day: NaiveDate,
    } -> (
        Integer,
        BigInt,
        Nullable<BigInt>,
        Nullable<BigInt>,
        BigInt,
        Nullable<Text>,
        Nullable<Integer>,
        Nullable<Text>,
        Nullable<Text>,
        Nullable<Text>,
        Nullable<Text>,
        Nullable<Date>,
        Nullable<Timestamp>,
    );
    "SELECT 0, id, quantity, tariff_kopecks, amount_kopecks, period, line, service, kind, unit, \
            comment, CAST(NULL AS DATE), CAST(NULL AS TIMESTAMP) \
     FROM charges WHERE account_id = " (account_id: BigInt)
    " AND period >= " (from: Text) " AND period <= " (to: Text)
    " UNION ALL \
     SELECT 1, id, CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), amount_kopecks, \
            CAST(NULL AS TEXT), CAST(NULL AS INTEGER), source, CAST(NULL AS TEXT), \
            CAST(NULL AS TEXT), CAST(NULL AS TEXT), paid_on, paid_at \
     FROM payments WHERE account_id = " (account_id: BigInt)
    " AND paid_on >= " (first_day: Date) " AND paid_on <= " (last_day: Date)
    " UNION ALL \
     SELECT 2, \
            CAST(COALESCE((SELECT SUM(amount_kopecks) FROM charges WHERE account_id = "
    (account_id: BigInt) " AND period < " (from: Text) "), 0) AS BIGINT), \
            CAST(COALESCE((SELECT charged_kopecks FROM account_totals WHERE account_id = "
    (account_id: BigInt) "), 0) AS BIGINT), \
            CAST(COALESCE((SELECT SUM(amount_kopecks) FROM payments WHERE account_id = "
    (account_id: BigInt) " AND paid_on < " (first_day: Date) "), 0) AS BIGINT), \
            CAST(COALESCE((SELECT paid_kopecks FROM account_totals WHERE account_id = "
    (account_id: BigInt) "), 0) AS BIGINT), \
            CAST(NULL AS TEXT), CAST(NULL AS INTEGER), CAST(NULL AS TEXT), CAST(NULL AS TEXT), \
            CAST(NULL AS TEXT), CAST(NULL AS TEXT), CAST(NULL AS DATE), CAST(NULL AS TIMESTAMP) \
     UNION ALL \
     SELECT 3, CAST(COALESCE((SELECT version FROM account_totals WHERE account_id = "
    (account_id: BigInt) "), 0) AS BIGINT), \
            CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), CAST(0 AS BIGINT), \
            CAST(NULL AS TEXT), CAST(NULL AS INTEGER), CAST(NULL AS TEXT), CAST(NULL AS TEXT), \
            CAST(NULL AS TEXT), CAST(NULL AS TEXT), CAST(NULL AS DATE), CAST(NULL AS TIMESTAMP)"
}

type Row = (
    i32,
    i64,
    Option<i64>,
    Option<i64>,
    i64,
    Option<String>,
    Option<i32>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<NaiveDate>,
    Option<NaiveDateTime>,
);

/// The charges of `from..=to` (periods `YYYY-MM`), the payments of `first_day..=last_day` and
/// the sums before them and in all, of account `account_id`.
pub fn read(
    conn: &mut DbConnection,
    account_id: i64,
    (from, to): (&str, &str),
    (first_day, last_day): (NaiveDate, NaiveDate),
) -> QueryResult<Ledger> {
    let query = LedgerQuery {
        account_id,
        from: from.to_owned(),
        to: to.to_owned(),
        first_day,
        last_day,
    };
    let rows: Vec<Row> = crate::with_conn!(conn, |c| query.load(c))?;
    let mut ledger = Ledger::default();
    // The lines of a period in upload order, the charge id breaking ties.
    let mut lines: Vec<(i32, Charge)> = Vec::new();
    for (part, id, b, c, amount, period, line, text, kind, unit, comment, paid_on, paid_at) in rows
    {
        match part {
            0 => lines.push((
                line.unwrap_or(0),
                Charge {
                    id,
                    period: period.unwrap_or_default(),
                    service: text.unwrap_or_default(),
                    kind: kind.unwrap_or_default(),
                    quantity: b,
                    unit,
                    tariff_kopecks: c,
                    amount_kopecks: amount,
                    comment,
                },
            )),
            1 => ledger.payments.push(Payment {
                id,
                paid_on: paid_on.unwrap_or_default(),
                paid_at,
                amount_kopecks: amount,
                source: text.unwrap_or_default(),
            }),
            3 => ledger.version = id,
            _ => {
                ledger.charged_before = id;
                ledger.charged_all = b.unwrap_or(0);
                ledger.paid_before = c.unwrap_or(0);
                ledger.paid_all = amount;
            }
        }
    }
    lines.sort_by(|(la, a), (lb, b)| (&a.period, la, a.id).cmp(&(&b.period, lb, b.id)));
    ledger.charges = lines.into_iter().map(|(_, charge)| charge).collect();
    ledger.payments.sort_by_key(|p| (p.paid_on, p.id));
    Ok(ledger)
}
