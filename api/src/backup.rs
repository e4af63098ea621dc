//! `kabinet backup` and `kabinet restore`: an online copy of a SQLite instance and the way back.
//!
//! SQLite: `VACUUM INTO` reads one consistent snapshot (a read transaction; under WAL it does
//! not stop writers) and writes a compact copy, here into `FILE.partial-PID` that is checked
//! (`PRAGMA integrity_check`, migrations of this binary), synced and only then renamed to
//! `FILE` — so a file under the name asked for is always a whole, verified backup, and an
//! existing file is never overwritten.
//!
//! PostgreSQL has its own tools, which do it better than we could (`pg_dump` for a logical copy,
//! `pg_basebackup` for a physical one with point-in-time recovery): `backup` prints the command
//! and fails, so a cron job that calls it on a PostgreSQL instance does not pass for a backup.
//!
//! Restore replaces the configured SQLite file with a backup, only when no server has it open,
//! and keeps the replaced file beside it (`…​.before-restore-YYYYMMDDTHHMMSS`): a wrong restore
//! loses nothing.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, ensure, Context};
use diesel::connection::SimpleConnection;
use diesel::sql_types::{BigInt, Text};
use diesel::{Connection, QueryableByName, RunQueryDsl, SqliteConnection};

use crate::config::StorageSettings;
use crate::db::{backend_of, migrate, sqlite_path, Backend, DbConnection};

#[derive(QueryableByName)]
struct TextRow {
    #[diesel(sql_type = Text)]
    value: String,
}

#[derive(QueryableByName)]
struct JournalMode {
    #[diesel(sql_type = Text)]
    journal_mode: String,
}

#[derive(QueryableByName)]
struct CountRow {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// What a backup holds, for the operator to read at a glance.
struct Summary {
    bytes: u64,
    users: i64,
    accounts: i64,
    payments: i64,
    migrations: i64,
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} bytes; {} users, {} accounts, {} payments; {} migrations applied",
            self.bytes, self.users, self.accounts, self.payments, self.migrations
        )
    }
}

/// `kabinet backup --to FILE`.
pub fn backup(storage: &StorageSettings, to: &Path) -> anyhow::Result<()> {
    if backend_of(&storage.database_url) == Backend::Postgres {
        println!("{}", postgres_advice(storage, to));
        bail!("kabinet backup copies SQLite instances only; run the PostgreSQL command above");
    }
    let source = sqlite_path(&storage.database_url);
    ensure!(
        Path::new(source).is_file(),
        "no SQLite database at {source} (check DATABASE_URL)"
    );
    ensure!(
        !to.exists(),
        "{} already exists; choose a new file name (a backup never overwrites)",
        to.display()
    );
    let started = Instant::now();
    let partial = sibling(to, &format!("partial-{}", std::process::id()));
    let outcome = (|| {
        let mut conn =
            SqliteConnection::establish(source).with_context(|| format!("cannot open {source}"))?;
        // Wait for a writer's commit rather than fail; the copy itself does not block writers.
        conn.batch_execute("PRAGMA busy_timeout = 5000;")?;
        diesel::sql_query(format!("VACUUM INTO '{}'", quoted(&partial)?))
            .execute(&mut conn)
            .context("VACUUM INTO failed")?;
        let summary = verify(&partial)?;
        sync_file(&partial)?;
        std::fs::rename(&partial, to)?;
        sync_parent(to)?;
        anyhow::Ok(summary)
    })();
    let summary = match outcome {
        Ok(summary) => summary,
        Err(err) => {
            let _ = std::fs::remove_file(&partial);
            return Err(err);
        }
    };
    println!(
        "backup of {source} written to {} in {:.2} s: {summary}",
        to.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// `kabinet restore --from FILE`.
pub fn restore(storage: &StorageSettings, from: &Path) -> anyhow::Result<()> {
    ensure!(
        backend_of(&storage.database_url) == Backend::Sqlite,
        "kabinet restore restores SQLite instances; for PostgreSQL use pg_restore (see `kabinet \
         backup --help`)"
    );
    ensure!(from.is_file(), "no backup file at {}", from.display());
    let summary =
        verify(from).with_context(|| format!("{} is not a usable backup", from.display()))?;
    let target = PathBuf::from(sqlite_path(&storage.database_url));
    let kept = if target.exists() {
        refuse_if_in_use(&target)?;
        let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S");
        Some(sibling(&target, &format!("before-restore-{stamp}")))
    } else {
        None
    };
    let incoming = sibling(&target, &format!("restoring-{}", std::process::id()));
    std::fs::copy(from, &incoming)
        .with_context(|| format!("cannot copy {} beside {}", from.display(), target.display()))?;
    sync_file(&incoming)?;
    if let Some(kept) = &kept {
        std::fs::rename(&target, kept)?;
    }
    std::fs::rename(&incoming, &target)?;
    sync_parent(&target)?;
    // A backup from an older Kabinet is brought up to this binary's schema now, not at serve.
    let mut conn = crate::db::pool::establish(&storage.database_url)
        .map_err(|err| anyhow::anyhow!("cannot open the restored database: {err}"))?;
    let applied = migrate::run_pending(&mut conn).map_err(|err| anyhow::anyhow!("{err}"))?;
    println!(
        "restored {} into {}: {summary}{}",
        from.display(),
        target.display(),
        if applied.is_empty() {
            String::new()
        } else {
            format!("; {} newer migration(s) applied", applied.len())
        }
    );
    if let Some(kept) = kept {
        println!("the database it replaced is kept at {}", kept.display());
    }
    Ok(())
}

/// Checks that `path` is a whole SQLite database of a Kabinet this binary can serve, and counts
/// what is in it.
fn verify(path: &Path) -> anyhow::Result<Summary> {
    let bytes = std::fs::metadata(path)?.len();
    let url = path.to_str().context("the file name is not UTF-8")?;
    let mut conn = SqliteConnection::establish(url)?;
    let check: Vec<TextRow> =
        diesel::sql_query("SELECT integrity_check AS value FROM pragma_integrity_check()")
            .load(&mut conn)
            .context("not a SQLite database")?;
    ensure!(
        check.len() == 1 && check[0].value == "ok",
        "integrity check failed: {}",
        check
            .into_iter()
            .map(|r| r.value)
            .collect::<Vec<_>>()
            .join("; ")
    );
    let count = |conn: &mut SqliteConnection, table: &str| {
        count_rows(conn, table).with_context(|| format!("no {table} table: not a Kabinet database"))
    };
    let summary = Summary {
        bytes,
        migrations: count(&mut conn, "__diesel_schema_migrations")?,
        users: count(&mut conn, "users")?,
        accounts: count(&mut conn, "accounts")?,
        payments: count(&mut conn, "payments")?,
    };
    let unknown = migrate::unknown_applied(&mut DbConnection::Sqlite(conn))
        .map_err(|err| anyhow::anyhow!("{err}"))?;
    ensure!(
        unknown.is_empty(),
        "written by a newer Kabinet (migrations {}); use that version",
        unknown.join(", ")
    );
    Ok(summary)
}

/// Rows in a SQLite table (backup summaries, the export's check).
pub(crate) fn count_rows(conn: &mut SqliteConnection, table: &str) -> anyhow::Result<i64> {
    let rows: Vec<CountRow> =
        diesel::sql_query(format!("SELECT COUNT(*) AS n FROM \"{table}\"")).load(conn)?;
    Ok(rows.first().map_or(0, |r| r.n))
}

/// Refuses when another process (a running server) has the database open. Leaving WAL needs
/// the only connection; SQLite answers with the old mode when it cannot have it.
pub(crate) fn refuse_if_in_use(target: &Path) -> anyhow::Result<()> {
    let url = target.to_str().context("the file name is not UTF-8")?;
    let mut conn = SqliteConnection::establish(url)?;
    conn.batch_execute("PRAGMA busy_timeout = 2000;")?;
    let mode: Vec<JournalMode> = diesel::sql_query("PRAGMA journal_mode = DELETE")
        .load(&mut conn)
        .unwrap_or_default();
    ensure!(
        mode.first().is_some_and(|r| r.journal_mode == "delete"),
        "{} is in use (a server or worker has it open); stop it, then restore",
        target.display()
    );
    Ok(())
}

/// The commands that back up and restore a PostgreSQL instance, with the password hidden.
fn postgres_advice(storage: &StorageSettings, to: &Path) -> String {
    let url = storage.redacted_database_url();
    let file = to.display();
    format!(
        "PostgreSQL is backed up with its own tools. A logical copy (restore with pg_restore):\n\
         \x20 pg_dump --format=custom --no-owner --file '{file}' '{url}'\n\
         Restore it into an empty database, then let Kabinet check the schema:\n\
         \x20 pg_restore --no-owner --dbname 'NEW_DATABASE_URL' '{file}' && \
         DATABASE_URL=NEW_DATABASE_URL kabinet migrate\n\
         For point-in-time recovery take a physical base backup and archive WAL:\n\
         \x20 pg_basebackup --pgdata DIR --wal-method=stream --checkpoint=fast \
         --dbname '{url}'{}",
        if url.contains("***") {
            "\n(the password is shown as ***: give it in PGPASSWORD or ~/.pgpass)"
        } else {
            ""
        }
    )
}

/// `path` with `.suffix` added to its file name, in the same folder (so a rename is atomic).
fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".");
    name.push(suffix);
    path.with_file_name(name)
}

/// The path as an SQL string literal's content.
fn quoted(path: &Path) -> anyhow::Result<String> {
    Ok(path
        .to_str()
        .context("the file name is not UTF-8")?
        .replace('\'', "''"))
}

fn sync_file(path: &Path) -> anyhow::Result<()> {
    std::fs::File::open(path)?.sync_all()?;
    Ok(())
}

/// Makes a rename in the folder durable (a power loss after it keeps the new name).
fn sync_parent(path: &Path) -> anyhow::Result<()> {
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    std::fs::File::open(parent)?.sync_all()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sibling_names_stay_in_the_same_folder() {
        assert_eq!(
            sibling(Path::new("/var/lib/kabinet/k.db"), "partial-7"),
            PathBuf::from("/var/lib/kabinet/k.db.partial-7")
        );
    }

    #[test]
    fn quotes_in_file_names_cannot_end_the_literal() {
        assert_eq!(
            quoted(Path::new("/tmp/it's.db")).ok().as_deref(),
            Some("/tmp/it''s.db")
        );
    }

    #[test]
    fn postgres_advice_never_shows_the_password() {
        let storage = StorageSettings {
            database_url: "postgres://kabinet:hunter2@db.local/kabinet".into(),
            ..StorageSettings::default()
        };
        let advice = postgres_advice(&storage, Path::new("/backups/k.dump"));
        assert!(!advice.contains("hunter2"), "{advice}");
        assert!(advice.contains("pg_dump --format=custom"), "{advice}");
        assert!(advice.contains("PGPASSWORD"), "{advice}");
    }
}
