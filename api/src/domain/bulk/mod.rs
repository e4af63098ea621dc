//! The one bulk-upload pipeline of the integration API. An area plugs in a row type, its key
//! and its storage calls ([`Upsert`]); the pipeline does the rest the same way for every area:
//! reads a JSON array or NDJSON ([`reader`]), validates row by row (a bad row is reported with
//! its line and never blocks the good ones), and saves in batches — one query finds the
//! existing rows of a batch, new ones go in one multi-row insert, changed ones are updated,
//! identical ones only counted, and rows another upload inserted meanwhile are compared with
//! theirs. Re-uploading the same file changes nothing.

pub mod reader;

use std::collections::HashMap;

use kabinet_shared::api::integration::{BulkResult, RowError};

use crate::db::DbConnection;
use crate::domain::error::DomainError;

/// Rows per batch (and per transaction).
pub const BATCH: usize = 500;

/// A kind of row the billing system uploads.
pub trait Upsert: Sized + Send + 'static {
    /// The wire row.
    type Row: serde::de::DeserializeOwned;
    /// What is stored and compared (equal means unchanged).
    type Data: PartialEq + Clone + Send;

    /// Checks one row; the error is the reason reported for its line (no rejected values).
    fn parse(row: Self::Row) -> Result<Self, String>;
    /// The natural key (house id, account number, meter id).
    fn key(&self) -> &str;
    /// The key of stored data.
    fn data_key(data: &Self::Data) -> &str;
    /// Turns a batch of parsed rows into data, resolving references with as few queries as
    /// possible; rows whose references fail are reported in `result` and dropped.
    fn prepare(
        conn: &mut DbConnection,
        batch: Vec<(u64, Self)>,
        result: &mut BulkResult,
    ) -> Result<Vec<Self::Data>, DomainError>;
    /// The stored rows with these keys, with their ids.
    fn find(
        conn: &mut DbConnection,
        keys: &[String],
    ) -> Result<Vec<(i64, Self::Data)>, DomainError>;
    /// Inserts rows whose key is not taken yet (others are skipped); returns the keys inserted.
    fn insert_new(conn: &mut DbConnection, rows: &[Self::Data])
        -> Result<Vec<String>, DomainError>;
    /// Replaces a stored row.
    fn update(conn: &mut DbConnection, id: i64, data: &Self::Data) -> Result<(), DomainError>;
    /// Work that follows the batch's rows once they are stored, in the same transaction (a
    /// meter's replacement and billed readings); must be idempotent like the rest.
    fn settle(_conn: &mut DbConnection, _rows: &[Self::Data]) -> Result<(), DomainError> {
        Ok(())
    }
}

fn by_key<T: Upsert>(rows: Vec<(i64, T::Data)>) -> HashMap<String, (i64, T::Data)> {
    rows.into_iter()
        .map(|(id, d)| (T::data_key(&d).to_owned(), (id, d)))
        .collect()
}

/// Counts `data` against what is stored under its key: unchanged, or updated.
fn compare<T: Upsert>(
    conn: &mut DbConnection,
    stored: Option<&(i64, T::Data)>,
    data: &T::Data,
    result: &mut BulkResult,
) -> Result<bool, DomainError> {
    match stored {
        None => Ok(false),
        Some((_, old)) if old == data => {
            result.unchanged += 1;
            Ok(true)
        }
        Some((id, _)) => {
            T::update(conn, *id, data)?;
            result.updated += 1;
            Ok(true)
        }
    }
}

/// Saves one batch in one transaction, counting into `result`.
pub fn save<T: Upsert>(
    conn: &mut DbConnection,
    batch: Vec<(u64, T)>,
    result: &mut BulkResult,
) -> Result<(), DomainError> {
    conn.transaction(|conn| {
        let rows = T::prepare(conn, batch, result)?;
        let keys: Vec<String> = rows.iter().map(|d| T::data_key(d).to_owned()).collect();
        let existing = by_key::<T>(T::find(conn, &keys)?);
        let mut fresh = Vec::new();
        for data in &rows {
            if !compare::<T>(conn, existing.get(T::data_key(data)), data, result)? {
                fresh.push(data.clone());
            }
        }
        let inserted = T::insert_new(conn, &fresh)?;
        result.created += u64::try_from(inserted.len()).unwrap_or(0);
        if inserted.len() < fresh.len() {
            // Another upload inserted some of these keys meanwhile: compare with theirs.
            let raced: Vec<T::Data> = fresh
                .into_iter()
                .filter(|d| !inserted.iter().any(|k| k == T::data_key(d)))
                .collect();
            let keys: Vec<String> = raced.iter().map(|d| T::data_key(d).to_owned()).collect();
            let now_there = by_key::<T>(T::find(conn, &keys)?);
            for data in raced {
                if !compare::<T>(conn, now_there.get(T::data_key(&data)), &data, result)? {
                    return Err(DomainError::Internal(format!(
                        "{} vanished during upsert",
                        T::data_key(&data)
                    )));
                }
            }
        }
        T::settle(conn, &rows)
    })
}

/// What the reader feeds an upload's rows into: it groups them into batches to save and
/// tallies the rows it refuses itself.
pub trait Collect {
    /// What one save call stores.
    type Batch;
    /// The upload's answer, summed over batches.
    type Tally: Tally;
    /// Offers the JSON text of the row on `line`; a full batch comes back to be saved.
    fn offer(&mut self, line: u64, json: &[u8]) -> Option<Self::Batch>;
    /// Records a line refused before parsing (too long).
    fn reject(&mut self, line: u64, reason: String);
    /// The last, partial batch.
    fn finish(&mut self) -> Option<Self::Batch>;
    /// What was refused while collecting.
    fn tally(&mut self) -> Self::Tally;
}

/// An upload's answer that adds up batch by batch.
pub trait Tally: Default {
    /// Adds another part.
    fn merge(&mut self, part: Self);
    /// Orders the listed errors by line.
    fn sort_errors(&mut self);
}

impl Tally for BulkResult {
    fn merge(&mut self, part: Self) {
        BulkResult::merge(self, part);
    }
    fn sort_errors(&mut self) {
        self.errors.sort_by_key(|e| e.line);
    }
}

impl<T: Upsert> Collect for Batcher<T> {
    type Batch = Vec<(u64, T)>;
    type Tally = BulkResult;

    fn offer(&mut self, line: u64, json: &[u8]) -> Option<Self::Batch> {
        match Batcher::offer(self, line, json) {
            Next::Flush(batch) => Some(batch),
            Next::Continue => None,
        }
    }
    fn reject(&mut self, line: u64, reason: String) {
        Batcher::reject(self, line, reason);
    }
    fn finish(&mut self) -> Option<Self::Batch> {
        let rest = Batcher::finish(self);
        (!rest.is_empty()).then_some(rest)
    }
    fn tally(&mut self) -> BulkResult {
        std::mem::take(&mut self.result)
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
    /// Offers the JSON text of the row on `line`.
    pub fn offer(&mut self, line: u64, json: &[u8]) -> Next<T> {
        let parsed = serde_json::from_slice::<T::Row>(json)
            .map_err(|err| format!("invalid row: {err}"))
            .and_then(T::parse);
        match parsed {
            Err(reason) => {
                self.reject(line, reason);
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

    /// Records a bad line.
    pub fn reject(&mut self, line: u64, reason: String) {
        self.result.add_error(RowError { line, reason });
    }

    /// The last, partial batch.
    pub fn finish(&mut self) -> Vec<(u64, T)> {
        std::mem::take(&mut self.pending)
    }
}
