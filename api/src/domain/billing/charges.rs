//! `POST /integration/charges?period=YYYY-MM`: the billing system's charges for one period.
//! Re-uploading a period replaces each uploaded account's period as a whole, atomically: an
//! account's rows are collected together (they are expected one after another, as a billing
//! export writes them) and saved in one transaction with the delete of its old rows, so a
//! reader sees the old period or the new one, never a mix. An account with a bad row keeps its
//! previous charges (a period half-replaced would show a wrong debt); every other account is
//! saved. Should an account's rows come split (A, B, A), the later rows are added to the ones
//! this upload already stored rather than replacing them.

use std::collections::{HashMap, HashSet};

use kabinet_shared::api::billing::{ChargeKind, ChargeRow, ChargesResult};
use kabinet_shared::api::integration::{short_reason, RowError};
use kabinet_shared::money::{Kopecks, Quantity};
use kabinet_shared::validate;

use crate::db::models::account;
use crate::db::models::charge::{self, ChargeLine};
use crate::db::DbConnection;
use crate::domain::bulk::{Collect, Tally};
use crate::domain::error::DomainError;

/// Rows per batch: large enough that `COPY` pays off, small enough to bound memory (an account
/// is never split, so a batch may exceed this by one account's rows).
pub const BATCH_ROWS: usize = 5_000;

/// A parsed, valid row.
#[derive(Debug, Clone)]
pub struct Parsed {
    pub account: String,
    pub service: String,
    pub kind: ChargeKind,
    pub quantity: Option<Quantity>,
    pub unit: Option<String>,
    pub tariff: Option<Kopecks>,
    pub amount: Kopecks,
    pub comment: Option<String>,
}

/// `YYYY-MM` with a plausible year, or `None`.
pub fn parse_period(text: &str) -> Option<String> {
    let (y, m) = text.split_once('-')?;
    if y.len() != 4 || m.len() != 2 {
        return None;
    }
    let year: i32 = y.parse().ok()?;
    let month: u32 = m.parse().ok()?;
    ((2000..=2100).contains(&year) && (1..=12).contains(&month)).then(|| format!("{y}-{m}"))
}

/// An account number as the billing system writes it: 6–12 digits.
pub fn account_number(text: &str) -> Result<String, String> {
    let number = text.trim();
    if (6..=12).contains(&number.len()) && number.bytes().all(|b| b.is_ascii_digit()) {
        Ok(number.to_owned())
    } else {
        Err("account: must be 6–12 digits".into())
    }
}

fn optional_text(field: &str, value: Option<String>, max: usize) -> Result<Option<String>, String> {
    value
        .filter(|v| !v.trim().is_empty())
        .map(|v| validate::plain_text(&v, max).map_err(|code| format!("{field}: {code}")))
        .transpose()
}

/// Checks one row.
pub fn parse(row: ChargeRow) -> Result<Parsed, String> {
    let account = account_number(&row.account)?;
    let service = row.service.trim().to_owned();
    let service_ok = (1..=40).contains(&service.len())
        && service.starts_with(|c: char| c.is_ascii_lowercase())
        && service
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    if !service_ok {
        return Err("service: lowercase letters, digits and _ (up to 40)".into());
    }
    if row.amount.0 < 0 && row.kind != ChargeKind::Recalculation {
        return Err("amount: negative only for a recalculation".into());
    }
    if row.quantity.is_some_and(|q| q.0 < 0) {
        return Err("quantity: negative".into());
    }
    if row.tariff.is_some_and(|t| t.0 < 0) {
        return Err("tariff: negative".into());
    }
    Ok(Parsed {
        account,
        service,
        kind: row.kind,
        quantity: row.quantity,
        unit: optional_text("unit", row.unit, 20)?,
        tariff: row.tariff,
        amount: row.amount,
        comment: optional_text("comment", row.comment, 500)?,
    })
}

impl Tally for ChargesResult {
    fn merge(&mut self, part: Self) {
        self.accounts += part.accounts;
        self.rows += part.rows;
        self.errors_omitted += part.errors_omitted;
        for e in part.errors {
            add_error(self, e);
        }
    }
    fn sort_errors(&mut self) {
        self.errors.sort_by_key(|e| e.line);
    }
}

fn add_error(result: &mut ChargesResult, mut error: RowError) {
    if result.errors.len() < kabinet_shared::api::integration::BulkResult::MAX_ERRORS {
        error.reason = short_reason(&error.reason);
        result.errors.push(error);
    } else {
        result.errors_omitted += 1;
    }
}

/// One batch to save: whole accounts.
pub struct Batch {
    pub rows: Vec<(u64, Parsed)>,
    /// Accounts this upload has not stored rows for yet: their period is replaced.
    pub replace: HashSet<String>,
    /// Accounts with a bad row: left as they were.
    pub bad: HashSet<String>,
}

/// Groups an upload's rows by account into batches.
#[derive(Default)]
pub struct Collector {
    pending: Vec<(u64, Parsed)>,
    bad: HashSet<String>,
    /// Accounts already sent to be saved by this upload.
    saved: HashSet<String>,
    tally: ChargesResult,
}

#[derive(serde::Deserialize)]
struct AccountOnly {
    account: Option<serde_json::Value>,
}

impl Collector {
    fn take(&mut self) -> Batch {
        let rows = std::mem::take(&mut self.pending);
        let accounts: HashSet<String> = rows.iter().map(|(_, p)| p.account.clone()).collect();
        let replace = accounts
            .iter()
            .filter(|a| !self.saved.contains(*a))
            .cloned()
            .collect();
        let bad = accounts
            .iter()
            .filter(|a| self.bad.contains(*a))
            .cloned()
            .collect();
        self.saved.extend(accounts);
        Batch { rows, replace, bad }
    }
}

impl Collect for Collector {
    type Batch = Batch;
    type Tally = ChargesResult;

    fn offer(&mut self, line: u64, json: &[u8]) -> Option<Batch> {
        let parsed = serde_json::from_slice::<ChargeRow>(json)
            .map_err(|err| format!("invalid row: {err}"))
            .and_then(parse);
        match parsed {
            Err(reason) => {
                // Whose row it was, if that much can be read: that account keeps its charges.
                if let Ok(AccountOnly {
                    account: Some(serde_json::Value::String(a)),
                }) = serde_json::from_slice::<AccountOnly>(json)
                {
                    self.bad.insert(a.trim().to_owned());
                }
                self.reject(line, reason);
                None
            }
            Ok(row) => {
                let new_account = self
                    .pending
                    .last()
                    .is_some_and(|(_, last)| last.account != row.account);
                let flushed =
                    (new_account && self.pending.len() >= BATCH_ROWS).then(|| self.take());
                self.pending.push((line, row));
                flushed
            }
        }
    }

    fn reject(&mut self, line: u64, reason: String) {
        add_error(&mut self.tally, RowError { line, reason });
    }

    fn finish(&mut self) -> Option<Batch> {
        (!self.pending.is_empty()).then(|| self.take())
    }

    fn tally(&mut self) -> ChargesResult {
        std::mem::take(&mut self.tally)
    }
}

/// Saves one batch in one transaction: resolves the account numbers (one query), replaces the
/// period of the batch's accounts and stores their lines (`COPY` and one merge on PostgreSQL).
pub fn save(
    conn: &mut DbConnection,
    period: &str,
    batch: Batch,
) -> Result<ChargesResult, DomainError> {
    let mut result = ChargesResult::default();
    let numbers: Vec<String> = batch
        .rows
        .iter()
        .map(|(_, p)| p.account.clone())
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    conn.transaction(|conn| {
        let ids: HashMap<String, i64> = account::find_many(conn, &numbers)?
            .into_iter()
            .map(|a| (a.number, a.id))
            .collect();
        let mut lines = Vec::with_capacity(batch.rows.len());
        let mut replace = Vec::new();
        for (line, row) in batch.rows {
            if batch.bad.contains(&row.account) {
                continue;
            }
            let Some(&account_id) = ids.get(&row.account) else {
                add_error(
                    &mut result,
                    RowError {
                        line,
                        reason: "account: unknown account".into(),
                    },
                );
                continue;
            };
            if batch.replace.contains(&row.account) && !replace.contains(&account_id) {
                replace.push(account_id);
            }
            lines.push(ChargeLine {
                account_id,
                line: i32::try_from(line).unwrap_or(i32::MAX),
                service: row.service,
                kind: row.kind.as_str().to_owned(),
                quantity: row.quantity.map(|q| q.0),
                unit: row.unit,
                tariff_kopecks: row.tariff.map(|t| t.0),
                amount_kopecks: row.amount.0,
                comment: row.comment,
            });
        }
        charge::replace_period(conn, period, &replace, &lines)?;
        result.accounts = u64::try_from(replace.len()).unwrap_or(0);
        result.rows = u64::try_from(lines.len()).unwrap_or(0);
        Ok(result)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(account: &str, amount: &str) -> Vec<u8> {
        format!(
            r#"{{"account":"{account}","service":"heating","amount":"{amount}","kind":"regular"}}"#
        )
        .into_bytes()
    }

    #[test]
    fn periods_are_checked() {
        assert_eq!(parse_period("2026-10").as_deref(), Some("2026-10"));
        for bad in ["2026-13", "2026-1", "26-10", "2026/10", "", "1999-12"] {
            assert_eq!(parse_period(bad), None, "{bad}");
        }
    }

    #[test]
    fn an_account_is_never_split_between_batches() {
        let mut c = Collector::default();
        let mut batches = Vec::new();
        let mut line = 0;
        for account in 0..(BATCH_ROWS / 2 + 1) {
            for _ in 0..2 {
                line += 1;
                if let Some(b) = c.offer(line, &row(&format!("{:09}", account), "1.00")) {
                    batches.push(b);
                }
            }
        }
        batches.extend(c.finish());
        assert_eq!(batches.len(), 2);
        for b in &batches {
            assert!(b.rows.len() % 2 == 0, "an account split");
            assert_eq!(b.replace.len() * 2, b.rows.len());
        }
    }

    #[test]
    fn a_bad_row_spares_its_account_and_negative_amounts_are_only_recalculations() {
        let mut c = Collector::default();
        assert!(c.offer(1, &row("100200300", "5.00")).is_none());
        assert!(c.offer(2, &row("100200300", "-5.00")).is_none());
        assert!(c.offer(3, &row("100200301", "7.00")).is_none());
        let batch = c.finish().unwrap_or_else(|| panic!("a batch"));
        assert!(batch.bad.contains("100200300"));
        assert!(!batch.bad.contains("100200301"));
        let tally = c.tally();
        assert_eq!(tally.errors.len(), 1);
        assert_eq!(tally.errors[0].line, 2);
        assert!(tally.errors[0].reason.contains("recalculation"));
    }
}
