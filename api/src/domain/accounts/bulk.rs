//! Bulk upserts from the billing system (houses, accounts). Rows are validated one by one — a
//! bad row is reported with its line and never blocks the good ones — and saved in batches:
//! one query finds the existing rows of a batch, new ones go in one multi-row insert, changed
//! ones are updated, identical ones only counted. Re-uploading the same file changes nothing.

use std::collections::HashMap;

use kabinet_shared::api::integration::{AccountRow, BulkResult, HouseRow, RowError};
use kabinet_shared::validate;

use super::window::WindowDays;
use crate::db::models::account::{self, AccountData};
use crate::db::models::house::{self, HouseData};
use crate::db::DbConnection;
use crate::domain::error::DomainError;

/// Rows per batch (and per transaction).
pub const BATCH: usize = 500;

/// A kind of row the billing system uploads.
pub trait Upsert: Sized {
    /// The wire row.
    type Row: serde::de::DeserializeOwned;
    /// Checks one row; the error is the reason reported for its line.
    fn parse(row: Self::Row) -> Result<Self, String>;
    /// The natural key (house id, account number).
    fn key(&self) -> &str;
    /// Saves a batch of valid rows, counting into `result`.
    fn save(
        conn: &mut DbConnection,
        batch: Vec<(u64, Self)>,
        result: &mut BulkResult,
    ) -> Result<(), DomainError>;
}

/// A text field of a row; the reason names the field and the rule, never echoes the value.
fn text(field: &str, value: &str, max: usize) -> Result<String, String> {
    validate::plain_text(value, max).map_err(|code| format!("{field}: {code}"))
}

/// A house row, validated.
pub struct House(HouseData);

impl Upsert for House {
    type Row = HouseRow;

    fn parse(row: HouseRow) -> Result<Self, String> {
        let window = match row.reading_window {
            None => None,
            Some(w) => {
                let days = WindowDays::new(i64::from(w.start_day), i64::from(w.end_day)).ok_or(
                    "reading_window: start_day and end_day must satisfy 1 ≤ start ≤ end ≤ 31",
                )?;
                Some((
                    i32::try_from(days.start).unwrap_or(20),
                    i32::try_from(days.end).unwrap_or(25),
                ))
            }
        };
        Ok(Self(HouseData {
            external_id: text("id", &row.id, 64)?,
            settlement: text("settlement", &row.settlement, 200)?,
            street: text("street", &row.street, 200)?,
            house: text("house", &row.house, 50)?,
            window,
        }))
    }

    fn key(&self) -> &str {
        &self.0.external_id
    }

    fn save(
        conn: &mut DbConnection,
        batch: Vec<(u64, Self)>,
        result: &mut BulkResult,
    ) -> Result<(), DomainError> {
        conn.transaction(|conn| {
            let ids: Vec<String> = batch.iter().map(|(_, h)| h.0.external_id.clone()).collect();
            let existing: HashMap<String, (i64, HouseData)> = house::find_many(conn, &ids)?
                .into_iter()
                .map(|(id, data)| (data.external_id.clone(), (id, data)))
                .collect();
            let mut fresh = Vec::new();
            for (_, House(data)) in batch {
                match existing.get(&data.external_id) {
                    None => fresh.push(data),
                    Some((_, old)) if *old == data => result.unchanged += 1,
                    Some((id, _)) => {
                        house::update(conn, *id, &data)?;
                        result.updated += 1;
                    }
                }
            }
            let inserted = house::insert_many(conn, &fresh)?;
            result.created += u64::try_from(inserted.len()).unwrap_or(0);
            // Another upload inserted some of these meanwhile: compare with theirs.
            let raced: Vec<HouseData> = fresh
                .into_iter()
                .filter(|h| !inserted.contains(&h.external_id))
                .collect();
            let ids: Vec<String> = raced.iter().map(|h| h.external_id.clone()).collect();
            let now_there: HashMap<String, (i64, HouseData)> = house::find_many(conn, &ids)?
                .into_iter()
                .map(|(id, h)| (h.external_id.clone(), (id, h)))
                .collect();
            for data in raced {
                match now_there.get(&data.external_id) {
                    Some((_, old)) if *old == data => result.unchanged += 1,
                    Some((id, _)) => {
                        house::update(conn, *id, &data)?;
                        result.updated += 1;
                    }
                    None => {
                        return Err(DomainError::Internal(format!(
                            "house {} vanished during upsert",
                            data.external_id
                        )))
                    }
                }
            }
            Ok(())
        })
    }
}

/// An account row, validated; the house is resolved when the batch is saved.
pub struct Account {
    data: AccountData,
    house_key: Option<String>,
}

impl Upsert for Account {
    type Row = AccountRow;

    fn parse(row: AccountRow) -> Result<Self, String> {
        let number = row.number.trim().to_owned();
        if !(6..=12).contains(&number.len()) || !number.bytes().all(|b| b.is_ascii_digit()) {
            return Err("number: must be 6–12 digits".into());
        }
        let owner_name =
            validate::full_name(&row.owner_name).map_err(|code| format!("owner_name: {code}"))?;
        if row.heated_area.0 < 0 || row.heated_area.0 > 10_000_000 {
            return Err("heated_area: out_of_range".into());
        }
        if !(0..=1000).contains(&row.residents) {
            return Err("residents: out_of_range".into());
        }
        let flat = match row.address.flat.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(f) => Some(text("address.flat", f, 20)?),
        };
        Ok(Self {
            data: AccountData {
                number,
                house_id: None,
                settlement: text("address.settlement", &row.address.settlement, 200)?,
                street: text("address.street", &row.address.street, 200)?,
                house: text("address.house", &row.address.house, 50)?,
                flat,
                owner_name,
                heated_area_centi: row.heated_area.0,
                residents: row.residents,
                status: row.status.as_str().to_owned(),
            },
            house_key: row
                .house_id
                .map(|h| h.trim().to_owned())
                .filter(|h| !h.is_empty()),
        })
    }

    fn key(&self) -> &str {
        &self.data.number
    }

    fn save(
        conn: &mut DbConnection,
        batch: Vec<(u64, Self)>,
        result: &mut BulkResult,
    ) -> Result<(), DomainError> {
        conn.transaction(|conn| {
            let mut house_keys: Vec<String> = batch.iter().filter_map(|(_, a)| a.house_key.clone()).collect();
            house_keys.sort();
            house_keys.dedup();
            let houses: HashMap<String, i64> = house::find_many(conn, &house_keys)?
                .into_iter()
                .map(|(id, h)| (h.external_id, id))
                .collect();
            let numbers: Vec<String> = batch.iter().map(|(_, a)| a.data.number.clone()).collect();
            let existing: HashMap<String, account::Account> = account::find_many(conn, &numbers)?
                .into_iter()
                .map(|a| (a.number.clone(), a))
                .collect();
            let mut fresh = Vec::new();
            for (line, Account { mut data, house_key }) in batch {
                if let Some(key) = house_key {
                    match houses.get(&key) {
                        Some(id) => data.house_id = Some(*id),
                        None => {
                            result.add_error(RowError {
                                line,
                                reason: format!("house_id: unknown house {key:?} (upload it with PUT /integration/houses first)"),
                            });
                            continue;
                        }
                    }
                }
                match existing.get(&data.number) {
                    None => fresh.push(data),
                    Some(old) if AccountData::from(old) == data => result.unchanged += 1,
                    Some(old) => {
                        account::update(conn, old.id, &data)?;
                        result.updated += 1;
                    }
                }
            }
            let inserted = account::insert_many(conn, &fresh)?;
            result.created += u64::try_from(inserted.len()).unwrap_or(0);
            if inserted.len() < fresh.len() {
                // Another upload inserted some of these numbers meanwhile: compare with theirs.
                let raced: Vec<AccountData> = fresh.into_iter().filter(|d| !inserted.contains(&d.number)).collect();
                let numbers: Vec<String> = raced.iter().map(|d| d.number.clone()).collect();
                let now_there: HashMap<String, account::Account> =
                    account::find_many(conn, &numbers)?.into_iter().map(|a| (a.number.clone(), a)).collect();
                for data in raced {
                    match now_there.get(&data.number) {
                        Some(old) if AccountData::from(old) == data => result.unchanged += 1,
                        Some(old) => {
                            account::update(conn, old.id, &data)?;
                            result.updated += 1;
                        }
                        None => return Err(DomainError::Internal(format!("account {} vanished during upsert", data.number))),
                    }
                }
            }
            Ok(())
        })
    }
}

/// Collects rows into batches; a key seen twice in one batch flushes it first, so a later row
/// for the same key wins, as it would have row by row.
pub struct Batcher<T: Upsert> {
    pending: Vec<(u64, T)>,
    pub result: BulkResult,
}

impl<T: Upsert> Default for Batcher<T> {
    fn default() -> Self {
        Self {
            pending: Vec::with_capacity(BATCH),
            result: BulkResult::default(),
        }
    }
}

/// What the caller must do after offering a row.
pub enum Next<T> {
    /// Keep going.
    Continue,
    /// Save this full batch, then keep going.
    Flush(Vec<(u64, T)>),
}

impl<T: Upsert> Batcher<T> {
    /// Offers one parsed JSON value from `line`.
    pub fn offer(&mut self, line: u64, value: serde_json::Value) -> Next<T> {
        let parsed = serde_json::from_value::<T::Row>(value)
            .map_err(|err| format!("invalid row: {err}"))
            .and_then(T::parse);
        match parsed {
            Err(reason) => {
                self.result.add_error(RowError { line, reason });
                Next::Continue
            }
            Ok(row) => {
                let duplicate = self.pending.iter().any(|(_, p)| p.key() == row.key());
                let flushed = if duplicate || self.pending.len() >= BATCH {
                    Some(std::mem::take(&mut self.pending))
                } else {
                    None
                };
                self.pending.push((line, row));
                flushed.map_or(Next::Continue, Next::Flush)
            }
        }
    }

    /// Records a line that was not JSON at all.
    pub fn reject(&mut self, line: u64, reason: String) {
        self.result.add_error(RowError { line, reason });
    }

    /// The last, partial batch.
    pub fn finish(&mut self) -> Vec<(u64, T)> {
        std::mem::take(&mut self.pending)
    }
}
