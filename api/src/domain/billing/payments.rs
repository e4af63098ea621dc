//! `POST /integration/payments`: payments made through other channels (bank, office, agent),
//! as rows of the one bulk pipeline, idempotent by `external_id`: a repeat with the same data is
//! `unchanged`; the same id with other data is a bad row (a payment, once credited, is not
//! rewritten by an upload — a correction is a new payment or a recalculation).

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use kabinet_shared::api::billing::{PaymentChannel, PaymentRow, PaymentsResult};
use kabinet_shared::api::integration::{BulkResult, RowError};
use kabinet_shared::validate;

use super::charges::account_number;
use crate::db::models::account;
use crate::db::models::payment::{self, NewPayment};
use crate::db::DbConnection;
use crate::domain::bulk::Upsert;
use crate::domain::clock;
use crate::domain::error::DomainError;

/// A payment row, validated; the account is resolved per batch.
pub struct Payment {
    account: String,
    data: NewPayment,
}

/// `paid_at` as an RFC 3339 instant (to UTC) or a date (noon in the supplier's zone).
pub fn parse_paid_at(text: &str) -> Option<NaiveDateTime> {
    let text = text.trim();
    if let Ok(at) = DateTime::parse_from_rfc3339(text) {
        return Some(at.with_timezone(&Utc).naive_utc());
    }
    let day = NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()?;
    let clock = clock::supplier();
    Some(clock.start_of(day) + chrono::Duration::hours(12))
}

impl Upsert for Payment {
    type Row = PaymentRow;
    type Data = NewPayment;

    fn parse(row: PaymentRow) -> Result<Self, String> {
        let external_id = validate::plain_text(&row.external_id, 100)
            .map_err(|code| format!("external_id: {code}"))?;
        if external_id.is_empty() || external_id.starts_with("online:") {
            return Err("external_id: required (and not `online:…`)".into());
        }
        let account = account_number(&row.account)?;
        if row.amount.0 <= 0 {
            return Err("amount: must be positive".into());
        }
        if row.channel == PaymentChannel::Online {
            return Err(
                "channel: bank, office or agent (online payments are Kabinet's own)".into(),
            );
        }
        let paid_at =
            parse_paid_at(&row.paid_at).ok_or("paid_at: an RFC 3339 date-time or YYYY-MM-DD")?;
        let clock = clock::supplier();
        if paid_at > Utc::now().naive_utc() + chrono::Duration::hours(24) {
            return Err("paid_at: in the future".into());
        }
        Ok(Self {
            account,
            data: NewPayment {
                external_id,
                account_id: 0,
                amount_kopecks: row.amount.0,
                paid_at,
                paid_on: clock.date_of(paid_at),
                channel: row.channel.as_str().to_owned(),
            },
        })
    }

    fn key(&self) -> &str {
        &self.data.external_id
    }

    fn data_key(data: &NewPayment) -> &str {
        &data.external_id
    }

    fn prepare(
        conn: &mut DbConnection,
        batch: Vec<(u64, Self)>,
        result: &mut BulkResult,
    ) -> Result<Vec<NewPayment>, DomainError> {
        let numbers: Vec<String> = batch.iter().map(|(_, p)| p.account.clone()).collect();
        let ids: HashMap<String, i64> = account::find_many(conn, &numbers)?
            .into_iter()
            .map(|a| (a.number, a.id))
            .collect();
        let keys: Vec<String> = batch
            .iter()
            .map(|(_, p)| p.data.external_id.clone())
            .collect();
        let stored: HashMap<String, NewPayment> = payment::find_many(conn, &keys)?
            .into_iter()
            .map(|p| (p.external_id.clone(), p))
            .collect();
        let mut rows = Vec::with_capacity(batch.len());
        for (line, mut p) in batch {
            let Some(&id) = ids.get(&p.account) else {
                result.add_error(RowError {
                    line,
                    reason: "account: unknown account".into(),
                });
                continue;
            };
            p.data.account_id = id;
            if stored
                .get(&p.data.external_id)
                .is_some_and(|s| *s != p.data)
            {
                result.add_error(RowError {
                    line,
                    reason: "external_id: already recorded with other data".into(),
                });
                continue;
            }
            rows.push(p.data);
        }
        Ok(rows)
    }

    fn find(
        conn: &mut DbConnection,
        keys: &[String],
    ) -> Result<Vec<(i64, NewPayment)>, DomainError> {
        Ok(payment::find_many(conn, keys)?
            .into_iter()
            .map(|p| (0, p))
            .collect())
    }

    fn insert_new(
        conn: &mut DbConnection,
        rows: &[NewPayment],
    ) -> Result<Vec<String>, DomainError> {
        Ok(payment::insert_many(conn, rows)?)
    }

    fn update(_: &mut DbConnection, _: i64, data: &NewPayment) -> Result<(), DomainError> {
        // `prepare` drops rows that differ from what is stored; only a racing upload with
        // other data for the same id can get here.
        Err(DomainError::Internal(format!(
            "payment {} changed during upload",
            data.external_id
        )))
    }
}

/// The wire answer: a payment is never updated, so `updated` does not appear.
pub fn answer(result: BulkResult) -> PaymentsResult {
    PaymentsResult {
        created: result.created,
        unchanged: result.unchanged,
        errors: result.errors,
        errors_omitted: result.errors_omitted,
    }
}
