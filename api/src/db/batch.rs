//! Coalesced reads: many requests' reads of the same shape answered by one statement.
//!
//! Why: on PostgreSQL every statement is a round trip to another process on the same cores;
//! for the account page that round trip, not the query, was the cost (`pgbench` sending the
//! page's one query alone reached 11.6 % of the in-memory ceiling, below the 15 % goal; the
//! same query for eight accounts at once served 4.7 times as many pages per second). So a
//! request puts its read (an *ask*) in a line; a few *flushers* — lane jobs that belong to no
//! request, at most one per core — empty it, up to [`Batched::MAX`] asks per statement. Under
//! load one statement answers several requests; alone, a request's batch is itself, with no
//! waiting for company (nothing is delayed to fill a batch).
//!
//! A flusher stops only after seeing the line empty, under the lock the pushes take, so every
//! ask is taken; when the last flusher cannot get a connection the asks in line fail at once
//! (503). The line is bounded at twice the lane. Only reads are coalesced: a request that gave
//! up (timeout, hang-up) is skipped if its ask has not been taken yet, and harmlessly answered
//! into the void if it has.

use std::collections::VecDeque;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Instant;

use diesel::r2d2;
use diesel::QueryResult;
use tokio::sync::oneshot;

use super::pool::{ConnectionManager, Db, StoreError, REQUEST_QUERIES};
use super::DbConnection;

/// A read that can be answered for many asks at once.
pub trait Batched: 'static {
    /// What one request asks.
    type Ask: Send + 'static;
    /// The rows of one ask, as [`Batched::load`] returns them.
    type Rows: Send + 'static;
    /// The answer to one ask.
    type Out: Send + 'static;
    /// Most asks per statement.
    const MAX: usize = 32;
    /// The read's name in the metrics (`kabinet_coalesced_*_total{read=…}`).
    const NAME: &'static str;

    /// The rows of every ask, in the order of `asks` (one per ask), with as few statements as
    /// the engine allows (one on PostgreSQL).
    fn load(conn: &mut DbConnection, asks: &[Self::Ask]) -> QueryResult<Vec<Self::Rows>>;

    /// One ask's answer from its rows; statements sent here are counted to that ask alone.
    fn finish(conn: &mut DbConnection, ask: Self::Ask, rows: Self::Rows) -> Self::Out;

    /// The answer to an ask whose batch could not be loaded.
    fn failed(err: StoreError) -> Self::Out;
}

/// One waiting ask and where its answer goes (with the statements it cost).
struct Entry<B: Batched> {
    ask: B::Ask,
    answer: oneshot::Sender<(B::Out, u32)>,
}

/// The asks in line and how many jobs are emptying it.
struct Line<B: Batched> {
    asks: VecDeque<Entry<B>>,
    flushing: usize,
}

/// The line of one kind of coalesced read (one per process, shared by all workers).
pub struct Batch<B: Batched> {
    line: Mutex<Line<B>>,
    /// Most jobs emptying the line at once (one per core): more would only split the line
    /// into smaller statements — on PostgreSQL 10 of them at once served 21 % fewer pages per
    /// second than 2 (`scripts/bench-statement`), each small statement paying a round trip.
    flushers: usize,
}

impl<B: Batched> Default for Batch<B> {
    fn default() -> Self {
        Self {
            line: Mutex::new(Line {
                asks: VecDeque::new(),
                flushing: 0,
            }),
            flushers: std::thread::available_parallelism().map_or(2, usize::from),
        }
    }
}

impl<B: Batched> Batch<B> {
    fn lock(&self) -> MutexGuard<'_, Line<B>> {
        // Nothing runs under the lock but pushes and pops.
        self.line.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Up to [`Batched::MAX`] asks whose requests still wait; none when the line is empty, and
    /// then the calling flusher has stopped (decided under the same lock as the pushes, so an
    /// ask pushed while flushers are counted is always taken by one of them).
    fn take(&self) -> Vec<Entry<B>> {
        let mut line = self.lock();
        let mut taken = Vec::new();
        while taken.len() < B::MAX {
            match line.asks.pop_front() {
                Some(entry) if entry.answer.is_closed() => {}
                Some(entry) => taken.push(entry),
                None => break,
            }
        }
        if taken.is_empty() {
            line.flushing = line.flushing.saturating_sub(1);
        }
        taken
    }

    /// A flusher that cannot go on (no connection, no room in the lane) stops; when it was the
    /// last, the asks in line fail at once rather than wait for a flusher that is not coming.
    fn stop(&self, err: &StoreError) {
        let stranded = {
            let mut line = self.lock();
            line.flushing = line.flushing.saturating_sub(1);
            if line.flushing > 0 {
                return;
            }
            std::mem::take(&mut line.asks)
        };
        for entry in stranded {
            let _ = entry.answer.send((B::failed(copy_of(err)), 0));
        }
    }

    /// One flusher: empties the line on one connection, [`Batched::MAX`] asks per statement.
    fn flush_all(&self, pool: &r2d2::Pool<ConnectionManager>) {
        let mut conn = match pool.get() {
            Ok(conn) => conn,
            Err(err) => return self.stop(&StoreError::from(err)),
        };
        loop {
            let taken = self.take();
            if taken.is_empty() {
                return;
            }
            flush(&mut conn, taken);
        }
    }
}

/// The same failure for another ask (diesel's errors do not clone).
fn copy_of(err: &StoreError) -> StoreError {
    match err {
        StoreError::Unavailable(detail) => StoreError::Unavailable(detail.clone()),
        other => StoreError::Task(other.to_string()),
    }
}

impl Db {
    /// Answers `ask` through `batch`: puts it in line and, when fewer than `flushers` jobs are
    /// emptying the line, sends one more down the lane. 503 as [`Db::run`] when the line is
    /// full or no connection frees up in time.
    pub async fn run_batched<B: Batched>(
        &self,
        batch: &Arc<Batch<B>>,
        ask: B::Ask,
    ) -> Result<B::Out, StoreError> {
        let (answer, answered) = oneshot::channel();
        let start = {
            let mut line = batch.lock();
            // Twice the lane bounds the line, abandoned asks included.
            if line.asks.len() >= 2 * self.lane.places() {
                return Err(StoreError::Unavailable("too many requests wait".into()));
            }
            line.asks.push_back(Entry { ask, answer });
            let start = line.flushing < batch.flushers;
            if start {
                line.flushing += 1;
            }
            start
        };
        if start {
            // A flusher belongs to no request: it runs even if this one hangs up meanwhile.
            let (line, pool) = (Arc::clone(batch), self.pool.clone());
            if self.lane.spawn(move || line.flush_all(&pool)).is_err() {
                batch.stop(&StoreError::Unavailable("too many requests wait".into()));
            }
        }
        // A flusher answers within the pool's timeout plus its statements; this bound only
        // keeps a request from waiting forever should one be lost.
        let outcome = tokio::time::timeout(2 * self.acquire_timeout, answered).await;
        let (out, sent) = match outcome {
            Ok(Ok(answered)) => answered,
            Ok(Err(_)) => return Err(StoreError::Task("a coalesced read was lost".into())),
            Err(_) => return Err(StoreError::Unavailable("no answer in time".into())),
        };
        let _ = REQUEST_QUERIES.try_with(|n| n.set(n.get().saturating_add(sent)));
        Ok(out)
    }
}

/// Loads the asks of `taken` with one [`Batched::load`] and answers each.
fn flush<B: Batched>(conn: &mut super::pool::Pooled, taken: Vec<Entry<B>>) {
    let before = conn.queries.load(Ordering::Relaxed);
    let (asks, answers): (Vec<_>, Vec<_>) = taken.into_iter().map(|e| (e.ask, e.answer)).unzip();
    let loaded = B::load(&mut conn.db, &asks);
    conn.last_used = Instant::now();
    conn.suspect = loaded.is_err();
    let sent = conn.queries.load(Ordering::Relaxed).wrapping_sub(before);
    // Each ask is counted its share of the statements, rounded up: one statement for eight
    // asks (PostgreSQL) is one for each, as are eight statements for eight (SQLite).
    let count = u32::try_from(asks.len()).unwrap_or(u32::MAX).max(1);
    let shared = sent.div_ceil(count);
    metrics::counter!("kabinet_coalesced_asks_total", "read" => B::NAME)
        .increment(u64::from(count));
    metrics::counter!("kabinet_coalesced_batches_total", "read" => B::NAME).increment(1);
    match loaded {
        Ok(rows) if rows.len() == asks.len() => {
            for ((ask, rows), answer) in asks.into_iter().zip(rows).zip(answers) {
                let before = conn.queries.load(Ordering::Relaxed);
                let out = B::finish(&mut conn.db, ask, rows);
                let own = conn.queries.load(Ordering::Relaxed).wrapping_sub(before);
                let _ = answer.send((out, shared.saturating_add(own)));
            }
        }
        Ok(rows) => {
            let detail = format!("{} asks loaded {} answers", asks.len(), rows.len());
            for answer in answers {
                let _ = answer.send((B::failed(StoreError::Task(detail.clone())), shared));
            }
        }
        Err(err) => {
            let err = StoreError::from(err);
            let unavailable = matches!(err, StoreError::Unavailable(_));
            let detail = err.to_string();
            for answer in answers {
                let each = if unavailable {
                    StoreError::Unavailable(detail.clone())
                } else {
                    StoreError::Task(detail.clone())
                };
                let _ = answer.send((B::failed(each), shared));
            }
        }
    }
}
