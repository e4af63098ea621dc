//! Outbox delivery (issue 11): the worker sends what events queued, over real SMTP to a sink
//! on loopback (`kabinet_e2e::smtp`), retries what a server refuses for now, gives up what it
//! refuses for good, and — with several workers on one PostgreSQL, or a worker killed midway —
//! delivers every message exactly once (a killed worker may repeat the one it was sending).

use std::collections::HashMap;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use kabinet_e2e::smtp::{Received, SmtpSink};
use kabinet_e2e::{binary, both_backends, kabinet, Backend, SpawnOptions, TestApp, TestDb};
use serde_json::json;

/// A server whose own worker delivers to `sink`.
fn delivering(backend: Backend, sink: &SmtpSink) -> TestApp {
    let env = [
        ("KABINET_OUTBOX_WORKER", "true".to_owned()),
        ("KABINET_SMTP_URL", sink.url()),
        (
            "KABINET_MAIL_FROM",
            "Теплоснабжение <noreply@teplo.example>".to_owned(),
        ),
    ];
    TestApp::spawn_with(
        TestDb::create(backend),
        SpawnOptions {
            env: env
                .iter()
                .map(|(k, v)| ((*k).to_owned(), v.clone()))
                .collect(),
            ..SpawnOptions::default()
        },
    )
}

/// `(sent, failed, attempts, last_error)` of the outbox rows to `recipient`.
fn state(app: &TestApp, recipient: &str) -> Vec<(bool, bool, i32, Option<String>)> {
    use diesel::prelude::*;
    use kabinet_api::db::schema::outbox;
    let mut conn = app.db_conn();
    kabinet_api::with_conn!(&mut conn, |c| outbox::table
        .filter(outbox::recipient.eq(recipient))
        .order(outbox::id)
        .select((
            outbox::sent_at.is_not_null(),
            outbox::failed_at.is_not_null(),
            outbox::attempts,
            outbox::last_error,
        ))
        .load(c))
    .expect("outbox rows")
}

fn wait_until(limit: Duration, mut done: impl FnMut() -> bool) -> bool {
    let started = std::time::Instant::now();
    while started.elapsed() < limit {
        if done() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    done()
}

both_backends! {
    fn a_reset_link_arrives_over_smtp_and_is_not_kept_once_sent(backend) {
        let sink = SmtpSink::start();
        let app = delivering(backend, &sink);
        app.resident("smtp.user");
        let asked = app.call("POST", "/api/v1/auth/password-reset", Some(json!({"email": "smtp.user@example.ru"})));
        assert_eq!(asked.status, 202, "{}", asked.body);
        // The registration's verification code, then the reset link: each sent once.
        let got = sink.wait_for(2, Duration::from_secs(20));
        assert_eq!(got.len(), 2, "two messages, each sent once");
        let mail = got.iter().find(|m| m.text().contains("reset-password?token=")).expect("the reset message");
        assert_eq!(mail.to, vec!["smtp.user@example.ru".to_owned()]);
        assert_eq!(mail.from, "noreply@teplo.example");
        assert!(mail.header("Subject").is_some_and(|s| !s.is_empty()), "{}", mail.data);
        assert!(mail.header("Message-ID").is_some_and(|id| id.starts_with("<outbox-")), "{}", mail.data);
        let text = mail.text();
        assert!(text.contains("reset-password?token="), "the link is in the message: {text}");
        // Recorded as sent; the link (and the code) are no longer kept in the database.
        assert!(wait_until(Duration::from_secs(5), || state(&app, "smtp.user@example.ru").iter().all(|r| r.0)));
        let mut conn = app.db_conn();
        let kept = kabinet_api::db::models::outbox::for_recipient(&mut conn, "smtp.user@example.ru").expect("outbox");
        assert!(kept.iter().all(|m| !m.body.contains("reset-password?token=")
            && m.body.split("verify-email?code=").skip(1).all(|rest| !rest.starts_with(|c: char| c.is_ascii_digit()))), "{kept:?}");
        std::thread::sleep(Duration::from_secs(1));
        assert_eq!(sink.messages().len(), 2, "and never again");
    }

    fn a_refusal_for_now_is_retried_and_a_refusal_for_good_is_given_up(backend) {
        let sink = SmtpSink::start();
        sink.refuse_with(451);
        let app = delivering(backend, &sink);
        app.resident("busy.user");
        assert_eq!(app.call("POST", "/api/v1/auth/password-reset", Some(json!({"email": "busy.user@example.ru"}))).status, 202);
        assert!(wait_until(Duration::from_secs(20), || state(&app, "busy.user@example.ru").first().is_some_and(|r| r.2 >= 1 && r.3.is_some())),
            "the refused try is recorded: {:?}", state(&app, "busy.user@example.ru"));
        let row = state(&app, "busy.user@example.ru")[0].clone();
        assert!(!row.0 && !row.1, "neither sent nor given up: {row:?}");
        assert!(row.3.as_deref().is_some_and(|e| e.contains("451")), "{row:?}");
        // The server accepts again; the retry is due (its 30 s wait cut short here).
        sink.refuse_with(0);
        app.db.execute("UPDATE outbox SET next_attempt_at = NULL WHERE sent_at IS NULL");
        // Both refused messages (the registration's code and the reset link) now go through.
        let got = sink.wait_for(2, Duration::from_secs(20));
        assert_eq!(got.len(), 2);
        assert!(wait_until(Duration::from_secs(5), || state(&app, "busy.user@example.ru").iter().all(|r| r.0)));

        // A permanent refusal: given up at once, never retried.
        sink.refuse_with(550);
        app.resident("gone.user");
        assert_eq!(app.call("POST", "/api/v1/auth/password-reset", Some(json!({"email": "gone.user@example.ru"}))).status, 202);
        assert!(wait_until(Duration::from_secs(20), || state(&app, "gone.user@example.ru").first().is_some_and(|r| r.1)),
            "given up: {:?}", state(&app, "gone.user@example.ru"));
        let row = state(&app, "gone.user@example.ru")[0].clone();
        assert_eq!((row.0, row.2), (false, 1), "{row:?}");
    }

    fn a_worker_killed_midway_loses_nothing(backend) {
        let (sink, db, mut first) = a_worker_midway(backend);
        let _ = first.kill();
        let _ = first.wait();
        let copies = a_second_worker_finishes(&db, &sink);
        let repeated: usize = copies.values().map(|n| n - 1).sum();
        assert!(repeated <= 1, "at most the one in flight is repeated, not {repeated}");
    }

    fn a_worker_stopped_with_sigterm_finishes_its_message_exits_0_and_repeats_nothing(backend) {
        let (sink, db, mut first) = a_worker_midway(backend);
        let _ = Command::new("kill").args(["-TERM", &first.id().to_string()]).status();
        let started = std::time::Instant::now();
        let code = loop {
            if let Ok(Some(status)) = first.try_wait() {
                break status.code();
            }
            assert!(started.elapsed() < Duration::from_secs(15), "the worker ignored SIGTERM");
            std::thread::sleep(Duration::from_millis(50));
        };
        assert_eq!(code, Some(0), "a stopped worker exits 0");
        let sent_by_first = sink.messages().len();
        assert!(sent_by_first < 300, "stopped before the end ({sent_by_first})");
        let copies = a_second_worker_finishes(&db, &sink);
        // Unlike a kill, a stop leaves nothing half-sent: no notice arrives twice.
        assert!(copies.values().all(|n| *n == 1), "repeated after a graceful stop");
    }

    fn sms_go_to_the_http_gateway_with_its_token_and_its_refusals_are_honoured(backend) {
        use std::sync::atomic::Ordering;
        let gateway = Gateway::start();
        let db = TestDb::create(backend);
        let migrated = kabinet(&db, &["migrate"]);
        assert!(migrated.status.success(), "{}", String::from_utf8_lossy(&migrated.stderr));
        let now = if backend == Backend::Postgres { "now()" } else { "datetime('now')" };
        let sms = |to: &str| db.execute(&format!(
            "INSERT INTO outbox (channel, recipient, subject, body, created_at, attempts) \
             VALUES ('sms', '{to}', '', 'Окно приёма показаний открыто до 25-го.', {now}, 0)"));
        sms("+79990000001");
        let mut worker = Command::new(binary())
            .arg("worker")
            .env("DATABASE_URL", db.url())
            .env("RUST_LOG", "warn")
            .env("KABINET_SMS_URL", format!("http://127.0.0.1:{}/send", gateway.port))
            .env("KABINET_SMS_TOKEN", "gateway-token-1")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("kabinet worker starts");
        let state = |to: &str| -> Vec<(bool, bool, i32)> {
            use diesel::prelude::*;
            use kabinet_api::db::schema::outbox;
            let mut conn = kabinet_api::db::pool::establish(&db.url()).expect("connect");
            kabinet_api::with_conn!(&mut conn, |c| outbox::table
                .filter(outbox::recipient.eq(to))
                .select((outbox::sent_at.is_not_null(), outbox::failed_at.is_not_null(), outbox::attempts))
                .load(c))
            .expect("outbox rows")
        };
        assert!(wait_until(Duration::from_secs(20), || state("+79990000001").first().is_some_and(|r| r.0)),
            "delivered: {:?}", state("+79990000001"));
        let first = gateway.requests();
        assert_eq!(first.len(), 1);
        assert_eq!(first[0].0, "Bearer gateway-token-1");
        assert_eq!(first[0].1["to"], "+79990000001");
        assert_eq!(first[0].1["text"], "Окно приёма показаний открыто до 25-го.");

        // 503: tried again later; 400: given up at once.
        gateway.status.store(503, Ordering::SeqCst);
        sms("+79990000002");
        assert!(wait_until(Duration::from_secs(20), || state("+79990000002").first().is_some_and(|r| r.2 >= 1 && !r.0 && !r.1)),
            "retried later: {:?}", state("+79990000002"));
        gateway.status.store(400, Ordering::SeqCst);
        sms("+79990000003");
        assert!(wait_until(Duration::from_secs(20), || state("+79990000003").first().is_some_and(|r| r.1)),
            "given up: {:?}", state("+79990000003"));
        assert_eq!(state("+79990000003")[0].2, 1, "one try only");
        let _ = worker.kill();
        let _ = worker.wait();
    }

}

#[test]
fn two_workers_on_one_postgresql_deliver_a_thousand_notices_exactly_once() {
    let sink = SmtpSink::start();
    let db = TestDb::create(Backend::Postgres);
    queue(&db, 1000);
    let mut workers = [worker(&db, &sink), worker(&db, &sink)];
    all_of(&sink, 1000, Duration::from_secs(120));
    // Time for a stray second copy to show up, were there one.
    std::thread::sleep(Duration::from_millis(500));
    let got = sink.messages();
    for w in &mut workers {
        let _ = w.kill();
        let _ = w.wait();
    }
    let copies = by_message_id(&got);
    assert_eq!(copies.len(), 1000, "every notice arrived");
    assert_eq!(
        got.len(),
        1000,
        "none twice: {:?}",
        copies
            .iter()
            .filter(|(_, n)| **n > 1)
            .take(5)
            .collect::<Vec<_>>()
    );
}

/// `count` notices queued straight into the outbox (as events would), on a migrated database.
fn queue(db: &TestDb, count: u32) {
    let migrated = kabinet(db, &["migrate"]);
    assert!(
        migrated.status.success(),
        "{}",
        String::from_utf8_lossy(&migrated.stderr)
    );
    let series = match db.backend() {
        Backend::Postgres => format!("SELECT i FROM generate_series(1, {count}) AS i"),
        Backend::Sqlite => format!("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {count}) SELECT i FROM n"),
    };
    let now = match db.backend() {
        Backend::Postgres => "now()",
        Backend::Sqlite => "datetime('now')",
    };
    db.execute(&format!(
        "INSERT INTO outbox (channel, recipient, subject, body, created_at, attempts) \
         SELECT 'email', 'resident' || i || '@example.ru', 'Окно приёма показаний открыто', \
                'Передайте показания до 25-го числа.', {now}, 0 FROM ({series}) AS s"
    ));
}

/// 300 notices queued and a worker that has delivered at least 40 of them.
fn a_worker_midway(backend: Backend) -> (SmtpSink, TestDb, Child) {
    let sink = SmtpSink::start();
    let db = TestDb::create(backend);
    queue(&db, 300);
    let first = worker(&db, &sink);
    let seen = sink.wait_for(40, Duration::from_secs(30)).len();
    assert!(seen >= 40, "the first worker delivers ({seen})");
    (sink, db, first)
}

/// A second worker delivers the rest; every one of the 300 arrived; the copies of each.
fn a_second_worker_finishes(db: &TestDb, sink: &SmtpSink) -> HashMap<String, usize> {
    let mut second = worker(db, sink);
    let got = all_of(sink, 300, Duration::from_secs(60));
    let _ = second.kill();
    let _ = second.wait();
    let copies = by_message_id(&got);
    assert_eq!(copies.len(), 300, "every notice arrived");
    copies
}

/// `kabinet worker` delivering to `sink`, with a 3-second lease so a killed one's claim ends soon.
fn worker(db: &TestDb, sink: &SmtpSink) -> Child {
    worker_with(db, sink, 1)
}

fn worker_with(db: &TestDb, sink: &SmtpSink, senders: u16) -> Child {
    Command::new(binary())
        .env("KABINET_OUTBOX_SENDERS", senders.to_string())
        .arg("worker")
        .env("DATABASE_URL", db.url())
        .env("RUST_LOG", "warn")
        .env("KABINET_SMTP_URL", sink.url())
        .env("KABINET_OUTBOX_LEASE_SECS", "3")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("kabinet worker starts")
}

/// Waits until `count` distinct messages arrived (or `limit` passed); returns all arrivals.
fn all_of(sink: &SmtpSink, count: usize, limit: Duration) -> Vec<Received> {
    let started = std::time::Instant::now();
    loop {
        let got = sink.messages();
        if by_message_id(&got).len() >= count || started.elapsed() > limit {
            return got;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// How many copies of each message arrived, by `Message-ID`.
fn by_message_id(got: &[Received]) -> HashMap<String, usize> {
    let mut copies = HashMap::new();
    for mail in got {
        *copies
            .entry(mail.header("Message-ID").unwrap_or_default())
            .or_insert(0) += 1;
    }
    copies
}

/// `scripts/bench-outbox`: notices delivered per second to the SMTP sink on loopback by one
/// and by two `kabinet worker` processes on one PostgreSQL database, and by one worker with
/// four sending threads (2 000 queued each time).
#[test]
#[ignore = "a benchmark: scripts/bench-outbox runs it"]
fn bench_outbox() {
    let count: u32 = std::env::var("BENCH_NOTICES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(2000);
    let expected = usize::try_from(count).unwrap_or(usize::MAX);
    for (workers, senders) in [(1_usize, 1_u16), (2, 1), (1, 4)] {
        let sink = SmtpSink::start();
        let db = TestDb::create(Backend::Postgres);
        queue(&db, count);
        let started = std::time::Instant::now();
        let mut running: Vec<Child> = (0..workers)
            .map(|_| worker_with(&db, &sink, senders))
            .collect();
        let got = all_of(&sink, expected, Duration::from_secs(600));
        let seconds = started.elapsed().as_secs_f64();
        for w in &mut running {
            let _ = w.kill();
            let _ = w.wait();
        }
        let distinct = by_message_id(&got).len();
        assert_eq!(distinct, expected, "all delivered");
        println!(
            "bench-outbox: {workers} worker(s) × {senders} sender(s): {count} notices in {seconds:.2} s → {:.0} notices/s (copies received: {})",
            f64::from(count) / seconds,
            got.len()
        );
    }
}

/// An SMS gateway on loopback: records each request's `Authorization` and JSON body and
/// answers with the status it is set to.
struct Gateway {
    port: u16,
    got: std::sync::Arc<std::sync::Mutex<Vec<(String, serde_json::Value)>>>,
    status: std::sync::Arc<std::sync::atomic::AtomicU16>,
}

impl Gateway {
    fn start() -> Self {
        use std::io::{BufRead, BufReader, Read, Write};
        use std::sync::atomic::{AtomicU16, Ordering};
        use std::sync::{Arc, Mutex};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind the gateway");
        let port = listener.local_addr().expect("address").port();
        let got = Arc::new(Mutex::new(Vec::new()));
        let status = Arc::new(AtomicU16::new(200));
        let (kept, answer) = (got.clone(), status.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming().map_while(Result::ok) {
                let mut reader = BufReader::new(stream);
                let (mut auth, mut length, mut line) = (String::new(), 0_usize, String::new());
                while reader.read_line(&mut line).unwrap_or(0) > 2 {
                    if let Some((name, value)) = line.trim_end().split_once(": ") {
                        match name.to_ascii_lowercase().as_str() {
                            "authorization" => auth = value.to_owned(),
                            "content-length" => length = value.parse().unwrap_or(0),
                            _ => {}
                        }
                    }
                    line.clear();
                }
                let mut body = vec![0_u8; length];
                if reader.read_exact(&mut body).is_err() {
                    continue;
                }
                let code = answer.load(Ordering::SeqCst);
                if let Ok(mut all) = kept.lock() {
                    all.push((auth, serde_json::from_slice(&body).unwrap_or_default()));
                }
                let reply = format!(
                    "HTTP/1.1 {code} Test\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                );
                let _ = reader.get_mut().write_all(reply.as_bytes());
            }
        });
        Self { port, got, status }
    }

    fn requests(&self) -> Vec<(String, serde_json::Value)> {
        self.got.lock().map(|g| g.clone()).unwrap_or_default()
    }
}
