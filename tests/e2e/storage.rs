//! Migrations (up, down, up), database creation, SQLite settings and demo data.

use kabinet_e2e::{both_backends, kabinet, Backend, TestApp, TestDb};

fn stdout(output: &std::process::Output) -> String {
    assert!(
        output.status.success(),
        "command failed: {}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn migration_count(text: &str, verb: &str) -> usize {
    let line = text.lines().next().unwrap_or_default();
    let rest = line
        .strip_prefix(verb)
        .unwrap_or_else(|| panic!("expected `{verb} N migration(s)`, got {line:?}"));
    rest.split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .expect("a count")
}

both_backends! {
    fn every_migration_reverts_cleanly_and_applies_again(backend) {
        let db = TestDb::create(backend);
        let up = migration_count(&stdout(&kabinet(&db, &["migrate"])), "applied");
        assert!(up >= 1);
        let again = migration_count(&stdout(&kabinet(&db, &["migrate"])), "applied");
        assert_eq!(again, 0, "migrate is idempotent");
        let down = migration_count(&stdout(&kabinet(&db, &["migrate", "--revert-all"])), "reverted");
        assert_eq!(down, up);
        // up.sql would fail on tables that down.sql left behind.
        let up_again = migration_count(&stdout(&kabinet(&db, &["migrate"])), "applied");
        assert_eq!(up_again, up);
    }

    fn seed_demo_is_idempotent_and_prints_the_logins(backend) {
        let db = TestDb::create(backend);
        let first = stdout(&kabinet(&db, &["seed-demo"]));
        assert!(first.contains("2 user(s) and 4 account(s) created"), "{first}");
        assert!(first.contains("login: operator"), "{first}");
        assert!(first.contains("login: ivanova"), "{first}");
        let second = stdout(&kabinet(&db, &["seed-demo"]));
        assert!(second.contains("0 user(s) and 0 account(s) created"), "{second}");
        assert!(second.contains("login: ivanova"), "{second}");
    }

    fn the_signing_key_is_generated_once_and_shared_by_every_process(backend) {
        let db = TestDb::create(backend);
        stdout(&kabinet(&db, &["migrate"]));
        let mut first = kabinet_api::db::pool::establish(&db.url()).expect("connect");
        let mut second = kabinet_api::db::pool::establish(&db.url()).expect("connect");
        let a = kabinet_api::secrets::signing_key(&mut first, None).expect("key");
        let b = kabinet_api::secrets::signing_key(&mut second, None).expect("key");
        assert!(a.bytes().len() >= 32);
        assert_eq!(a.bytes(), b.bytes(), "a second process must reuse the stored key");
        assert!(
            kabinet_api::secrets::signing_key(&mut first, Some("too-short")).is_err(),
            "a configured key under 32 bytes is refused"
        );
    }
}

#[test]
fn a_missing_postgres_database_is_created_on_serve() {
    let db = TestDb::create(Backend::Postgres);
    // The name is fresh, so the database does not exist until the server creates it.
    let app = TestApp::spawn_with(db, Default::default());
    assert_eq!(app.get("/api/v1/health").status, 200);
    assert!(
        app.log().contains("created PostgreSQL database"),
        "{}",
        app.log()
    );
}

#[test]
fn sqlite_runs_in_wal_mode() {
    let db = TestDb::create(Backend::Sqlite);
    let path = std::path::PathBuf::from(db.url());
    let app = TestApp::spawn_with(db, Default::default());
    assert_eq!(app.get("/api/v1/health").status, 200);
    let wal = path.with_extension("db-wal");
    assert!(
        wal.exists(),
        "{} missing: journal_mode is not WAL",
        wal.display()
    );
}
