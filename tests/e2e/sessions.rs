//! Sessions (Rules 3.7), password change and reset, profile changes, personal tokens.

use kabinet_e2e::identity::PASSWORD;
use kabinet_e2e::{both_backends, Backend, TestApp};
use serde_json::json;

both_backends! {
    fn sessions_are_listed_and_ended_one_by_one_or_all_others(backend) {
        let app = TestApp::spawn(backend);
        let laptop = app.resident("smirnov");
        let phone = app.login("smirnov", PASSWORD);
        let library = app.login("smirnov", PASSWORD);
        let list = laptop.bearer(&app, "GET", "/api/v1/me/sessions", None).json()["items"].clone();
        let sessions = list.as_array().cloned().unwrap_or_default();
        assert_eq!(sessions.len(), 3);
        assert_eq!(sessions.iter().filter(|s| s["current"] == true).count(), 1);
        assert_eq!(sessions[0]["ip"], "127.0.0.1");

        // End the library computer's session from the laptop.
        let library_id = library.bearer(&app, "GET", "/api/v1/me/sessions", None).json()["items"]
            .as_array().and_then(|a| a.iter().find(|s| s["current"] == true).cloned())
            .map(|s| s["id"].as_str().unwrap_or_default().to_owned()).unwrap_or_default();
        let ended = laptop.bearer(&app, "DELETE", &format!("/api/v1/me/sessions/{library_id}"), None);
        assert_eq!(ended.status, 204, "{}", ended.body);
        assert_eq!(library.bearer(&app, "GET", "/api/v1/me", None).status, 401);
        assert_eq!(phone.bearer(&app, "GET", "/api/v1/me", None).status, 200);

        let others = laptop.bearer(&app, "DELETE", "/api/v1/me/sessions", None);
        assert_eq!(others.status, 204);
        assert_eq!(phone.bearer(&app, "GET", "/api/v1/me", None).status, 401);
        assert_eq!(laptop.bearer(&app, "GET", "/api/v1/me", None).status, 200);
        assert_eq!(laptop.bearer(&app, "DELETE", "/api/v1/me/sessions/nope", None).status, 404);
    }

    fn forwarded_addresses_count_only_through_a_trusted_proxy(backend) {
        let login_from = |app: &TestApp, forwarded: &str| {
            let answer = kabinet_e2e::http::call_with("POST", &app.url("/api/v1/auth/login"),
                Some(json!({"login": "proxied", "password": PASSWORD})), &[("X-Forwarded-For", forwarded)]);
            assert_eq!(answer.status, 200, "{}", answer.body);
            answer.json()["access_token"].as_str().unwrap_or_default().to_owned()
        };
        let session_ip = |app: &TestApp, token: &str| {
            let list = kabinet_e2e::http::call_with("GET", &app.url("/api/v1/me/sessions"), None, &[("Authorization", &format!("Bearer {token}"))]).json()["items"].clone();
            list.as_array().and_then(|a| a.iter().find(|s| s["current"] == true).cloned()).map(|s| s["ip"].clone())
        };
        // Unless the peer is a configured proxy, the header is the client's own claim and is
        // ignored. (The harness trusts 127.0.0.1 by default; here only another address is.)
        let direct = TestApp::spawn_with(kabinet_e2e::TestDb::create(backend), kabinet_e2e::SpawnOptions {
            env: vec![("KABINET_TRUSTED_PROXIES".into(), "10.255.255.1".into())],
            ..Default::default()
        });
        direct.register("proxied");
        let token = login_from(&direct, "198.51.100.7");
        assert_eq!(session_ip(&direct, &token), Some(json!("127.0.0.1")));
        // Behind a configured proxy, the address it forwards is the client's.
        let behind = TestApp::spawn_with(kabinet_e2e::TestDb::create(backend), kabinet_e2e::SpawnOptions {
            env: vec![("KABINET_TRUSTED_PROXIES".into(), "127.0.0.1".into())],
            ..Default::default()
        });
        behind.register("proxied");
        let token = login_from(&behind, "1.2.3.4, 198.51.100.7");
        assert_eq!(session_ip(&behind, &token), Some(json!("198.51.100.7")));
    }

    fn a_password_change_ends_every_other_session(backend) {
        let app = TestApp::spawn(backend);
        let here = app.resident("fedorov");
        let elsewhere = app.login("fedorov", PASSWORD);
        let token = here.bearer(&app, "POST", "/api/v1/me/tokens", Some(json!({"name": "скрипт", "scopes": ["read"]})))
            .json()["token"].as_str().unwrap_or_default().to_owned();
        let wrong = here.bearer(&app, "PUT", "/api/v1/me/password", Some(json!({"current_password": "nope-nope", "new_password": "Новый-пароль-77"})));
        assert_eq!(wrong.status, 400);
        assert_eq!(wrong.json()["error"]["fields"]["current_password"], "wrong");
        let same = here.bearer(&app, "PUT", "/api/v1/me/password", Some(json!({"current_password": PASSWORD, "new_password": PASSWORD})));
        assert_eq!(same.status, 400);
        assert_eq!(same.json()["error"]["fields"]["new_password"], "same_as_current");
        let ok = here.bearer(&app, "PUT", "/api/v1/me/password", Some(json!({"current_password": PASSWORD, "new_password": "Новый-пароль-77"})));
        assert_eq!(ok.status, 204, "{}", ok.body);
        assert_eq!(elsewhere.bearer(&app, "GET", "/api/v1/me", None).status, 401);
        assert_eq!(here.bearer(&app, "GET", "/api/v1/me", None).status, 200);
        assert_eq!(app.try_login("fedorov", "Новый-пароль-77").status, 200);
        let with_token = kabinet_e2e::http::call_with("GET", &app.url("/api/v1/me"), None, &[("Authorization", &format!("Bearer {token}"))]);
        assert_eq!(with_token.status, 401, "personal tokens are revoked with the old password");
    }

    fn password_reset_goes_through_the_outbox_and_works_once(backend) {
        let app = TestApp::spawn(backend);
        let old = app.resident("nikitina");
        let silent = app.call("POST", "/api/v1/auth/password-reset", Some(json!({"email": "nobody@example.ru"})));
        assert_eq!(silent.status, 202, "the same answer for unknown addresses");
        let asked = app.call("POST", "/api/v1/auth/password-reset", Some(json!({"email": "NIKITINA@example.ru"})));
        assert_eq!(asked.status, 202);

        let mut conn = app.db_conn();
        let mut mail = kabinet_api::db::models::outbox::for_recipient(&mut conn, "nikitina@example.ru").expect("outbox");
        // Besides the registration's verification code: one reset link.
        mail.retain(|m| m.body.contains("reset-password?token="));
        assert_eq!(mail.len(), 1);
        let token = mail[0].body.split("token=").nth(1).and_then(|t| t.split_whitespace().next()).unwrap_or_default().to_owned();
        assert!(token.len() >= 40, "{}", mail[0].body);

        let weak = app.call("POST", "/api/v1/auth/password-reset/confirm", Some(json!({"token": token, "new_password": "12345678"})));
        assert_eq!(weak.status, 400);
        assert_eq!(weak.json()["error"]["fields"]["new_password"], "common");
        let ok = app.call("POST", "/api/v1/auth/password-reset/confirm", Some(json!({"token": token, "new_password": "Сброшенный-пароль-1"})));
        assert_eq!(ok.status, 204, "{}", ok.body);
        let again = app.call("POST", "/api/v1/auth/password-reset/confirm", Some(json!({"token": token, "new_password": "Другой-пароль-22"})));
        assert_eq!(again.status, 400, "single use");
        assert_eq!(again.json()["error"]["fields"]["token"], "invalid");
        assert_eq!(old.bearer(&app, "GET", "/api/v1/me", None).status, 401, "old sessions end");
        assert_eq!(app.try_login("nikitina", "Сброшенный-пароль-1").status, 200);
    }

    fn changing_the_email_needs_the_current_password_and_is_audited(backend) {
        let app = TestApp::spawn(backend);
        let me = app.resident("egorova");
        let missing = me.bearer(&app, "PATCH", "/api/v1/me", Some(json!({"email": "new@example.ru"})));
        assert_eq!(missing.status, 400);
        assert_eq!(missing.json()["error"]["fields"]["current_password"], "required");
        let ok = me.bearer(&app, "PATCH", "/api/v1/me", Some(json!({"email": "new@example.ru", "current_password": PASSWORD, "full_name": "Егорова  Алёна"})));
        assert_eq!(ok.status, 200, "{}", ok.body);
        assert_eq!(ok.json()["email"], "new@example.ru");
        assert_eq!(ok.json()["full_name"], "Егорова Алёна");
        let staff = app.staff("operator1", false);
        let audit = staff.bearer(&app, "GET", "/api/v1/operator/audit?action=profile.update", None).json();
        assert_eq!(audit["items"][0]["details"], "fields=full_name,email");
    }

    fn the_audit_log_filters_by_days_of_the_suppliers_calendar(backend) {
        let app = TestApp::spawn(backend);
        let me = app.resident("dates.user");
        let ok = me.bearer(&app, "PATCH", "/api/v1/me", Some(json!({"full_name": "Датова Анна"})));
        assert_eq!(ok.status, 200, "{}", ok.body);
        let staff = app.staff("operator1", false);
        let latest = staff.bearer(&app, "GET", "/api/v1/operator/audit?action=profile.update", None).json();
        // `at` is the supplier's local time; its date is the day the operator means.
        let at = latest["items"][0]["at"].as_str().unwrap_or_default().to_owned();
        assert!(at.ends_with("+07:00"), "{at}");
        let day = &at[..10];
        let count = |query: &str| {
            let page = staff.bearer(&app, "GET", &format!("/api/v1/operator/audit?action=profile.update&{query}"), None);
            assert_eq!(page.status, 200, "{query}: {}", page.body);
            page.json()["items"].as_array().map_or(0, Vec::len)
        };
        assert_eq!(count(&format!("from={day}&to={day}")), 1, "a single day, both ends inclusive");
        assert_eq!(count("to=2000-01-01"), 0);
        assert_eq!(count("from=2999-01-01"), 0);
        assert_eq!(count(&format!("from={}", at.replace('+', "%2B"))), 1, "an instant still works");
        let bad = staff.bearer(&app, "GET", "/api/v1/operator/audit?from=2026-13-01", None);
        assert_eq!(bad.status, 400);
        assert_eq!(bad.json()["error"]["fields"]["from"], "invalid");
    }

    fn personal_tokens_read_but_do_not_write_and_can_be_revoked(backend) {
        let app = TestApp::spawn(backend);
        let me = app.resident("tokarev");
        let created = me.bearer(&app, "POST", "/api/v1/me/tokens", Some(json!({"name": "умный дом", "scopes": ["read"]})));
        assert_eq!(created.status, 201, "{}", created.body);
        let created = created.json();
        let secret = created["token"].as_str().unwrap_or_default().to_owned();
        assert!(secret.starts_with("kbt_"));
        let auth = format!("Bearer {secret}");
        let read = kabinet_e2e::http::call_with("GET", &app.url("/api/v1/me"), None, &[("Authorization", &auth)]);
        assert_eq!(read.status, 200);
        let write = kabinet_e2e::http::call_with("PATCH", &app.url("/api/v1/me"), Some(json!({"full_name": "Взлом Взломович"})), &[("Authorization", &auth)]);
        assert_eq!(write.status, 403);
        assert_eq!(write.json()["error"]["code"], "insufficient_scope");
        for path in ["/api/v1/me/sessions", "/api/v1/me/tokens"] {
            let keys = kabinet_e2e::http::call_with("GET", &app.url(path), None, &[("Authorization", &auth)]);
            assert_eq!(keys.status, 403, "{path}: devices and tokens need a session, not a token");
        }
        let listed = me.bearer(&app, "GET", "/api/v1/me/tokens", None).json()["items"].clone();
        assert_eq!(listed[0]["name"], "умный дом");
        assert!(listed[0].get("token").is_none(), "the secret is never listed");
        let id = created["info"]["id"].as_i64().unwrap_or_default();
        assert_eq!(me.bearer(&app, "DELETE", &format!("/api/v1/me/tokens/{id}"), None).status, 204);
        let after = kabinet_e2e::http::call_with("GET", &app.url("/api/v1/me"), None, &[("Authorization", &auth)]);
        assert_eq!(after.status, 401);
    }

    fn a_session_used_after_a_quiet_minute_shows_it_was_just_used(backend) {
        let app = TestApp::spawn(backend);
        let me = app.resident("quiet.user");
        // Last used two minutes ago, as the server would have left it.
        app.db.execute(match backend {
            Backend::Sqlite => "UPDATE sessions SET last_used_at = datetime(last_used_at, '-2 minutes')",
            Backend::Postgres => "UPDATE sessions SET last_used_at = last_used_at - interval '2 minutes'",
        });
        let used = |answer: &kabinet_e2e::Answer| {
            let items = answer.json()["items"].clone();
            let shown = items[0]["last_used_at"].as_str().unwrap_or_default().to_owned();
            chrono::DateTime::parse_from_rfc3339(&shown).unwrap_or_else(|e| panic!("{shown}: {e}"))
        };
        let list = me.bearer(&app, "GET", "/api/v1/me/sessions", None);
        assert_eq!(list.status, 200, "{}", list.body);
        let ago = chrono::Utc::now().signed_duration_since(used(&list));
        assert!(ago < chrono::Duration::seconds(30), "recorded {ago} ago, not now");
        // Within the minute, reads leave it alone.
        let again = me.bearer(&app, "GET", "/api/v1/me/sessions", None);
        assert_eq!(used(&again), used(&list));
    }

    fn logout_ends_the_session_and_clears_the_cookies(backend) {
        let app = TestApp::spawn(backend);
        let me = app.resident("logout.user");
        let answer = me.cookie(&app, "POST", "/api/v1/auth/logout", None, true);
        assert_eq!(answer.status, 204, "{}", answer.body);
        assert_eq!(answer.cookie("kabinet_access").as_deref(), Some(""));
        assert_eq!(me.bearer(&app, "GET", "/api/v1/me", None).status, 401);
        let refresh = app.call("POST", "/api/v1/auth/refresh", Some(json!({"refresh_token": me.refresh})));
        assert_eq!(refresh.status, 401);
    }

    fn sessions_name_the_device_and_show_the_suppliers_time(backend) {
        let app = TestApp::spawn(backend);
        app.register("device.user");
        let phone = "Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36";
        let login = kabinet_e2e::http::call_with("POST", &app.url("/api/v1/auth/login"),
            Some(json!({"login": "device.user", "password": PASSWORD})), &[("User-Agent", phone)]);
        assert_eq!(login.status, 200, "{}", login.body);
        let token = login.json()["access_token"].as_str().unwrap_or_default().to_owned();
        let list = kabinet_e2e::http::call_with("GET", &app.url("/api/v1/me/sessions"), None,
            &[("Authorization", &format!("Bearer {token}"))]).json();
        let mine = &list["items"][0];
        assert_eq!((mine["browser"].as_str(), mine["os"].as_str()), (Some("Chrome"), Some("Android")), "{list}");
        // Кызыл is UTC+7 all year (KABINET_TIMEZONE defaults to Asia/Krasnoyarsk).
        assert!(mine["created_at"].as_str().is_some_and(|t| t.ends_with("+07:00")), "{list}");
    }

    fn actions_without_input_accept_an_empty_body(backend) {
        // `curl -X POST -H "Authorization: Bearer …" …/logout`: no body, with or without a
        // JSON content type.
        let app = TestApp::spawn(backend);
        for content_type in [None, Some("application/json")] {
            let me = app.resident(&format!("empty.body.{}", content_type.is_some()));
            let auth = format!("Bearer {}", me.access);
            let mut headers = vec![("Authorization", auth.as_str())];
            if let Some(ct) = content_type {
                headers.push(("Content-Type", ct));
            }
            let out = kabinet_e2e::http::send_raw("POST", &app.url("/api/v1/auth/logout"), &headers, "");
            assert_eq!(out.status, 204, "{content_type:?}: {}", out.body);
            let others = kabinet_e2e::http::send_raw("DELETE", &app.url("/api/v1/me/sessions"), &headers, "");
            assert_eq!(others.status, 401, "the session ended with the logout: {}", others.body);
        }
    }
}
