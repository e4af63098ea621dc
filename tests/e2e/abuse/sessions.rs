//! Stolen or lingering credentials: blocked users and their tokens, what staff accounts may
//! not do, CSRF tokens bound to the session, cookie and header hardening, and the absolute
//! lifetime of a session.

use kabinet_e2e::http::call_with;
use kabinet_e2e::identity::{Session, PASSWORD};
use kabinet_e2e::{both_backends, SpawnOptions, TestApp, TestDb};
use serde_json::json;

use super::execute;

/// A call with B's access and refresh cookies, the CSRF cookie `csrf_cookie` and the header
/// `csrf_header`.
fn forged(
    app: &TestApp,
    method: &str,
    path: &str,
    body: Option<serde_json::Value>,
    session: &Session,
    csrf_cookie: &str,
    csrf_header: &str,
) -> kabinet_e2e::Answer {
    let cookies = format!(
        "kabinet_access={}; kabinet_refresh={}; kabinet_csrf={csrf_cookie}",
        session.cookie_access, session.cookie_refresh
    );
    call_with(
        method,
        &app.url(path),
        body,
        &[("Cookie", &cookies), ("X-CSRF-Token", csrf_header)],
    )
}

/// The `Set-Cookie` line that sets `name`, if any.
fn set_cookie<'a>(answer: &'a kabinet_e2e::Answer, name: &str) -> Option<&'a str> {
    answer
        .headers_named("set-cookie")
        .into_iter()
        .find(|line| line.starts_with(&format!("{name}=")))
}

/// Sets `created_at` of every session of `user_id` to `days` days ago.
fn age_sessions(app: &TestApp, user_id: i64, days: u64) {
    let at = kabinet_api::db::time::now() - std::time::Duration::from_secs(days * 24 * 3600);
    let stamp = at.format("%Y-%m-%d %H:%M:%S");
    let changed = execute(
        app,
        &format!("UPDATE sessions SET created_at = '{stamp}' WHERE user_id = {user_id}"),
    );
    assert!(changed > 0, "no sessions of user {user_id}");
}

both_backends! {
    fn a_blocked_user_gives_nothing_away_and_their_tokens_die_for_good(backend) {
        let app = TestApp::spawn(backend);
        let resident = app.resident("blocked.b");
        let operator = app.staff("operator1", false);
        let created = resident.bearer(&app, "POST", "/api/v1/me/tokens", Some(json!({"name": "скрипт", "scopes": ["read"]})));
        assert_eq!(created.status, 201, "{}", created.body);
        let auth = format!("Bearer {}", created.json()["token"].as_str().unwrap_or_default());
        let with_token = || call_with("GET", &app.url("/api/v1/me"), None, &[("Authorization", &auth)]);
        assert_eq!(with_token().status, 200);

        let id = resident.user_id();
        let block = operator.bearer(&app, "POST", &format!("/api/v1/operator/users/{id}/block"), Some(json!({"reason": "подозрение на взлом"})));
        assert_eq!(block.status, 200, "{}", block.body);
        let right = app.try_login("blocked.b", PASSWORD);
        let wrong = app.try_login("blocked.b", "wrong-pass-1");
        assert_eq!(right.status, 401, "{}", right.body);
        assert_eq!((right.status, &right.body), (wrong.status, &wrong.body), "no password oracle");
        assert_eq!(with_token().status, 401, "the token stops with the block");

        let unblock = operator.bearer(&app, "POST", &format!("/api/v1/operator/users/{id}/unblock"), Some(json!({"reason": "проверено"})));
        assert_eq!(unblock.status, 200, "{}", unblock.body);
        assert_eq!(with_token().status, 401, "the token does not come back with the unblock");
    }

    fn staff_accounts_cannot_link_accounts_or_mint_personal_tokens(backend) {
        let app = TestApp::spawn(backend);
        let operator = app.staff("operator1", false);
        let link = operator.bearer(&app, "POST", "/api/v1/accounts/link", Some(json!({"account_number": "100200300", "code": "ZZZZZZZZZZ"})));
        assert_eq!(link.status, 403, "{}", link.body);
        assert_eq!(link.code(), "forbidden");
        let token = operator.bearer(&app, "POST", "/api/v1/me/tokens", Some(json!({"name": "скрипт", "scopes": ["read"]})));
        assert_eq!(token.status, 403, "{}", token.body);
    }

    fn a_csrf_token_works_only_with_its_own_session(backend) {
        let app = TestApp::spawn(backend);
        let a = app.resident("csrf.a");
        let b = app.login("csrf.a", PASSWORD);
        let other = app.resident("csrf.c");
        let consents = json!({"personal_data": true, "email": false, "sms": false, "service_info": true});
        for (name, donor) in [("the same user's other session", &a), ("another user", &other)] {
            let mismatch = forged(&app, "PUT", "/api/v1/me/consents", Some(consents.clone()), &b, &b.csrf, &donor.csrf);
            assert_eq!(mismatch.status, 403, "{name}, B's cookies: {}", mismatch.body);
            assert_eq!(mismatch.code(), "csrf_failed");
            // Even when cookie and header agree (double submit), the token must be B's session's.
            let planted = forged(&app, "PUT", "/api/v1/me/consents", Some(consents.clone()), &b, &donor.csrf, &donor.csrf);
            assert_eq!(planted.status, 403, "{name}, planted CSRF cookie: {}", planted.body);
            assert_eq!(planted.code(), "csrf_failed");
            let logout = forged(&app, "POST", "/api/v1/auth/logout", None, &b, &b.csrf, &donor.csrf);
            assert_eq!(logout.status, 403, "{name}, logout: {}", logout.body);
        }
        let own = b.cookie(&app, "PUT", "/api/v1/me/consents", Some(consents), true);
        assert_eq!(own.status, 200, "{}", own.body);
        let logout = b.cookie(&app, "POST", "/api/v1/auth/logout", None, true);
        assert_eq!(logout.status, 204, "{}", logout.body);
    }

    fn cookies_and_headers_are_hardened(backend) {
        let public = TestApp::spawn_with(TestDb::create(backend), SpawnOptions {
            env: vec![("KABINET_PUBLIC_URL".into(), "https://kabinet.example".into())],
            ..Default::default()
        });
        public.register("secure.s");
        let login = public.try_login("secure.s", PASSWORD);
        assert_eq!(login.status, 200, "{}", login.body);
        for name in ["__Host-kabinet_access", "__Host-kabinet_refresh", "__Host-kabinet_csrf"] {
            let line = set_cookie(&login, name).unwrap_or_else(|| panic!("no {name}: {:?}", login.headers_named("set-cookie")));
            let attrs: Vec<&str> = line.split(';').skip(1).map(str::trim).collect();
            assert!(attrs.iter().any(|a| a.eq_ignore_ascii_case("Secure")), "{line}");
            assert!(attrs.contains(&"Path=/"), "{line}");
            assert!(!attrs.iter().any(|a| a.to_ascii_lowercase().starts_with("domain=")), "{line}");
        }
        assert!(login.header("Strict-Transport-Security").is_some(), "no HSTS on an https site");

        let app = TestApp::spawn(backend);
        let me = app.resident("plain.p");
        let profile = me.bearer(&app, "GET", "/api/v1/me", None);
        assert_eq!(profile.header("Cache-Control"), Some("no-store"));
        let index = app.get("/");
        assert_eq!(index.status, 200);
        let csp = index.header("Content-Security-Policy").unwrap_or_else(|| panic!("no CSP on /")).to_owned();
        let directive = |name: &str| csp.split(';').map(str::trim).find(|d| d.starts_with(name)).map(str::to_owned);
        let scripts = directive("script-src ").or_else(|| directive("default-src ")).unwrap_or_else(|| panic!("no script-src: {csp}"));
        assert!(!scripts.contains("'unsafe-inline'"), "{csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{csp}");

        let spa = app.call_from("127.0.0.1", "POST", "/api/v1/auth/login", Some(json!({"login": "plain.p", "password": PASSWORD})), &[("X-Kabinet-Client", "spa")]);
        assert_eq!(spa.status, 200, "{}", spa.body);
        assert!(spa.json().get("refresh_token").is_none(), "the SPA keeps it in the cookie: {}", spa.body);
        let api = app.try_login("plain.p", PASSWORD);
        assert!(api.json()["refresh_token"].is_string(), "{}", api.body);
    }

    fn a_session_ends_after_ninety_days_however_it_is_used(backend) {
        let app = TestApp::spawn(backend);
        let old = app.resident("old.timer");
        let recent = app.resident("recent.r");
        age_sessions(&app, old.user_id(), 91);
        age_sessions(&app, recent.user_id(), 89);

        assert_eq!(old.bearer(&app, "GET", "/api/v1/me", None).status, 401, "access token of a 91-day session");
        let refresh = app.call("POST", "/api/v1/auth/refresh", Some(json!({"refresh_token": old.refresh})));
        assert_eq!(refresh.status, 401, "refresh of a 91-day session: {}", refresh.body);

        assert_eq!(recent.bearer(&app, "GET", "/api/v1/me", None).status, 200, "an 89-day session");
        let refresh = app.call("POST", "/api/v1/auth/refresh", Some(json!({"refresh_token": recent.refresh})));
        assert_eq!(refresh.status, 200, "{}", refresh.body);
    }
}
