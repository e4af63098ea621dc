//! Storage: the connection type, the pool, migrations and the per-table models.
//!
//! Why not `diesel::MultiConnection`? Its `MultiBackend` only offers SQL both engines share and
//! loses `RETURNING`, `ON CONFLICT … DO UPDATE` and `FOR UPDATE SKIP LOCKED`, which the bulk
//! upserts and the outbox need. Instead [`DbConnection`] is a plain enum and [`with_conn!`]
//! compiles the *same* diesel DSL once per backend: one code path in the source, each engine's
//! full dialect at run time.

pub mod batch;
pub mod migrate;
pub mod models;
pub mod pool;
pub mod prepared;
pub mod schema;
pub mod time;

use diesel::{PgConnection, SqliteConnection};
pub use kabinet_shared::api::health::Backend;
pub use pool::{Db, StoreError};

/// One SQLite write transaction at a time per process (see [`DbConnection::transaction`]).
static SQLITE_WRITER: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// A live connection to whichever engine `DATABASE_URL` names.
pub enum DbConnection {
    Pg(PgConnection),
    Sqlite(SqliteConnection),
}

impl DbConnection {
    /// Runs `work` in one transaction: committed when it returns `Ok`, rolled back otherwise.
    /// SQLite transactions start with `BEGIN IMMEDIATE` so two writers never fail when a read
    /// lock cannot be upgraded, and queue on an in-process lock first.
    pub fn transaction<T, E, F>(&mut self, work: F) -> Result<T, E>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, E>,
        E: From<diesel::result::Error>,
    {
        use diesel::connection::{AnsiTransactionManager, TransactionManager};
        // SQLite writers take turns in the process, in the order they ask, instead of in SQLite's
        // busy handler, whose growing sleeps made the tail of concurrent submissions ten times
        // longer than the rest (scripts/bench-readings). Held from BEGIN to COMMIT.
        let _writer = match self {
            Self::Sqlite(_) => Some(
                SQLITE_WRITER
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner),
            ),
            Self::Pg(_) => None,
        };
        match self {
            Self::Pg(c) => AnsiTransactionManager::begin_transaction(c)?,
            Self::Sqlite(c) => AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE")?,
        }
        let outcome = work(self);
        let finish = match (&outcome, &mut *self) {
            (Ok(_), Self::Pg(c)) => AnsiTransactionManager::commit_transaction(c),
            (Ok(_), Self::Sqlite(c)) => AnsiTransactionManager::commit_transaction(c),
            (Err(_), Self::Pg(c)) => AnsiTransactionManager::rollback_transaction(c),
            (Err(_), Self::Sqlite(c)) => AnsiTransactionManager::rollback_transaction(c),
        };
        match (outcome, finish) {
            (Ok(value), Ok(())) => Ok(value),
            (Ok(_), Err(err)) => Err(err.into()),
            (Err(err), _) => Err(err),
        }
    }

    /// The engine behind this connection.
    pub fn backend(&self) -> Backend {
        match self {
            Self::Pg(_) => Backend::Postgres,
            Self::Sqlite(_) => Backend::Sqlite,
        }
    }
}

/// Runs one diesel expression on the concrete connection inside a [`DbConnection`]:
/// `with_conn!(conn, |c| users::table.count().get_result::<i64>(c))`.
#[macro_export]
macro_rules! with_conn {
    ($conn:expr, |$c:ident| $body:expr) => {
        match $conn {
            $crate::db::DbConnection::Pg($c) => $body,
            $crate::db::DbConnection::Sqlite($c) => $body,
        }
    };
}

/// Which backend a `DATABASE_URL` selects: `postgres://` or `postgresql://` → PostgreSQL,
/// anything else is a SQLite file path (an optional `sqlite://` prefix is stripped).
pub fn backend_of(url: &str) -> Backend {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Backend::Postgres
    } else {
        Backend::Sqlite
    }
}

/// The SQLite file path for a non-PostgreSQL `DATABASE_URL`.
pub fn sqlite_path(url: &str) -> &str {
    url.strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .unwrap_or(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postgres_urls_select_postgres_and_everything_else_sqlite() {
        assert_eq!(backend_of("postgres://u@h/db"), Backend::Postgres);
        assert_eq!(backend_of("postgresql://u@h/db"), Backend::Postgres);
        assert_eq!(backend_of("kabinet.db"), Backend::Sqlite);
        assert_eq!(backend_of("sqlite://data/k.db"), Backend::Sqlite);
        assert_eq!(sqlite_path("sqlite://data/k.db"), "data/k.db");
        assert_eq!(sqlite_path("kabinet.db"), "kabinet.db");
    }
}
