//! `kabinet export-to-postgres --to URL`: moves a SQLite instance (`DATABASE_URL`) into a new
//! PostgreSQL database when a supplier outgrows the embedded default.
//!
//! How: the target gets this binary's PostgreSQL schema (`migrate`); then, in one PostgreSQL
//! transaction (all or nothing), every table is copied in the order its foreign keys need,
//! in bounded batches: SQLite renders a batch as one JSON array (`json_object` per row,
//! blobs as `\x…` hex) and PostgreSQL turns it back into typed rows with
//! `json_populate_recordset(NULL::table, …)` — so each engine parses its own types and neither
//! side needs a per-table mapping. Sequences are moved past the highest id, and the row counts
//! of both sides are compared before the commit. The signing keys in `settings` move too:
//! sessions, API keys and link codes keep working.
//!
//! The source must not be in use (stop the server; its writes after the copy would be lost),
//! and the target must be new: a database that has users, accounts or settings is refused.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Instant;

use anyhow::{bail, ensure, Context};
use diesel::connection::SimpleConnection;
use diesel::sql_types::{BigInt, Nullable, Text};
use diesel::{Connection, PgConnection, QueryableByName, RunQueryDsl, SqliteConnection};

use crate::config::StorageSettings;
use crate::db::{backend_of, migrate, pool, sqlite_path, Backend, DbConnection};

/// Tables the target fills itself: `account_totals` is kept by triggers on `charges` and
/// `payments`, which fire as those are copied (copying it too would count every sum twice).
const DERIVED: &[&str] = &["account_totals"];

/// Rows per batch; a table with a blob column (attachments of up to a few MB) goes by few.
const BATCH_ROWS: i64 = 500;
const BLOB_BATCH_ROWS: i64 = 4;

#[derive(QueryableByName)]
struct Name {
    #[diesel(sql_type = Text)]
    name: String,
}

#[derive(QueryableByName)]
struct Edge {
    #[diesel(sql_type = Text)]
    child: String,
    #[diesel(sql_type = Text)]
    parent: String,
}

#[derive(QueryableByName)]
struct Column {
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Text)]
    data_type: String,
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

#[derive(QueryableByName)]
struct Batch {
    /// The last rowid in the batch: the next batch starts after it (keyset, not OFFSET, so a
    /// table of millions of rows is read once, not once per batch).
    #[diesel(sql_type = Nullable<BigInt>)]
    last: Option<i64>,
    #[diesel(sql_type = Nullable<Text>)]
    rows: Option<String>,
}

/// `kabinet export-to-postgres --to URL`.
pub fn export(storage: &StorageSettings, to: &str) -> anyhow::Result<()> {
    ensure!(
        backend_of(&storage.database_url) == Backend::Sqlite,
        "DATABASE_URL must name the SQLite instance to move (it names PostgreSQL)"
    );
    ensure!(
        backend_of(to) == Backend::Postgres,
        "--to must be a postgres:// URL"
    );
    let source_path = sqlite_path(&storage.database_url);
    ensure!(
        std::path::Path::new(source_path).is_file(),
        "no SQLite database at {source_path}"
    );
    let started = Instant::now();
    crate::backup::refuse_if_in_use(std::path::Path::new(source_path))?;
    // The source at this binary's schema (as `serve` would leave it), then read in one snapshot.
    let mut source = pool::establish(&storage.database_url)
        .map_err(|err| anyhow::anyhow!("cannot open {source_path}: {err}"))?;
    migrate::run_pending(&mut source).map_err(|err| anyhow::anyhow!("{err}"))?;
    let DbConnection::Sqlite(mut source) = source else {
        bail!("DATABASE_URL is not SQLite");
    };

    pool::ensure_database(to)?;
    let mut target =
        pool::establish(to).map_err(|err| anyhow::anyhow!("cannot open --to: {err}"))?;
    migrate::run_pending(&mut target).map_err(|err| anyhow::anyhow!("{err}"))?;
    let DbConnection::Pg(mut target) = target else {
        bail!("--to is not PostgreSQL");
    };
    for table in ["users", "accounts", "settings", "api_clients"] {
        ensure!(
            count(&mut target, table)? == 0,
            "the target database already has {table}: export into a new database"
        );
    }

    let tables = in_dependency_order(&mut target)?;
    let shown = crate::config::redacted_url(to);
    source.batch_execute("BEGIN")?;
    let copied = target.transaction(|target| -> anyhow::Result<Vec<(String, i64)>> {
        // Rows a migration put in (e.g. a counter's first value) make way for the source's.
        let list = tables
            .iter()
            .map(|t| format!("\"{t}\""))
            .collect::<Vec<_>>()
            .join(", ");
        target.batch_execute(&format!("TRUNCATE {list}"))?;
        let mut copied = Vec::new();
        for table in tables.iter().filter(|t| !DERIVED.contains(&t.as_str())) {
            let n = copy_table(&mut source, target, table)?;
            let expected = crate::backup::count_rows(&mut source, table)?;
            ensure!(n == expected, "{table}: copied {n} of {expected} rows");
            ensure!(
                count(target, table)? == expected,
                "{table}: PostgreSQL holds another number of rows than SQLite"
            );
            reset_sequences(target, table)?;
            copied.push((table.clone(), n));
        }
        let (source_totals, target_totals) = (totals(&mut source)?, totals(target)?);
        ensure!(
            source_totals == target_totals,
            "account_totals: SQLite holds (charged, paid) = {source_totals:?}, PostgreSQL \
             {target_totals:?}"
        );
        Ok(copied)
    })?;
    source.batch_execute("COMMIT")?;
    let rows: i64 = copied.iter().map(|(_, n)| n).sum();
    println!(
        "moved {source_path} to {shown}: {rows} rows in {} tables in {:.1} s",
        copied.len(),
        started.elapsed().as_secs_f64()
    );
    for (table, n) in copied.iter().filter(|(_, n)| *n > 0) {
        println!("  {table:<24} {n}");
    }
    println!("serve it with DATABASE_URL={shown}; keep {source_path} until you have checked it");
    Ok(())
}

#[derive(QueryableByName, Debug, PartialEq, Eq)]
struct Totals {
    #[diesel(sql_type = BigInt)]
    charged: i64,
    #[diesel(sql_type = BigInt)]
    paid: i64,
}

/// All charges and all payments as `account_totals` sums them: the same on both sides once
/// the target's triggers have seen every row.
fn totals<C>(conn: &mut C) -> anyhow::Result<Totals>
where
    C: Connection,
    diesel::query_builder::SqlQuery: diesel::query_dsl::LoadQuery<'static, C, Totals>,
{
    Ok(diesel::sql_query(
        "SELECT CAST(COALESCE(SUM(charged_kopecks), 0) AS BIGINT) AS charged, \
                CAST(COALESCE(SUM(paid_kopecks), 0) AS BIGINT) AS paid FROM account_totals",
    )
    .get_result(conn)?)
}

/// The target's tables, parents before the tables whose foreign keys point at them.
fn in_dependency_order(target: &mut PgConnection) -> anyhow::Result<Vec<String>> {
    let names: Vec<Name> = diesel::sql_query(
        "SELECT table_name::text AS name FROM information_schema.tables \
         WHERE table_schema = 'public' AND table_type = 'BASE TABLE' \
           AND table_name <> '__diesel_schema_migrations' ORDER BY table_name",
    )
    .load(target)?;
    let edges: Vec<Edge> = diesel::sql_query(
        "SELECT conrelid::regclass::text AS child, confrelid::regclass::text AS parent \
         FROM pg_constraint WHERE contype = 'f' AND connamespace = 'public'::regnamespace",
    )
    .load(target)?;
    let mut parents: BTreeMap<String, BTreeSet<String>> = names
        .iter()
        .map(|n| (n.name.clone(), BTreeSet::new()))
        .collect();
    for edge in edges {
        let (child, parent) = (unquote(&edge.child), unquote(&edge.parent));
        if child != parent {
            parents.entry(child).or_default().insert(parent);
        }
    }
    let mut ordered = Vec::new();
    while !parents.is_empty() {
        let ready: Vec<String> = parents
            .iter()
            .filter(|(_, p)| p.iter().all(|x| ordered.contains(x)))
            .map(|(t, _)| t.clone())
            .collect();
        ensure!(!ready.is_empty(), "foreign keys form a cycle: {parents:?}");
        for table in ready {
            parents.remove(&table);
            ordered.push(table);
        }
    }
    Ok(ordered)
}

fn unquote(name: &str) -> String {
    name.trim_matches('"').to_owned()
}

/// Copies one table in batches; the number of rows copied.
fn copy_table(
    source: &mut SqliteConnection,
    target: &mut PgConnection,
    table: &str,
) -> anyhow::Result<i64> {
    let columns: Vec<Column> = diesel::sql_query(
        "SELECT column_name::text AS name, data_type::text AS data_type \
         FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 \
         ORDER BY ordinal_position",
    )
    .bind::<Text, _>(table)
    .load(target)?;
    let present: Vec<Name> = diesel::sql_query("SELECT name FROM pragma_table_info(?)")
        .bind::<Text, _>(table)
        .load(source)?;
    let present: BTreeSet<String> = present.into_iter().map(|n| n.name).collect();
    let missing: Vec<&str> = columns
        .iter()
        .map(|c| c.name.as_str())
        .filter(|c| !present.contains(*c))
        .collect();
    ensure!(
        missing.is_empty(),
        "{table}: SQLite has no column {}",
        missing.join(", ")
    );
    let has_blob = columns.iter().any(|c| c.data_type == "bytea");
    let fields = columns
        .iter()
        .map(|c| {
            let value = if c.data_type == "bytea" {
                format!(
                    "CASE WHEN \"{0}\" IS NULL THEN NULL ELSE '\\x' || hex(\"{0}\") END",
                    c.name
                )
            } else {
                format!("\"{}\"", c.name)
            };
            format!("'{}', {value}", c.name)
        })
        .collect::<Vec<_>>()
        .join(", ");
    let names = columns
        .iter()
        .map(|c| format!("\"{}\"", c.name))
        .collect::<Vec<_>>()
        .join(", ");
    let per_batch = if has_blob {
        BLOB_BATCH_ROWS
    } else {
        BATCH_ROWS
    };
    let read = format!(
        "SELECT MAX(kabinet_rowid) AS last, json_group_array(json_object({fields})) AS rows \
         FROM (SELECT rowid AS kabinet_rowid, * FROM \"{table}\" WHERE rowid > ? \
               ORDER BY rowid LIMIT ?)"
    );
    let write = format!(
        "INSERT INTO \"{table}\" ({names}) SELECT {names} FROM \
         json_populate_recordset(NULL::\"{table}\", $1::json)"
    );
    let (mut copied, mut after) = (0_i64, i64::MIN);
    loop {
        let batch: Vec<Batch> = diesel::sql_query(&read)
            .bind::<BigInt, _>(after)
            .bind::<BigInt, _>(per_batch)
            .load(source)
            .with_context(|| format!("reading {table}"))?;
        let Some(Batch {
            last: Some(last),
            rows: Some(rows),
        }) = batch.into_iter().next()
        else {
            break;
        };
        after = last;
        let n = diesel::sql_query(&write)
            .bind::<Text, _>(rows)
            .execute(target)
            .with_context(|| format!("writing {table}"))?;
        copied += i64::try_from(n)?;
    }
    Ok(copied)
}

/// Moves each serial column's sequence past the highest id copied.
fn reset_sequences(target: &mut PgConnection, table: &str) -> anyhow::Result<()> {
    let serials: Vec<Name> = diesel::sql_query(
        "SELECT column_name::text AS name FROM information_schema.columns \
         WHERE table_schema = 'public' AND table_name = $1 AND column_default LIKE 'nextval(%'",
    )
    .bind::<Text, _>(table)
    .load(target)?;
    for column in serials {
        diesel::sql_query(format!(
            "SELECT setval(pg_get_serial_sequence('\"{table}\"', '{0}'), \
             COALESCE(MAX(\"{0}\"), 0) + 1, false) FROM \"{table}\"",
            column.name
        ))
        .execute(target)?;
    }
    Ok(())
}

/// Rows in a PostgreSQL table.
fn count(target: &mut PgConnection, table: &str) -> anyhow::Result<i64> {
    let rows: Vec<Count> =
        diesel::sql_query(format!("SELECT COUNT(*) AS n FROM \"{table}\"")).load(target)?;
    Ok(rows.first().map_or(0, |r| r.n))
}
