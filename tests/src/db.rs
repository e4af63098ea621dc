//! Per-test databases: a SQLite file in a temporary folder, or a PostgreSQL database with a
//! unique name on 127.0.0.1:5432 (override with `KABINET_TEST_PG`), dropped when the test ends.

use diesel::connection::SimpleConnection;
use diesel::{Connection, PgConnection, SqliteConnection};

/// The engines every storage test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The PostgreSQL server the suite uses (no database path).
pub fn pg_server() -> String {
    std::env::var("KABINET_TEST_PG").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".into())
}

/// A database that lives as long as the test.
pub struct TestDb {
    backend: Backend,
    /// Whether dropping this drops the database (not for one someone else made).
    owned: bool,
    name: String,
    _dir: Option<tempfile::TempDir>,
    url: String,
}

fn unique_name() -> String {
    let mut bytes = [0_u8; 6];
    getrandom::fill(&mut bytes).expect("randomness");
    let suffix: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("kabinet_test_{}_{suffix}", std::process::id())
}

impl TestDb {
    /// A new, empty database (PostgreSQL's is created by the server on first connect).
    pub fn create(backend: Backend) -> Self {
        let name = unique_name();
        match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().expect("temp dir");
                let url = dir.path().join("kabinet.db").display().to_string();
                Self {
                    backend,
                    owned: true,
                    name,
                    _dir: Some(dir),
                    url,
                }
            }
            Backend::Postgres => {
                let url = format!("{}/{name}", pg_server());
                Self {
                    backend,
                    owned: true,
                    name,
                    _dir: None,
                    url,
                }
            }
        }
    }

    /// A PostgreSQL database that exists and outlives the test (a cluster's primary).
    pub fn existing_postgres(url: &str) -> Self {
        Self {
            backend: Backend::Postgres,
            owned: false,
            name: url.rsplit('/').next().unwrap_or("cluster").to_owned(),
            _dir: None,
            url: url.to_owned(),
        }
    }

    /// The `DATABASE_URL` for the server.
    pub fn url(&self) -> String {
        self.url.clone()
    }

    /// A unique name (also the PostgreSQL database name and the log file name).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Which engine.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Runs `sql` on the database behind the server's back, for a state no API call makes (a
    /// session last used two minutes ago). Panics on failure: the test's premise is missing.
    pub fn execute(&self, sql: &str) {
        let done = match self.backend {
            Backend::Sqlite => SqliteConnection::establish(&self.url)
                .map_err(|e| e.to_string())
                .and_then(|mut c| c.batch_execute(sql).map_err(|e| e.to_string())),
            Backend::Postgres => PgConnection::establish(&self.url)
                .map_err(|e| e.to_string())
                .and_then(|mut c| c.batch_execute(sql).map_err(|e| e.to_string())),
        };
        if let Err(err) = done {
            panic!("{sql}: {err}");
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if self.backend != Backend::Postgres || !self.owned {
            return;
        }
        if let Ok(mut admin) = PgConnection::establish(&format!("{}/postgres", pg_server())) {
            let _ = admin.batch_execute(&format!(
                "DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)",
                self.name
            ));
        }
    }
}
