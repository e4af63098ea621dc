//! The database going away while serving: 503 with the envelope quickly, and recovery without a
//! restart when it returns.

use std::time::{Duration, Instant};

use kabinet_e2e::proxy::TcpProxy;
use kabinet_e2e::{Backend, SpawnOptions, TestApp, TestDb};

#[test]
fn postgres_outage_gives_503_fast_and_service_recovers_by_itself() {
    let db = TestDb::create(Backend::Postgres);
    let proxy = TcpProxy::start("127.0.0.1:5432");
    let server = kabinet_e2e::db::pg_server();
    let via_proxy = format!(
        "postgres://postgres@127.0.0.1:{}/{}",
        proxy.port(),
        db.name()
    );
    assert!(
        server.contains("127.0.0.1:5432"),
        "the proxy forwards to 127.0.0.1:5432"
    );
    let app = TestApp::spawn_with(
        db,
        SpawnOptions {
            database_url: Some(via_proxy),
            ..Default::default()
        },
    );
    assert_eq!(app.get("/api/v1/health").status, 200);
    let resident = app.resident("outage");
    let page = "/api/v1/accounts/100200300";
    assert_eq!(resident.bearer(&app, "GET", page, None).status, 404);

    proxy.go_down();
    let started = Instant::now();
    let answer = app.get("/api/v1/health");
    let took = started.elapsed();
    assert_eq!(answer.status, 503, "{}", answer.body);
    assert!(took < Duration::from_millis(2500), "503 took {took:?}");
    let body = answer.json();
    assert_eq!(body["status"], "unavailable");
    assert_eq!(body["database"]["reachable"], false);
    assert_eq!(answer.header("cache-control"), Some("no-store"));
    // Alive, but not ready for traffic.
    assert_eq!(app.get("/api/v1/health/live").status, 200);
    let ready = app.get("/api/v1/health/ready");
    assert_eq!(ready.status, 503, "{}", ready.body);
    assert_eq!(ready.json()["database"]["reachable"], false);
    // A 5xx names its request id, the same as the header and the access log's.
    let failed = app.get("/api/v1/rules/current");
    assert_eq!(
        (failed.status, failed.code()),
        (503, "database_unavailable".to_owned())
    );
    let id = failed
        .header("x-request-id")
        .expect("X-Request-Id")
        .to_owned();
    assert_eq!(failed.json()["error"]["request_id"], id.as_str());
    // The coalesced account page read fails the same way, and in bounded time, for every
    // caller waiting in its line (none is left waiting for a flusher that cannot connect).
    let started = Instant::now();
    let pages: Vec<_> = std::thread::scope(|scope| {
        let calls: Vec<_> = (0..4)
            .map(|_| scope.spawn(|| resident.bearer(&app, "GET", page, None)))
            .collect();
        calls.into_iter().filter_map(|c| c.join().ok()).collect()
    });
    assert_eq!(pages.len(), 4);
    for answer in &pages {
        assert_eq!(
            (answer.status, answer.code()),
            (503, "database_unavailable".to_owned()),
            "{}",
            answer.body
        );
    }
    let took = started.elapsed();
    assert!(
        took < Duration::from_secs(10),
        "the pages' 503 took {took:?}"
    );

    proxy.come_up();
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let answer = app.get("/api/v1/health");
        if answer.status == 200 {
            assert_eq!(answer.json()["database"]["reachable"], true);
            assert_eq!(resident.bearer(&app, "GET", page, None).status, 404);
            break;
        }
        assert!(
            Instant::now() < deadline,
            "health still {} 15 s after the database came back; log:\n{}",
            answer.status,
            app.log()
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}
