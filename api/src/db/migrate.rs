//! Embedded migrations, one set per backend (`migrations/sqlite`, `migrations/postgres`).

use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

use super::DbConnection;

const SQLITE: EmbeddedMigrations = embed_migrations!("../migrations/sqlite");
const POSTGRES: EmbeddedMigrations = embed_migrations!("../migrations/postgres");

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Applies every pending migration; returns the versions applied.
pub fn run_pending(conn: &mut DbConnection) -> Result<Vec<String>, BoxError> {
    let applied = match conn {
        DbConnection::Pg(c) => c.run_pending_migrations(POSTGRES)?,
        DbConnection::Sqlite(c) => c.run_pending_migrations(SQLITE)?,
    };
    Ok(applied.iter().map(ToString::to_string).collect())
}

/// How many of this binary's migrations the database has not applied (ready-health).
pub fn pending_count(conn: &mut DbConnection) -> Result<usize, BoxError> {
    Ok(match conn {
        DbConnection::Pg(c) => c.pending_migrations(POSTGRES)?.len(),
        DbConnection::Sqlite(c) => c.pending_migrations(SQLITE)?.len(),
    })
}

/// Versions the database has applied that this binary does not know: a database written by a
/// newer Kabinet, which this one must not serve or restore (its schema is not ours).
pub fn unknown_applied(conn: &mut DbConnection) -> Result<Vec<String>, BoxError> {
    match conn {
        DbConnection::Pg(c) => unknown_in(c, &POSTGRES),
        DbConnection::Sqlite(c) => unknown_in(c, &SQLITE),
    }
}

/// [`unknown_applied`] for one backend: applied versions not among `known`'s.
fn unknown_in<DB: diesel::backend::Backend>(
    conn: &mut impl MigrationHarness<DB>,
    known: &EmbeddedMigrations,
) -> Result<Vec<String>, BoxError> {
    use diesel::migration::MigrationSource;
    let known: Vec<String> = MigrationSource::<DB>::migrations(known)?
        .iter()
        .map(|m| m.name().version().to_string())
        .collect();
    Ok(conn
        .applied_migrations()?
        .iter()
        .map(ToString::to_string)
        .filter(|v| !known.contains(v))
        .collect())
}

/// Reverts every applied migration (used by `kabinet migrate --revert-all` and the test that
/// proves each `down.sql` undoes its `up.sql`).
pub fn revert_all(conn: &mut DbConnection) -> Result<Vec<String>, BoxError> {
    let reverted = match conn {
        DbConnection::Pg(c) => c.revert_all_migrations(POSTGRES)?,
        DbConnection::Sqlite(c) => c.revert_all_migrations(SQLITE)?,
    };
    Ok(reverted.iter().map(ToString::to_string).collect())
}
