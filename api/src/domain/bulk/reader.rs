//! Reads an upload — a JSON array of up to 10 000 rows, or NDJSON of any length — from a byte
//! stream and feeds it through a [`Batcher`], saving each full batch as it fills. NDJSON is
//! read line by line in bounded memory; an array is split into borrowed raw rows (counted as
//! they are found, refused at row 10 001) and each row is parsed only when its turn comes, so a
//! large body never becomes a large tree of values.

use std::future::Future;

use bytes::{Bytes, BytesMut};
use futures_util::{Stream, StreamExt};
use kabinet_shared::api::integration::short_reason;
use serde::de::{Deserialize, Deserializer, SeqAccess, Visitor};
use serde_json::value::RawValue;

use super::{Collect, Tally};
use crate::domain::error::DomainError;

/// Rows a JSON array may hold; larger uploads use NDJSON.
pub const MAX_ARRAY_ROWS: usize = 10_000;
/// Bytes a JSON array body may take (10 000 ordinary rows are about 3 MiB).
pub const MAX_ARRAY_BYTES: usize = 8 * 1024 * 1024;
/// Longest NDJSON line.
pub const MAX_LINE_BYTES: usize = 64 * 1024;

/// How the rows are framed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    JsonArray,
    Ndjson,
}

/// Why an upload could not be read at all (bad rows are not errors: they are reported).
#[derive(Debug)]
pub enum ReadError {
    /// The body broke off, or is not an array / NDJSON.
    Malformed(String),
    /// A JSON array of more than [`MAX_ARRAY_ROWS`] rows.
    TooManyRows,
    /// A JSON array body over [`MAX_ARRAY_BYTES`].
    TooLarge,
    /// Saving a batch failed (batches saved before stay saved).
    Save(DomainError),
}

impl From<DomainError> for ReadError {
    fn from(err: DomainError) -> Self {
        Self::Save(err)
    }
}

const TOO_MANY_ROWS: &str = "too_many_rows";

/// The rows of a JSON array as borrowed raw JSON, at most [`MAX_ARRAY_ROWS`] of them.
struct RawRows<'a>(Vec<&'a RawValue>);

impl<'de> Deserialize<'de> for RawRows<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Rows;
        impl<'de> Visitor<'de> for Rows {
            type Value = RawRows<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON array of rows")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut rows = Vec::new();
                while let Some(raw) = seq.next_element::<&'de RawValue>()? {
                    if rows.len() == MAX_ARRAY_ROWS {
                        return Err(serde::de::Error::custom(TOO_MANY_ROWS));
                    }
                    rows.push(raw);
                }
                Ok(RawRows(rows))
            }
        }
        d.deserialize_seq(Rows)
    }
}

/// Reads every row of `body` and saves them through `save` (which runs one batch, typically
/// `Db::run(bulk::save)`); returns the counts and the bad rows, sorted by line.
pub async fn read<C, S, E, F, Fut>(
    format: Format,
    body: S,
    mut collector: C,
    save: F,
) -> Result<C::Tally, ReadError>
where
    C: Collect,
    S: Stream<Item = Result<Bytes, E>> + Unpin,
    E: std::fmt::Display,
    F: Fn(C::Batch) -> Fut,
    Fut: Future<Output = Result<C::Tally, DomainError>>,
{
    let mut total = C::Tally::default();
    match format {
        Format::Ndjson => {
            let mut lines = Lines::default();
            let mut body = body;
            while let Some(chunk) = body.next().await {
                let chunk = chunk
                    .map_err(|e| ReadError::Malformed(format!("reading the body failed: {e}")))?;
                for item in lines.push(&chunk) {
                    if let Some(batch) = step(&mut collector, item) {
                        total.merge(save(batch).await?);
                    }
                }
            }
            if let Some(item) = lines.finish() {
                if let Some(batch) = step(&mut collector, item) {
                    total.merge(save(batch).await?);
                }
            }
        }
        Format::JsonArray => {
            let mut bytes = BytesMut::new();
            let mut body = body;
            while let Some(chunk) = body.next().await {
                let chunk = chunk
                    .map_err(|e| ReadError::Malformed(format!("reading the body failed: {e}")))?;
                if bytes.len() + chunk.len() > MAX_ARRAY_BYTES {
                    return Err(ReadError::TooLarge);
                }
                bytes.extend_from_slice(&chunk);
            }
            let rows = match serde_json::from_slice::<RawRows<'_>>(&bytes) {
                Ok(rows) => rows.0,
                Err(e) if e.to_string().starts_with(TOO_MANY_ROWS) => {
                    return Err(ReadError::TooManyRows)
                }
                Err(e) => {
                    return Err(ReadError::Malformed(format!(
                        "the body must be a JSON array of rows (or NDJSON): {}",
                        short_reason(&e.to_string())
                    )))
                }
            };
            for (index, raw) in rows.into_iter().enumerate() {
                let line = u64::try_from(index).unwrap_or(0) + 1;
                if let Some(batch) = collector.offer(line, raw.get().as_bytes()) {
                    total.merge(save(batch).await?);
                }
            }
        }
    }
    if let Some(rest) = collector.finish() {
        total.merge(save(rest).await?);
    }
    total.merge(collector.tally());
    total.sort_errors();
    Ok(total)
}

/// One NDJSON line, or a line that was too long.
enum Line {
    Row(u64, Vec<u8>),
    TooLong(u64),
}

fn step<C: Collect>(collector: &mut C, item: Line) -> Option<C::Batch> {
    match item {
        Line::Row(line, text) => collector.offer(line, &text),
        Line::TooLong(line) => {
            collector.reject(line, format!("line longer than {MAX_LINE_BYTES} bytes"));
            None
        }
    }
}

/// Splits NDJSON chunks into numbered lines in bounded memory: blank lines are skipped (but
/// counted), a line over [`MAX_LINE_BYTES`] is reported once and its rest skipped.
#[derive(Default)]
struct Lines {
    buffer: Vec<u8>,
    line: u64,
    skipping: bool,
}

impl Lines {
    fn push(&mut self, chunk: &[u8]) -> Vec<Line> {
        let mut out = Vec::new();
        for &byte in chunk {
            if byte != b'\n' {
                if !self.skipping {
                    self.buffer.push(byte);
                    if self.buffer.len() > MAX_LINE_BYTES {
                        out.push(Line::TooLong(self.line + 1));
                        self.buffer.clear();
                        self.skipping = true;
                    }
                }
                continue;
            }
            self.line += 1;
            if let Some(item) = self.take(self.line) {
                out.push(item);
            }
            self.skipping = false;
        }
        out
    }

    fn take(&mut self, line: u64) -> Option<Line> {
        let text = std::mem::take(&mut self.buffer);
        (!self.skipping && !text.iter().all(u8::is_ascii_whitespace))
            .then_some(Line::Row(line, text))
    }

    fn finish(&mut self) -> Option<Line> {
        let line = self.line + 1;
        self.take(line)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(lines: Vec<Line>) -> Vec<(u64, String)> {
        lines
            .into_iter()
            .map(|l| match l {
                Line::Row(n, t) => (n, String::from_utf8_lossy(&t).into_owned()),
                Line::TooLong(n) => (n, "<too long>".into()),
            })
            .collect()
    }

    #[test]
    fn ndjson_lines_are_numbered_across_chunks_and_blank_lines_count() {
        let mut lines = Lines::default();
        let mut got = rows(lines.push(b"{\"a\":1}\n\n{\"b\""));
        got.extend(rows(lines.push(b":2}\n  \n{\"c\":3}")));
        got.extend(rows(lines.finish().into_iter().collect()));
        assert_eq!(
            got,
            vec![
                (1, "{\"a\":1}".into()),
                (3, "{\"b\":2}".into()),
                (5, "{\"c\":3}".into())
            ]
        );
    }

    #[test]
    fn an_overlong_line_is_reported_once_and_the_next_line_read() {
        let mut lines = Lines::default();
        let long = vec![b'x'; MAX_LINE_BYTES + 10];
        let mut got = rows(lines.push(&long));
        got.extend(rows(lines.push(b"yy\n{\"ok\":1}\n")));
        assert_eq!(
            got,
            vec![(1, "<too long>".into()), (2, "{\"ok\":1}".into())]
        );
    }
}
