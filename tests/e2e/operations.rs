//! Operations (issue 12, first part): liveness and readiness probes, request ids on every answer
//! and in the access log, and a graceful stop on SIGTERM that lets the outbox worker finish.

use std::time::Duration;

use kabinet_e2e::smtp::SmtpSink;
use kabinet_e2e::{both_backends, http, SpawnOptions, TestApp, TestDb};
use serde_json::json;

/// A server logging JSON lines.
fn json_logging(backend: kabinet_e2e::Backend) -> TestApp {
    TestApp::spawn_with(
        TestDb::create(backend),
        SpawnOptions {
            env: vec![("KABINET_LOG_FORMAT".into(), "json".into())],
            ..SpawnOptions::default()
        },
    )
}

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

    fn json_log_lines_of_a_request_carry_its_id(backend) {
        let app = json_logging(backend);
        let who = app.resident("logged");
        let filed = who.bearer(&app, "POST", "/api/v1/appeals",
            Some(json!({"category": "question", "subject": "Тема", "text": "Текст"})));
        assert_eq!(filed.status, 201, "{}", filed.body);
        let id = filed.header("x-request-id").unwrap().to_owned();
        std::thread::sleep(Duration::from_millis(300));
        let lines: Vec<serde_json::Value> = app.log().lines().filter_map(|l| serde_json::from_str(l).ok()).collect();
        assert!(lines.len() > 5, "every line is JSON: {}", app.log());
        // A line written by the domain code on the database thread names the request.
        let filed_line = lines.iter().find(|l| l["message"].as_str().is_some_and(|m| m.starts_with("appeal ") && m.ends_with(" filed")))
            .unwrap_or_else(|| panic!("no 'appeal … filed' line: {}", app.log()));
        assert_eq!(filed_line["span"]["id"], id.as_str(), "{filed_line}");
        // The access line carries it too.
        assert!(lines.iter().any(|l| l["message"].as_str().is_some_and(|m| m.contains("POST /api/v1/appeals") && m.ends_with(&format!("id={id}")))));
    }

    fn a_full_run_leaves_no_password_address_token_or_code_in_the_log(backend) {
        let app = json_logging(backend);
        let who = app.resident("secretive");
        let email = "secretive@example.ru";
        let code = app.verification_code(email);
        app.verify_email(&who, email);
        assert_eq!(app.try_login("secretive", "wrong-password-123").status, 401);
        assert_eq!(app.call("POST", "/api/v1/auth/password-reset", Some(json!({"email": email}))).status, 202);
        let mut conn = app.db_conn();
        let mail = kabinet_api::db::models::outbox::for_recipient(&mut conn, email).expect("outbox");
        let reset = mail.iter().find_map(|m| m.body.split("reset-password?token=").nth(1))
            .and_then(|t| t.split_whitespace().next()).expect("a reset link").to_owned();
        let new_password = "Новый-пароль-2027";
        let confirmed = app.call("POST", "/api/v1/auth/password-reset/confirm",
            Some(json!({"token": reset, "new_password": new_password})));
        assert_eq!(confirmed.status, 204, "{}", confirmed.body);
        let again = app.login("secretive", new_password);
        assert_eq!(again.bearer(&app, "GET", "/api/v1/me", None).status, 200);
        std::thread::sleep(Duration::from_millis(300));
        let log = app.log();
        assert!(log.contains("/api/v1/auth/password-reset/confirm"), "the run is in the log");
        for (what, secret) in [
            ("password", kabinet_e2e::identity::PASSWORD),
            ("new password", new_password),
            ("e-mail", email),
            ("access token", who.access.as_str()),
            ("new access token", again.access.as_str()),
            ("reset token", reset.as_str()),
            ("verification code", code.as_str()),
            ("phone", "+79123456789"),
        ] {
            assert!(!log.contains(secret), "the {what} is in the log");
        }
    }

    fn metrics_are_prometheus_text_on_their_own_address(backend) {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let listen = format!("127.0.0.1:{port}");
        let app = TestApp::spawn_with(TestDb::create(backend), SpawnOptions {
            env: vec![("KABINET_METRICS_LISTEN".into(), listen.clone())],
            ..SpawnOptions::default()
        });
        let key = app.api_client("billing", "accounts:write");
        let accounts = json!([{"number": "100200399", "owner_name": "Иванова Мария Сергеевна",
            "address": {"settlement": "г. Кызыл", "street": "ул. Ленина", "house": "12"},
            "heated_area": "54.30", "residents": 3}]);
        assert_eq!(app.integration("PUT", "/api/v1/integration/accounts", &key, "application/json", &accounts.to_string()).status, 200);
        let who = app.resident("measured");
        assert_eq!(who.bearer(&app, "GET", "/api/v1/accounts/100200399", None).status, 404);
        assert_eq!(app.get("/api/v1/rules/current").status, 200);
        // Not on the public address (there `/metrics` is just a path of the SPA).
        assert!(!app.get("/metrics").body.contains("kabinet_http_requests_total"));
        let scraped = http::call("GET", &format!("http://{listen}/metrics"), None);
        assert_eq!(scraped.status, 200);
        assert!(scraped.content_type.starts_with("text/plain"), "{}", scraped.content_type);
        let text = scraped.body;
        for expected in [
            r#"kabinet_http_requests_total{route="/api/v1/rules/current",method="GET",status="200"} 1"#,
            r#"kabinet_http_requests_total{route="/api/v1/accounts/{number}",method="GET",status="404"} 1"#,
            r#"kabinet_http_request_duration_seconds_bucket{route="/api/v1/rules/current",method="GET",status="200",le="+Inf"} 1"#,
            "kabinet_db_pool_in_use ", "kabinet_db_pool_waiting ", "kabinet_password_hashing_in_use ",
            "kabinet_outbox_backlog 1", "kabinet_outbox_oldest_age_seconds ", "kabinet_payments_pending 0",
            r#"kabinet_last_import_timestamp_seconds{kind="accounts"} "#,
        ] {
            assert!(text.contains(expected), "missing `{expected}` in:\n{text}");
        }
        assert!(!text.contains("100200399"), "series by route template, never the raw path");
    }
}
