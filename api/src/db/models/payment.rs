//! `payments`: money credited to an account, from the billing system's channels (bank, office,
//! agent; idempotent by `external_id`) and from Kabinet's own online payments (`external_id`
//! `online:<payment id>`, so a payment is credited at most once whatever repeats).

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::schema::payments;
use crate::db::time::now;
use crate::db::DbConnection;

/// A payment to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPayment {
    pub external_id: String,
    pub account_id: i64,
    pub amount_kopecks: i64,
    pub paid_at: NaiveDateTime,
    /// The supplier's local date of `paid_at` (the statement's month).
    pub paid_on: NaiveDate,
    pub channel: String,
}

/// A stored payment.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = payments)]
pub struct Payment {
    pub id: i64,
    pub paid_on: NaiveDate,
    pub paid_at: Option<NaiveDateTime>,
    pub amount_kopecks: i64,
    pub source: String,
}

impl Payment {
    /// The moment it was paid (payments recorded before `paid_at` existed: 09:00 of the day).
    pub fn moment(&self) -> NaiveDateTime {
        self.paid_at
            .unwrap_or_else(|| self.paid_on.and_hms_opt(9, 0, 0).unwrap_or_default())
    }
}

/// Inserts payments whose external id is new; returns the external ids inserted.
pub fn insert_many(conn: &mut DbConnection, rows: &[NewPayment]) -> QueryResult<Vec<String>> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let at = now();
    let values: Vec<_> = rows
        .iter()
        .map(|r| {
            (
                payments::account_id.eq(r.account_id),
                payments::paid_on.eq(r.paid_on),
                payments::paid_at.eq(Some(r.paid_at)),
                payments::amount_kopecks.eq(r.amount_kopecks),
                payments::source.eq(&r.channel),
                payments::external_id.eq(Some(&r.external_id)),
                payments::created_at.eq(at),
            )
        })
        .collect();
    let inserted: Vec<Option<String>> =
        crate::with_conn!(conn, |c| diesel::insert_into(payments::table)
            .values(&values)
            .on_conflict_do_nothing()
            .returning(payments::external_id)
            .get_results(c))?;
    Ok(inserted.into_iter().flatten().collect())
}

/// The stored payments with these external ids, as they were recorded.
pub fn find_many(conn: &mut DbConnection, external_ids: &[String]) -> QueryResult<Vec<NewPayment>> {
    type Stored = (
        Option<String>,
        i64,
        i64,
        Option<NaiveDateTime>,
        NaiveDate,
        String,
    );
    let rows: Vec<Stored> = crate::with_conn!(conn, |c| payments::table
        .filter(payments::external_id.eq_any(external_ids))
        .select((
            payments::external_id,
            payments::account_id,
            payments::amount_kopecks,
            payments::paid_at,
            payments::paid_on,
            payments::source,
        ))
        .load(c))?;
    Ok(rows
        .into_iter()
        .filter_map(
            |(ext, account_id, amount_kopecks, paid_at, paid_on, channel)| {
                Some(NewPayment {
                    external_id: ext?,
                    account_id,
                    amount_kopecks,
                    paid_at: paid_at?,
                    paid_on,
                    channel,
                })
            },
        )
        .collect())
}

/// A page of the account's payments, newest first; `before` is the last `(paid_on, id)` seen.
pub fn page(
    conn: &mut DbConnection,
    account_id: i64,
    before: Option<(NaiveDate, i64)>,
    limit: i64,
) -> QueryResult<Vec<Payment>> {
    crate::with_conn!(conn, |c| {
        let mut q = payments::table
            .filter(payments::account_id.eq(account_id))
            .into_boxed();
        if let Some((day, id)) = before {
            q = q.filter(
                payments::paid_on
                    .lt(day)
                    .or(payments::paid_on.eq(day).and(payments::id.lt(id))),
            );
        }
        q.order((payments::paid_on.desc(), payments::id.desc()))
            .limit(limit)
            .select(Payment::as_select())
            .load(c)
    })
}

/// Inserts one payment (demo data, online credit) unless its external id is taken; true when
/// inserted.
pub fn insert_one(conn: &mut DbConnection, row: &NewPayment) -> QueryResult<bool> {
    Ok(!insert_many(conn, std::slice::from_ref(row))?.is_empty())
}
