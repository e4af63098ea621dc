//! The connection pool and the one way handlers reach the database: [`Db::run`], which moves
//! the synchronous diesel call onto the blocking thread pool so no actix worker ever waits on
//! SQL, and turns "cannot get a connection" into [`StoreError::Unavailable`] (HTTP 503).

use std::cell::Cell;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use diesel::connection::InstrumentationEvent;

use diesel::connection::SimpleConnection;
use diesel::r2d2::{self, ManageConnection};
use diesel::result::{ConnectionError, DatabaseErrorKind, Error as DieselError};
use diesel::{Connection, PgConnection, SqliteConnection};

use super::{backend_of, sqlite_path, Backend, DbConnection};
use crate::blocking::{Bounded, Refused};

/// Errors of the storage layer. The HTTP layer maps them (see `error.rs`).
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// No connection could be had in time, or the connection died mid-query.
    #[error("database unavailable: {0}")]
    Unavailable(String),
    /// The query ran and failed (constraint, missing row, bug).
    #[error(transparent)]
    Query(DieselError),
    /// The blocking task was cancelled or panicked.
    #[error("blocking task failed: {0}")]
    Task(String),
}

impl From<DieselError> for StoreError {
    fn from(err: DieselError) -> Self {
        match &err {
            DieselError::DatabaseError(DatabaseErrorKind::ClosedConnection, info)
            | DieselError::DatabaseError(DatabaseErrorKind::UnableToSendCommand, info) => {
                Self::Unavailable(info.message().to_owned())
            }
            // SQLite answers SQLITE_BUSY after busy_timeout: the file is locked, not broken.
            DieselError::DatabaseError(DatabaseErrorKind::Unknown, info)
                if info.message().contains("database is locked") =>
            {
                Self::Unavailable(info.message().to_owned())
            }
            _ => Self::Query(err),
        }
    }
}

impl From<r2d2::PoolError> for StoreError {
    fn from(err: r2d2::PoolError) -> Self {
        Self::Unavailable(err.to_string())
    }
}

/// Creates connections of the configured backend and prepares each SQLite connection.
#[derive(Debug, Clone)]
pub struct ConnectionManager {
    url: String,
    backend: Backend,
}

impl ConnectionManager {
    fn new(url: &str) -> Self {
        let backend = backend_of(url);
        let url = match backend {
            Backend::Postgres => with_connect_timeout(url),
            Backend::Sqlite => sqlite_path(url).to_owned(),
        };
        Self { url, backend }
    }
}

/// libpq waits for a TCP connect forever by default; a dead host must fail fast instead.
fn with_connect_timeout(url: &str) -> String {
    if url.contains("connect_timeout=") {
        url.to_owned()
    } else if url.contains('?') {
        format!("{url}&connect_timeout=3")
    } else {
        format!("{url}?connect_timeout=3")
    }
}

/// WAL lets readers run beside the writer; foreign keys are off by default in SQLite; the busy
/// timeout makes a second writer wait instead of failing at once. It comes first: switching a
/// new file to WAL takes a write lock, and the pool opens several connections at once. Reads
/// go through a memory map of up to 2 GB of the file (SQLite's largest by default): pages come
/// from the OS page cache without a `read()` each (a 36-month statement of a 100 000-account
/// database touches ~100 scattered pages; 15 % faster than a 256 MB map). The map is the page
/// cache, not memory of the process. `synchronous = FULL`: every commit waits until its WAL
/// frames are on disk, so an answered write survives not only a killed process (which WAL with
/// `NORMAL` already gives) but a power loss of the machine; the price is one fsync per commit,
/// which the bulk uploads pay once per batch, not per row.
const SQLITE_PRAGMAS: &str = "PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL; \
     PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; \
     PRAGMA mmap_size = 2147418112; PRAGMA cache_size = -16384;";

/// A pooled connection and what decides whether it is pinged before its next use.
pub struct Pooled {
    pub(super) db: DbConnection,
    pub(super) last_used: Instant,
    /// The last work on it failed (perhaps because the server went away).
    pub(super) suspect: bool,
    /// Statements sent on it so far (diesel's instrumentation counts them).
    pub(super) queries: Arc<AtomicU32>,
}

tokio::task_local! {
    /// Statements sent by the database work of the current request (see [`counting`]).
    pub(super) static REQUEST_QUERIES: Cell<u32>;
}

/// Runs `request` and tells how many SQL statements its database work sent (every
/// [`Db::run`] awaited inside it): the figure `Server-Timing` reports and the e2e tests hold
/// the hot read paths to.
pub async fn counting<F: std::future::Future>(request: F) -> (F::Output, u32) {
    REQUEST_QUERIES
        .scope(Cell::new(0), async {
            let out = request.await;
            (out, REQUEST_QUERIES.with(Cell::get))
        })
        .await
}

/// A PostgreSQL connection can die with the server (a restart, a failover) while it sits in
/// the pool. It is pinged before use when it has been idle this long or its last work failed;
/// under load connections come back within milliseconds and a read pays no extra round trip
/// (the ping was a fifth of the round trips of `GET /accounts/{number}`).
const PING_WHEN_IDLE: Duration = Duration::from_secs(1);

impl Pooled {
    fn new(mut db: DbConnection) -> Self {
        let queries = Arc::new(AtomicU32::new(0));
        let counter = Arc::clone(&queries);
        let count = move |event: InstrumentationEvent<'_>| {
            if let InstrumentationEvent::StartQuery { .. } = event {
                counter.fetch_add(1, Ordering::Relaxed);
            }
        };
        crate::with_conn!(&mut db, |c| c.set_instrumentation(count));
        Self {
            db,
            last_used: Instant::now(),
            suspect: false,
            queries,
        }
    }
}

impl std::ops::Deref for Pooled {
    type Target = DbConnection;
    fn deref(&self) -> &DbConnection {
        &self.db
    }
}

impl std::ops::DerefMut for Pooled {
    fn deref_mut(&mut self) -> &mut DbConnection {
        &mut self.db
    }
}

impl ManageConnection for ConnectionManager {
    type Connection = Pooled;
    type Error = r2d2::Error;

    fn connect(&self) -> Result<Pooled, r2d2::Error> {
        match self.backend {
            Backend::Postgres => PgConnection::establish(&self.url)
                .map(|c| Pooled::new(DbConnection::Pg(c)))
                .map_err(r2d2::Error::ConnectionError),
            Backend::Sqlite => {
                let mut conn =
                    SqliteConnection::establish(&self.url).map_err(r2d2::Error::ConnectionError)?;
                conn.batch_execute(SQLITE_PRAGMAS)
                    .map_err(r2d2::Error::QueryError)?;
                Ok(Pooled::new(DbConnection::Sqlite(conn)))
            }
        }
    }

    /// An SQLite connection is a file handle that cannot die; a PostgreSQL one is pinged when
    /// idle or suspect (see [`PING_WHEN_IDLE`]).
    fn is_valid(&self, conn: &mut Pooled) -> Result<(), r2d2::Error> {
        let due = conn.suspect || conn.last_used.elapsed() >= PING_WHEN_IDLE;
        if let (DbConnection::Pg(c), true) = (&mut conn.db, due) {
            c.batch_execute("SELECT 1")
                .map_err(r2d2::Error::QueryError)?;
            conn.suspect = false;
        }
        Ok(())
    }

    /// A connection left inside a transaction (a failed commit or rollback) is not reused.
    fn has_broken(&self, conn: &mut Pooled) -> bool {
        use diesel::r2d2::R2D2Connection;
        crate::with_conn!(&mut conn.db, |c| c.is_broken())
    }
}

/// Pool size and how long a request may wait for a connection.
#[derive(Debug, Clone, Copy)]
pub struct PoolOptions {
    pub max_size: u32,
    pub acquire_timeout: Duration,
}

/// Shared handle to the database: cheap to clone, one per process.
#[derive(Clone)]
pub struct Db {
    pub(super) pool: r2d2::Pool<ConnectionManager>,
    backend: Backend,
    /// As wide as the pool: a job enters only when a connection is free for it, and waits for
    /// that without holding a thread.
    pub(super) lane: Bounded,
    pub(super) acquire_timeout: Duration,
}

/// How many requests may wait for a connection, per pooled connection, before the next is
/// refused at once (503 `database_unavailable`) rather than queued: 64 × 10 connections is
/// seconds of work already, and each waiting request holds its memory.
const WAITING_PER_CONNECTION: usize = 64;

impl Db {
    /// Builds the pool without waiting for the first connection, so a server started while
    /// the database is down still answers (503) and recovers when it comes back.
    pub fn connect(url: &str, options: PoolOptions) -> Self {
        let manager = ConnectionManager::new(url);
        let backend = manager.backend;
        let pool = r2d2::Pool::builder()
            .max_size(options.max_size)
            .min_idle(Some(1))
            .connection_timeout(options.acquire_timeout)
            // `is_valid` decides when a ping is worth its round trip.
            .test_on_check_out(true)
            .build_unchecked(manager);
        let width = usize::try_from(options.max_size).unwrap_or(1);
        Self {
            pool,
            backend,
            lane: Bounded::new(width, width * WAITING_PER_CONNECTION),
            acquire_timeout: options.acquire_timeout,
        }
    }

    /// `(connections in use, requests waiting for one)` now (metrics).
    pub fn load(&self) -> (usize, usize) {
        self.lane.load()
    }

    /// The configured engine.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Runs `work` with a pooled connection on the blocking thread pool, once one is free:
    /// 503 when none frees up within the acquire timeout or too many already wait.
    pub async fn run<T, E, F>(&self, work: F) -> Result<T, E>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<StoreError> + Send + 'static,
    {
        let pool = self.pool.clone();
        let wait = self.acquire_timeout;
        // The request's span (its id) follows the work onto the blocking thread.
        let span = tracing::Span::current();
        self.lane
            .run_within(Some(wait), move || {
                let _request = span.enter();
                let mut conn = pool.get().map_err(StoreError::from)?;
                let before = conn.queries.load(Ordering::Relaxed);
                let outcome = work(&mut conn.db);
                conn.last_used = Instant::now();
                conn.suspect = outcome.is_err();
                let sent = conn.queries.load(Ordering::Relaxed).wrapping_sub(before);
                Ok((outcome, sent))
            })
            .await
            .map_err(|refused| match refused {
                Refused::Full => StoreError::Unavailable("too many requests wait".into()),
                Refused::TimedOut => {
                    StoreError::Unavailable(format!("no connection free within {wait:?}"))
                }
                Refused::Failed(detail) => StoreError::Task(detail),
            })
            .and_then(|got: Result<_, StoreError>| got)
            .map(|(outcome, sent)| {
                // Outside a counted request (jobs, start-up) there is nothing to add to.
                let _ = REQUEST_QUERIES.try_with(|n| n.set(n.get().saturating_add(sent)));
                outcome
            })?
    }

    /// Round trip of `SELECT 1`, or `None` when no connection answers within `timeout`.
    ///
    /// Through the same lane as every request (not a thread of its own): a flood of health
    /// checks waits in line or is refused like any other burst, instead of parking hundreds of
    /// threads on the pool's lock; and a saturated lane is what a load balancer should see.
    pub async fn probe(&self, timeout: Duration) -> Option<Duration> {
        let pool = self.pool.clone();
        self.lane
            .run_within(Some(timeout), move || {
                let started = Instant::now();
                let mut conn = pool.get_timeout(timeout).ok()?;
                crate::with_conn!(&mut conn.db, |c| c.batch_execute("SELECT 1")).ok()?;
                Some(started.elapsed())
            })
            .await
            .ok()
            .flatten()
    }

    /// A connection for CLI commands (migrate, seed) that run outside actix.
    pub fn get(&self) -> Result<r2d2::PooledConnection<ConnectionManager>, StoreError> {
        Ok(self.pool.get()?)
    }
}

/// Opens one connection outside the pool (CLI commands that must not retry).
pub fn establish(url: &str) -> Result<DbConnection, ConnectionError> {
    let manager = ConnectionManager::new(url);
    manager
        .connect()
        .map(|pooled| pooled.db)
        .map_err(|err| match err {
            r2d2::Error::ConnectionError(e) => e,
            r2d2::Error::QueryError(e) => ConnectionError::CouldntSetupConfiguration(e),
        })
}

/// Creates the PostgreSQL database named in `url` when it does not exist yet, by connecting to
/// the server's `postgres` maintenance database. A no-op for SQLite (the file is created on
/// first open) and when the database is already there.
pub fn ensure_database(url: &str) -> anyhow::Result<()> {
    if backend_of(url) != Backend::Postgres {
        return Ok(());
    }
    match PgConnection::establish(&with_connect_timeout(url)) {
        Ok(_) => return Ok(()),
        Err(ConnectionError::BadConnection(msg)) if msg.contains("does not exist") => {}
        Err(err) => return Err(anyhow::anyhow!("cannot connect to PostgreSQL: {err}")),
    }
    let mut parsed = url::Url::parse(url)?;
    let name = parsed.path().trim_start_matches('/').to_owned();
    anyhow::ensure!(
        !name.is_empty()
            && name
                .chars()
                .all(|ch| ch.is_ascii_alphanumeric() || ch == '_' || ch == '-'),
        "database name {name:?} must be letters, digits, '_' or '-'"
    );
    parsed.set_path("/postgres");
    let mut admin = PgConnection::establish(&with_connect_timeout(parsed.as_str()))?;
    match admin.batch_execute(&format!("CREATE DATABASE \"{name}\"")) {
        Ok(()) => {
            log::info!("created PostgreSQL database {name}");
            Ok(())
        }
        // Another process created it between our two connections.
        Err(DieselError::DatabaseError(DatabaseErrorKind::Unknown, info))
            if info.message().contains("already exists") =>
        {
            Ok(())
        }
        Err(err) => Err(err.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connect_timeout_is_added_once() {
        assert_eq!(
            with_connect_timeout("postgres://h/db"),
            "postgres://h/db?connect_timeout=3"
        );
        assert_eq!(
            with_connect_timeout("postgres://h/db?sslmode=disable"),
            "postgres://h/db?sslmode=disable&connect_timeout=3"
        );
        assert_eq!(
            with_connect_timeout("postgres://h/db?connect_timeout=9"),
            "postgres://h/db?connect_timeout=9"
        );
    }
}
