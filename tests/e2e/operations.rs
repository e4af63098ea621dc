//! Operations (issue 12, first part): liveness and readiness probes, request ids on every answer
//! and in the access log, and a graceful stop on SIGTERM that lets the outbox worker finish.

use std::time::Duration;

use kabinet_e2e::smtp::SmtpSink;
use kabinet_e2e::{both_backends, http, SpawnOptions, TestApp, TestDb};
use serde_json::json;

both_backends! {
    fn probes_say_live_and_ready_with_migrations_and_worker(backend) {
        // The suite's servers leave delivery to others: the worker is `external`.
        let app = TestApp::spawn(backend);
        let live = app.get("/api/v1/health/live");
        assert_eq!((live.status, live.json()), (200, json!({"status": "ok"})));
        let ready = app.get("/api/v1/health/ready");
        assert_eq!(ready.status, 200, "{}", ready.body);
        let body = ready.json();
        assert_eq!((body["status"].as_str(), body["migrations_current"].as_bool(), body["worker"].as_str()),
            (Some("ok"), Some(true), Some("external")));
        assert_eq!(body["database"]["reachable"], true);
        assert_eq!(app.get("/api/v1/health").status, 200, "the old probe stays");

        // A server delivering itself reports its worker alive.
        let sink = SmtpSink::start();
        let delivering = TestApp::spawn_with(TestDb::create(backend), SpawnOptions {
            env: vec![("KABINET_OUTBOX_WORKER".into(), "true".into()), ("KABINET_SMTP_URL".into(), sink.url())],
            ..SpawnOptions::default()
        });
        assert_eq!(delivering.get("/api/v1/health/ready").json()["worker"], "alive");
    }

    fn every_answer_has_a_request_id_in_its_header_and_log_line(backend) {
        let app = TestApp::spawn(backend);
        let first = app.get("/api/v1/rules/current");
        let second = app.get("/api/v1/rules/current");
        let (a, b) = (first.header("x-request-id").unwrap().to_owned(), second.header("x-request-id").unwrap().to_owned());
        assert!(a.len() == 16 && a.chars().all(|c| c.is_ascii_hexdigit()), "{a}");
        assert_ne!(a, b, "each request its own id");
        // A trusted proxy's id is kept (the suite trusts loopback); a malformed one is replaced.
        let kept = http::call_with("GET", &app.url("/api/v1/rules/current"), None, &[("X-Request-Id", "edge-7f3a.1")]);
        assert_eq!(kept.header("x-request-id"), Some("edge-7f3a.1"));
        let replaced = http::call_with("GET", &app.url("/api/v1/rules/current"), None, &[("X-Request-Id", "a b c")]);
        assert_ne!(replaced.header("x-request-id"), Some("a b c"));
        // Errors carry it too (and a 404 of the API).
        let missing = app.get("/api/v1/no-such-thing");
        assert_eq!(missing.status, 404);
        assert!(missing.header("x-request-id").is_some());
        std::thread::sleep(Duration::from_millis(300));
        let log = app.log();
        assert!(log.contains(&format!("id={a}")) && log.contains("id=edge-7f3a.1"), "{log}");
    }

    fn sigterm_stops_the_server_gracefully_and_the_worker_with_it(backend) {
        let sink = SmtpSink::start();
        let mut app = TestApp::spawn_with(TestDb::create(backend), SpawnOptions {
            env: vec![
                ("KABINET_OUTBOX_WORKER".into(), "true".into()),
                ("KABINET_SMTP_URL".into(), sink.url()),
                ("KABINET_SHUTDOWN_GRACE_SECS".into(), "5".into()),
            ],
            ..SpawnOptions::default()
        });
        app.resident("leaving");
        assert_eq!(sink.wait_for(1, Duration::from_secs(20)).len(), 1, "the worker delivers");
        let code = app.terminate(Duration::from_secs(15));
        assert_eq!(code, Some(0), "exits 0 on SIGTERM: {}", app.log());
        let log = app.log();
        assert!(log.contains("the outbox worker finishes the message in hand") && log.contains("stopped"), "{log}");
    }
}
