//! The two hand-kept migration sets cannot drift: after migrating, SQLite and PostgreSQL have
//! the same tables, the same columns with the same nullability, and the same named indexes
//! (those a migration creates by name; the ones behind primary keys and unique constraints are
//! named by each engine its own way and are compared through the constraints' effect instead).

use std::collections::BTreeSet;

use diesel::sql_types::{Integer, Text};
use diesel::{QueryableByName, RunQueryDsl};
use kabinet_e2e::{kabinet, Backend, TestDb};

#[derive(QueryableByName)]
struct Name {
    #[diesel(sql_type = Text)]
    name: String,
}

#[derive(QueryableByName)]
struct SqliteColumn {
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Integer)]
    notnull: i32,
    #[diesel(sql_type = Integer)]
    pk: i32,
}

#[derive(QueryableByName)]
struct PgColumn {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    column_name: String,
    #[diesel(sql_type = Text)]
    is_nullable: String,
}

/// `table.column NULL|NOT NULL` lines and `index name` lines.
fn shape(backend: Backend) -> BTreeSet<String> {
    let db = TestDb::create(backend);
    let out = kabinet(&db, &["migrate"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut conn = kabinet_api::db::pool::establish(&db.url()).expect("connect");
    let mut shape = BTreeSet::new();
    let null = |nullable: bool| if nullable { "NULL" } else { "NOT NULL" };
    match &mut conn {
        kabinet_api::db::DbConnection::Sqlite(c) => {
            let tables: Vec<Name> = diesel::sql_query(
                "SELECT name FROM sqlite_master WHERE type = 'table' \
                 AND name NOT LIKE 'sqlite_%' AND name <> '__diesel_schema_migrations'",
            )
            .load(c)
            .expect("tables");
            for t in tables {
                let columns: Vec<SqliteColumn> =
                    diesel::sql_query(format!("PRAGMA table_info('{}')", t.name))
                        .load(c)
                        .expect("columns");
                for col in columns {
                    // SQLite lets a primary-key column hold NULL unless declared NOT NULL;
                    // PostgreSQL never does. Both are NOT NULL in effect here.
                    let nullable = col.notnull == 0 && col.pk == 0;
                    shape.insert(format!("{}.{} {}", t.name, col.name, null(nullable)));
                }
            }
            let indexes: Vec<Name> = diesel::sql_query(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL",
            )
            .load(c)
            .expect("indexes");
            shape.extend(indexes.into_iter().map(|i| format!("index {}", i.name)));
        }
        kabinet_api::db::DbConnection::Pg(c) => {
            let columns: Vec<PgColumn> = diesel::sql_query(
                "SELECT table_name::text, column_name::text, is_nullable::text \
                 FROM information_schema.columns WHERE table_schema = 'public' \
                 AND table_name <> '__diesel_schema_migrations'",
            )
            .load(c)
            .expect("columns");
            for col in columns {
                let nullable = col.is_nullable == "YES";
                shape.insert(format!(
                    "{}.{} {}",
                    col.table_name,
                    col.column_name,
                    null(nullable)
                ));
            }
            let indexes: Vec<Name> = diesel::sql_query(
                "SELECT indexname::text AS name FROM pg_indexes WHERE schemaname = 'public' \
                 AND indexname NOT IN (SELECT conname FROM pg_constraint)",
            )
            .load(c)
            .expect("indexes");
            shape.extend(indexes.into_iter().map(|i| format!("index {}", i.name)));
        }
    }
    shape
}

#[test]
fn sqlite_and_postgresql_schemas_are_the_same_after_migrating() {
    let sqlite = shape(Backend::Sqlite);
    let postgres = shape(Backend::Postgres);
    assert!(sqlite.len() > 50, "the schema was read: {sqlite:?}");
    let only_sqlite: Vec<_> = sqlite.difference(&postgres).collect();
    let only_postgres: Vec<_> = postgres.difference(&sqlite).collect();
    assert!(
        only_sqlite.is_empty() && only_postgres.is_empty(),
        "the migration sets drifted apart.\nonly in SQLite: {only_sqlite:#?}\nonly in PostgreSQL: {only_postgres:#?}"
    );
}
