//! Backups (issue 12): `kabinet backup --to FILE` copies a SQLite instance while it takes
//! writes — one consistent snapshot: everything answered before it started is in it, nothing
//! that was never answered is — and `kabinet restore --from FILE` makes a working instance of
//! it. On PostgreSQL the command prints the `pg_dump` line to use, and that line works.

use std::time::{Duration, Instant};

use diesel::prelude::*;
use kabinet_e2e::identity::PASSWORD;
use kabinet_e2e::load::{one_account, PaymentLoad};
use kabinet_e2e::{kabinet, Backend, SpawnOptions, TestApp, TestDb};
use serde_json::json;

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// External ids of the `BK-` payments stored in the SQLite file at `path`.
fn payments_in(path: &str) -> Vec<String> {
    use kabinet_api::db::schema::payments;
    let mut conn = diesel::SqliteConnection::establish(path).expect("open copy");
    payments::table
        .filter(payments::external_id.like("BK-%"))
        .select(payments::external_id.assume_not_null())
        .load(&mut conn)
        .expect("payments")
}

#[test]
fn a_sqlite_backup_taken_under_write_load_restores_into_a_working_instance() {
    let app = TestApp::spawn(Backend::Sqlite);
    let key = app.api_client("billing", "accounts:write,payments:write");
    one_account(&app, &key);
    app.register("saved_before");

    // Four clients post payments from the billing system as fast as they are answered.
    let load = PaymentLoad::start(&app, &key, "BK", 4);
    load.wait_for(300, Duration::from_secs(30));
    let before = load.answered();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("kabinet-backup.db");
    let file_name = file.to_str().unwrap();
    let clock = Instant::now();
    let out = kabinet(&app.db, &["backup", "--to", file_name]);
    let took = clock.elapsed();
    let after = load.answered();
    // Writes go on after the copy too: the server was never paused.
    std::thread::sleep(Duration::from_millis(300));
    let later = load.stop();
    assert!(out.status.success(), "backup failed: {}", stderr(&out));
    assert!(stdout(&out).contains("written to"), "{}", stdout(&out));
    println!(
        "backup under load: {:.0} ms; {} payments answered before it, {} by its end, {} in all",
        took.as_secs_f64() * 1000.0,
        before.len(),
        after.len(),
        later.len()
    );
    assert!(
        later.len() > after.len(),
        "the server kept taking writes after the backup ({} vs {})",
        later.len(),
        after.len()
    );

    let copied = payments_in(file_name);
    let missing: Vec<&String> = before.iter().filter(|id| !copied.contains(id)).collect();
    assert!(
        missing.is_empty(),
        "answered before the backup but not in it: {missing:?}"
    );
    // A snapshot, not a smear: nothing in it that had not been committed when it ended.
    assert!(
        copied.len() <= after.len() + 4,
        "{} copied, {} answered",
        copied.len(),
        after.len()
    );
    assert!(
        copied.iter().all(|id| later.contains(id)),
        "a payment nobody was answered for"
    );

    // Never overwrites an existing file.
    let again = kabinet(&app.db, &["backup", "--to", file_name]);
    assert!(!again.status.success());
    assert!(
        stderr(&again).contains("already exists"),
        "{}",
        stderr(&again)
    );
    assert_eq!(payments_in(file_name).len(), copied.len());

    // Restoring over the running instance is refused and the server keeps working.
    let busy = kabinet(&app.db, &["restore", "--from", file_name]);
    assert!(!busy.status.success(), "restored under a running server");
    assert!(stderr(&busy).contains("in use"), "{}", stderr(&busy));
    assert_eq!(app.get("/api/v1/health/ready").status, 200);

    // A file that is not a backup is refused and the target is left as it was.
    let junk = dir.path().join("junk.db");
    std::fs::write(&junk, b"this is not a database").unwrap();
    let fresh = TestDb::create(Backend::Sqlite);
    let refused = kabinet(&fresh, &["restore", "--from", junk.to_str().unwrap()]);
    assert!(!refused.status.success());
    assert!(
        stderr(&refused).contains("not a usable backup"),
        "{}",
        stderr(&refused)
    );
    assert!(
        !std::path::Path::new(&fresh.url()).exists(),
        "a refused restore created the target"
    );

    // Restore into a new place and serve it: the resident registered before signs in, and the
    // payments are the backup's.
    let restore = kabinet(&fresh, &["restore", "--from", file_name]);
    assert!(
        restore.status.success(),
        "restore failed: {}",
        stderr(&restore)
    );
    assert!(
        stdout(&restore).contains("restored"),
        "{}",
        stdout(&restore)
    );
    assert_eq!(payments_in(&fresh.url()).len(), copied.len());
    let restored = TestApp::spawn_with(fresh, SpawnOptions::default());
    assert_eq!(restored.get("/api/v1/health/ready").status, 200);
    let session = restored.login("saved_before", PASSWORD);
    assert!(!session.access.is_empty());
    restored.register("saved_after_restore");

    // Restoring over a stopped instance keeps what it replaced.
    let restored_url = restored.db.url();
    let mut restored = restored;
    assert_eq!(restored.terminate(Duration::from_secs(30)), Some(0));
    let target = restored.db.url();
    let out = std::process::Command::new(kabinet_e2e::binary())
        .args(["restore", "--from", file_name])
        .env("DATABASE_URL", &target)
        .env("RUST_LOG", "warn")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let kept = stdout(&out)
        .lines()
        .find_map(|l| l.strip_prefix("the database it replaced is kept at "))
        .map(str::to_owned)
        .unwrap_or_else(|| panic!("where is the replaced file? {}", stdout(&out)));
    {
        use kabinet_api::db::schema::users;
        let logins = |path: &str| -> Vec<String> {
            let mut conn = diesel::SqliteConnection::establish(path).unwrap();
            users::table.select(users::login).load(&mut conn).unwrap()
        };
        assert!(logins(&kept).contains(&"saved_after_restore".to_owned()));
        assert!(!logins(&restored_url).contains(&"saved_after_restore".to_owned()));
    }
}

#[test]
fn on_postgresql_backup_prints_a_pg_dump_command_that_works() {
    let app = TestApp::spawn(Backend::Postgres);
    app.register("in_the_dump");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("kabinet.dump");
    let out = kabinet(&app.db, &["backup", "--to", file.to_str().unwrap()]);
    assert!(
        !out.status.success(),
        "a PostgreSQL `backup` must not pass for a backup"
    );
    let text = stdout(&out);
    let command = text
        .lines()
        .map(str::trim)
        .find(|l| l.starts_with("pg_dump "))
        .unwrap_or_else(|| panic!("no pg_dump command printed: {text}"));
    let dumped = std::process::Command::new("sh")
        .args(["-c", command])
        .output()
        .expect("sh runs");
    assert!(dumped.status.success(), "{command}: {}", stderr(&dumped));
    let listed = std::process::Command::new("pg_restore")
        .args(["--list", file.to_str().unwrap()])
        .output()
        .expect("pg_restore runs");
    assert!(listed.status.success(), "{}", stderr(&listed));
    let toc = stdout(&listed);
    assert!(toc.contains("TABLE DATA public users"), "{toc}");
    assert!(toc.contains("TABLE DATA public payments"), "{toc}");

    // The advice's restore path: pg_restore into an empty database, then serve it.
    let copy = TestDb::create(Backend::Postgres);
    let created = std::process::Command::new("psql")
        .args([&format!("{}/postgres", kabinet_e2e::db::pg_server()), "-c"])
        .arg(format!("CREATE DATABASE \"{}\"", copy.name()))
        .output()
        .expect("psql runs");
    assert!(created.status.success(), "{}", stderr(&created));
    let restored = std::process::Command::new("pg_restore")
        .args([
            "--no-owner",
            "--dbname",
            &copy.url(),
            file.to_str().unwrap(),
        ])
        .output()
        .expect("pg_restore runs");
    assert!(restored.status.success(), "{}", stderr(&restored));
    let served = TestApp::spawn_with(copy, SpawnOptions::default());
    assert!(!served.login("in_the_dump", PASSWORD).access.is_empty());
}

/// `kabinet export-to-postgres --to TO` of the SQLite instance at `sqlite_url`.
fn export(sqlite_url: &str, to: &str) -> std::process::Output {
    std::process::Command::new(kabinet_e2e::binary())
        .args(["export-to-postgres", "--to", to])
        .env("DATABASE_URL", sqlite_url)
        .env("RUST_LOG", "warn")
        .output()
        .expect("kabinet runs")
}

#[test]
fn a_used_sqlite_instance_moves_to_postgresql_and_keeps_working() {
    use kabinet_e2e::billing::{get_bytes, three_months, Billing, WEBHOOK_SECRET, ZONE};
    use kabinet_e2e::fixtures::ACCOUNT;
    let mut b = Billing::new(Backend::Sqlite);
    three_months(&b);
    let resident = b.resident().clone();
    // An appeal with a photo: the one blob column.
    let appeal = resident.bearer(
        b.app(),
        "POST",
        "/api/v1/appeals",
        Some(json!({
        "category": "question", "subject": "Перерасчёт", "text": "Прошу пояснить перерасчёт."})),
    );
    assert_eq!(appeal.status, 201, "{}", appeal.body);
    let id = appeal.json()["id"].as_i64().unwrap();
    let photo: Vec<u8> = (0..=255_u8).cycle().take(70_000).collect();
    let auth = format!("Bearer {}", resident.access);
    let uploaded = kabinet_e2e::http::upload(
        &b.app().url(&format!("/api/v1/appeals/{id}/attachments")),
        &[("Authorization", &auth)],
        "file",
        "photo.png",
        "image/png",
        &[b"\x89PNG\r\n\x1a\n".as_slice(), &photo].concat(),
    );
    assert_eq!(uploaded.status, 201, "{}", uploaded.body);
    let file = format!("/api/v1/appeals/{id}/attachments/{}", uploaded.json()["id"]);
    let read = |app: &TestApp| {
        let statement = resident.bearer(
            app,
            "GET",
            &format!("/api/v1/accounts/{ACCOUNT}/statement?from=2026-08&to=2026-10"),
            None,
        );
        assert_eq!(statement.status, 200, "{}", statement.body);
        let detail = resident.bearer(app, "GET", &format!("/api/v1/accounts/{ACCOUNT}"), None);
        let bytes = get_bytes(&app.url(&file), &[("Authorization", &auth)]);
        assert_eq!(bytes.status, 200);
        (statement.json(), detail.json(), bytes.body)
    };
    let before = read(b.app());
    let sqlite_url = b.app().db.url();

    // Refused while the server has it open.
    let target = TestDb::create(Backend::Postgres);
    let busy = export(&sqlite_url, &target.url());
    assert!(!busy.status.success());
    assert!(stderr(&busy).contains("in use"), "{}", stderr(&busy));

    assert_eq!(b.world.app.terminate(Duration::from_secs(30)), Some(0));
    let moved = export(&sqlite_url, &target.url());
    assert!(moved.status.success(), "{}", stderr(&moved));
    assert!(stdout(&moved).contains("moved"), "{}", stdout(&moved));
    println!("{}", stdout(&moved));

    let url = target.url();
    let pg = TestApp::spawn_with(
        target,
        SpawnOptions {
            env: vec![
                (
                    "KABINET_SANDBOX_WEBHOOK_SECRET".into(),
                    WEBHOOK_SECRET.into(),
                ),
                ("KABINET_TIMEZONE".into(), ZONE.into()),
            ],
            ..SpawnOptions::default()
        },
    );
    // The resident's very session works (keys and sessions moved), and they see the same.
    let after = read(&pg);
    assert_eq!(after.0, before.0, "statement differs after the move");
    assert_eq!(after.1, before.1, "account differs after the move");
    assert!(after.2 == before.2, "the photo differs after the move");
    // New rows get new ids (sequences moved past the copied ones).
    pg.register("after.move");
    let second = resident.bearer(
        &pg,
        "POST",
        "/api/v1/appeals",
        Some(json!({
        "category": "question", "subject": "Ещё вопрос", "text": "После переезда."})),
    );
    assert_eq!(second.status, 201, "{}", second.body);
    assert!(second.json()["id"].as_i64().unwrap() > id);

    // A database that is in use is never a target.
    let twice = export(&sqlite_url, &url);
    assert!(!twice.status.success());
    assert!(
        stderr(&twice).contains("new database"),
        "{}",
        stderr(&twice)
    );
}
