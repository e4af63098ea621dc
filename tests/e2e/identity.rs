//! Identity over HTTP: registration rules, sign-in failures, throttling and the automatic
//! block, refresh rotation, CSRF, Rules re-acceptance, consents, sessions, password reset,
//! profile, personal tokens and staff powers. Every test runs on SQLite and PostgreSQL.

use std::time::{Duration, Instant};

use kabinet_e2e::fixtures::World;
use kabinet_e2e::http::encode;
use kabinet_e2e::identity::{registration, PASSWORD};
use kabinet_e2e::{both_backends, TestApp};
use kabinet_shared::api::operator::{UserDetail, UserListItem};
use kabinet_shared::api::page::Page;
use serde_json::json;

fn field(answer: &kabinet_e2e::Answer, name: &str) -> String {
    answer.json()["error"]["fields"][name]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

fn median(mut xs: Vec<Duration>) -> Duration {
    xs.sort();
    xs[xs.len() / 2]
}

both_backends! {
    fn registration_names_each_bad_field_and_refuses_duplicates(backend) {
        let app = TestApp::spawn(backend);
        app.register("anna.p");

        let dup = registration("ANNA.P");
        let answer = app.call("POST", "/api/v1/auth/register", Some(dup));
        assert_eq!(answer.status, 400);
        assert_eq!(answer.code(), "validation");
        assert_eq!(field(&answer, "login"), "taken", "logins are unique case-insensitively");
        // A taken e-mail is not confirmed to the caller (see the abuse module).
        assert!(answer.json()["error"]["fields"].get("email").is_none(), "{}", answer.body);

        for (password, code) in [("short", "too_short"), ("password123", "common"), ("Ivan.Ivanov", "same_as_login")] {
            let mut body = registration("ivan.ivanov");
            body["password"] = json!(password);
            let answer = app.call("POST", "/api/v1/auth/register", Some(body));
            assert_eq!(answer.status, 400, "{password}");
            assert_eq!(field(&answer, "password"), code, "{password}");
        }

        let mut body = registration("x");
        body["email"] = json!("not-an-email");
        body["phone"] = json!("12345");
        body["full_name"] = json!("R2-D2");
        body["rules_version"] = json!(99);
        body["consents"]["personal_data"] = json!(false);
        let answer = app.call("POST", "/api/v1/auth/register", Some(body));
        assert_eq!(answer.status, 400);
        let fields = &answer.json()["error"]["fields"];
        assert_eq!(fields["login"], "too_short");
        assert_eq!(fields["email"], "invalid");
        assert_eq!(fields["phone"], "invalid");
        assert_eq!(fields["full_name"], "invalid");
        assert_eq!(fields["rules_version"], "not_current");
        assert_eq!(fields["consents.personal_data"], "required");

        // The phone is normalised and the user can sign in by e-mail too.
        let session = app.login("anna.p@example.ru", PASSWORD);
        let me = session.bearer(&app, "GET", "/api/v1/me", None).json();
        assert_eq!(me["phone"], "+79123456789");
        assert_eq!(me["rules"]["accepted_version"], 1);
        assert_eq!(me["consents"]["email"]["granted"], true);
        assert_eq!(me["consents"]["sms"]["granted"], false);
    }

    fn unknown_login_and_wrong_password_fail_alike(backend) {
        let app = TestApp::spawn(backend);
        app.register("petrov");
        let mut unknown = Vec::new();
        let mut wrong = Vec::new();
        let mut bodies = Vec::new();
        for i in 0..2 {
            let started = Instant::now();
            let a = app.try_login(&format!("nobody{i}"), "whatever-password");
            unknown.push(started.elapsed());
            let started = Instant::now();
            let b = app.try_login("petrov", &format!("wrong-password-{i}"));
            wrong.push(started.elapsed());
            assert_eq!((a.status, b.status), (401, 401));
            bodies.push((a.body, b.body));
        }
        for (a, b) in bodies {
            assert_eq!(a, b, "the answers must not tell which logins exist");
        }
        // An unknown login must cost a password verification too.
        let (u, w) = (median(unknown), median(wrong));
        assert!(u * 2 >= w, "unknown login answered in {u:?}, wrong password in {w:?}");
    }

    fn a_blocked_users_live_token_is_refused_at_once(backend) {
        let app = TestApp::spawn(backend);
        let resident = app.resident("kuznetsova");
        assert_eq!(resident.bearer(&app, "GET", "/api/v1/me", None).status, 200);
        let staff = app.staff("operator1", false);
        let answer = staff.bearer(&app, "POST", &format!("/api/v1/operator/users/{}/block", resident.user_id()),
            Some(json!({"reason": "подозрение на несанкционированный доступ"})));
        assert_eq!(answer.status, 200, "{}", answer.body);
        assert_eq!(answer.json()["active_sessions"], 0);

        let refused = resident.bearer(&app, "GET", "/api/v1/me", None);
        assert!(refused.status == 401 || refused.status == 403, "{}", refused.body);
        // The session's own refresh token learns why it ended, so the SPA can say so.
        let renewal = app.call("POST", "/api/v1/auth/refresh", Some(json!({"refresh_token": resident.refresh})));
        assert_eq!((renewal.status, renewal.code()), (403, "account_blocked".to_owned()), "{}", renewal.body);
        // The right password of a blocked user answers like a wrong one: no password oracle.
        let relogin = app.try_login("kuznetsova", PASSWORD);
        let wrong = app.try_login("kuznetsova", "not-the-password");
        assert_eq!((relogin.status, relogin.code()), (401, "invalid_credentials".to_owned()));
        assert_eq!(relogin.body, wrong.body);

        let audit = staff.bearer(&app, "GET", "/api/v1/operator/audit?action=user.block", None).json();
        assert_eq!(audit["items"][0]["target_id"], resident.user_id().to_string());
        assert_eq!(audit["items"][0]["actor_kind"], "operator");
    }

    fn refresh_tokens_rotate_and_a_reused_one_ends_the_session(backend) {
        let app = TestApp::spawn(backend);
        let first = app.resident("orlov");
        let second = app.call("POST", "/api/v1/auth/refresh", Some(json!({"refresh_token": first.refresh})));
        assert_eq!(second.status, 200, "{}", second.body);
        let second = second.json();
        let r2 = second["refresh_token"].as_str().unwrap_or_default().to_owned();
        assert_ne!(r2, first.refresh);
        let access2 = second["access_token"].as_str().unwrap_or_default().to_owned();

        let replay = app.call("POST", "/api/v1/auth/refresh", Some(json!({"refresh_token": first.refresh})));
        assert_eq!(replay.status, 401, "a used refresh token is refused");
        // The reuse revoked the family: the rotated token and its access token die too.
        let after = app.call("POST", "/api/v1/auth/refresh", Some(json!({"refresh_token": r2})));
        assert_eq!(after.status, 401);
        let me = kabinet_e2e::http::call_with("GET", &app.url("/api/v1/me"), None, &[("Authorization", &format!("Bearer {access2}"))]);
        assert_eq!(me.status, 401);

        // The server enforces the 30-day lifetime itself, whatever the client keeps.
        let fresh = app.login("orlov", kabinet_e2e::identity::PASSWORD);
        let mut conn = app.db_conn();
        kabinet_api::with_conn!(&mut conn, |c| {
            use diesel::RunQueryDsl;
            diesel::sql_query("UPDATE refresh_tokens SET created_at = '2000-01-01 00:00:00'").execute(c)
        }).expect("age the tokens");
        let old = app.call("POST", "/api/v1/auth/refresh", Some(json!({"refresh_token": fresh.refresh})));
        assert_eq!(old.status, 401, "a refresh token older than 30 days is refused");
    }

    fn cookie_writes_need_the_csrf_header_and_bearer_calls_do_not(backend) {
        let app = TestApp::spawn(backend);
        let session = app.resident("belova");
        assert!(!session.cookie_access.is_empty() && !session.csrf.is_empty());
        let change = json!({"postal_address": "г. Кызыл, ул. Ленина, д. 12, кв. 7"});
        let refused = session.cookie(&app, "PATCH", "/api/v1/me", Some(change.clone()), false);
        assert_eq!(refused.status, 403);
        assert_eq!(refused.code(), "csrf_failed");
        let read = session.cookie(&app, "GET", "/api/v1/me", None, false);
        assert_eq!(read.status, 200, "reads need no CSRF header");
        let ok = session.cookie(&app, "PATCH", "/api/v1/me", Some(change.clone()), true);
        assert_eq!(ok.status, 200, "{}", ok.body);
        assert_eq!(ok.json()["postal_address"], "г. Кызыл, ул. Ленина, д. 12, кв. 7");
        let bearer = session.bearer(&app, "PATCH", "/api/v1/me", Some(json!({"home_phone": "8 (39422) 2-11-11"})));
        assert_eq!(bearer.status, 200, "{}", bearer.body);
        assert_eq!(bearer.json()["home_phone"], "+73942221111");

        // Cookies are HttpOnly and SameSite=Strict; the CSRF cookie is readable by the SPA.
        let login = app.try_login("belova", PASSWORD);
        let cookies = login.headers_named("set-cookie").join("\n");
        assert!(cookies.contains("kabinet_access=") && cookies.contains("HttpOnly") && cookies.contains("SameSite=Strict"), "{cookies}");
        let csrf_line = login.headers_named("set-cookie").into_iter().find(|c| c.starts_with("kabinet_csrf=")).unwrap_or_default().to_owned();
        assert!(!csrf_line.contains("HttpOnly"), "{csrf_line}");
    }

    fn a_new_rules_version_must_be_accepted_before_going_on(backend) {
        let app = TestApp::spawn(backend);
        let resident = app.resident("zaitseva");
        let staff = app.staff("operator1", false);
        let published = staff.bearer(&app, "POST", "/api/v1/operator/rules", Some(json!({"body": "# Правила, редакция 2\n\nНовый текст."})));
        assert_eq!(published.status, 201, "{}", published.body);
        assert_eq!(published.json()["version"], 2);

        let blocked = resident.bearer(&app, "GET", "/api/v1/me/sessions", None);
        assert_eq!(blocked.status, 403);
        assert_eq!(blocked.code(), "rules_not_accepted");
        let me = resident.bearer(&app, "GET", "/api/v1/me", None);
        assert_eq!(me.status, 200, "the profile stays readable");
        assert_eq!(me.json()["rules"]["acceptance_required"], true);
        assert_eq!(app.get("/api/v1/rules/current").json()["version"], 2);
        let login = app.try_login("zaitseva", PASSWORD).json();
        assert_eq!(login["rules_acceptance_required"], true);

        let old = resident.bearer(&app, "POST", "/api/v1/me/accept-rules", Some(json!({"version": 1})));
        assert_eq!(old.status, 400);
        let ok = resident.bearer(&app, "POST", "/api/v1/me/accept-rules", Some(json!({"version": 2})));
        assert_eq!(ok.status, 204, "{}", ok.body);
        assert_eq!(resident.bearer(&app, "GET", "/api/v1/me/sessions", None).status, 200);
    }

    fn consent_withdrawal_is_recorded_and_never_deleted(backend) {
        let app = TestApp::spawn(backend);
        let resident = app.resident("lebedev");
        let answer = resident.bearer(&app, "PUT", "/api/v1/me/consents",
            Some(json!({"personal_data": true, "email": false, "sms": true, "service_info": true})));
        assert_eq!(answer.status, 200, "{}", answer.body);
        assert_eq!(answer.json()["email"]["granted"], false);
        assert_eq!(answer.json()["sms"]["granted"], true);

        let mut conn = app.db_conn();
        let history = kabinet_api::db::models::consent::history(&mut conn, resident.user_id()).expect("history");
        let email: Vec<bool> = history.iter().filter(|(k, _, _)| k == "email").map(|(_, g, _)| *g).collect();
        assert_eq!(email, vec![true, false], "the grant stays, the withdrawal is added");

        let refused = resident.bearer(&app, "PUT", "/api/v1/me/consents",
            Some(json!({"personal_data": false, "email": false, "sms": false, "service_info": false})));
        assert_eq!(refused.status, 422);
        assert_eq!(refused.code(), "personal_data_required");
    }

    fn residents_cannot_reach_staff_endpoints(backend) {
        let app = TestApp::spawn(backend);
        let resident = app.resident("volkov");
        for (method, path) in [("GET", "/api/v1/operator/users"), ("GET", "/api/v1/operator/audit"), ("POST", "/api/v1/operator/rules")] {
            let answer = resident.bearer(&app, method, path, Some(json!({"body": "x"})));
            assert_eq!(answer.status, 403, "{method} {path}");
            assert_eq!(answer.code(), "forbidden");
        }
        assert_eq!(app.get("/api/v1/operator/users").status, 401);
        let operator = app.staff("operator1", false);
        let create = operator.bearer(&app, "POST", "/api/v1/operator/operators", Some(json!({
            "login": "operator2", "full_name": "Орлова Ирина", "email": "o2@office.example.ru",
            "phone": "+79990000002", "password": PASSWORD})));
        assert_eq!(create.status, 403, "only admins manage operators");
        let admin = app.staff("admin1", true);
        let create = admin.bearer(&app, "POST", "/api/v1/operator/operators", Some(json!({
            "login": "operator2", "full_name": "Орлова Ирина", "email": "o2@office.example.ru",
            "phone": "+79990000002", "password": PASSWORD})));
        assert_eq!(create.status, 201, "{}", create.body);
        let block_staff = operator.bearer(&app, "POST", &format!("/api/v1/operator/users/{}/block", admin.user_id()), Some(json!({"reason": "проверка"})));
        assert_eq!(block_staff.status, 403, "operators cannot block staff");
    }

    fn staff_reads_of_personal_data_are_audited(backend) {
        let app = TestApp::spawn(backend);
        let resident = app.resident("gromova");
        let staff = app.staff("operator1", false);
        let found = staff.bearer(&app, "GET", "/api/v1/operator/users?q=ГРОМОВА&limit=1", None);
        assert_eq!(found.status, 200);
        let found = staff.bearer(&app, "GET", "/api/v1/operator/users?q=gromova", None).json();
        assert_eq!(found["items"][0]["login"], "gromova");
        let detail = staff.bearer(&app, "GET", &format!("/api/v1/operator/users/{}", resident.user_id()), None);
        assert_eq!(detail.json()["email"], "gromova@example.ru");
        let audit = staff.bearer(&app, "GET", &format!("/api/v1/operator/audit?action=user.view&target_id={}", resident.user_id()), None).json();
        let entry = &audit["items"][0];
        assert_eq!(entry["actor_kind"], "operator");
        assert_eq!(entry["actor_id"], staff.user_id());
        assert_eq!(entry["ip"], "127.0.0.1");
        let logins = staff.bearer(&app, "GET", "/api/v1/operator/audit?action=auth.login&limit=1", None).json();
        assert_eq!(logins["items"].as_array().map(Vec::len), Some(1));
        assert!(logins["next_cursor"].is_string(), "more than one login: paginated");
    }

    fn a_users_page_shows_their_accounts_and_who_blocked_and_unblocked_them_why(backend) {
        let world = World::new(backend);
        let (app, operator) = (&world.app, &world.operator);
        let user = world.resident.user_id();
        let blocked_why = "подозрение на взлом; обращение №7";
        for (action, reason) in [("block", blocked_why), ("unblock", "личное обращение в офис")] {
            let answer = operator.bearer(app, "POST", &format!("/api/v1/operator/users/{user}/{action}"), Some(json!({"reason": reason})));
            assert_eq!(answer.status, 200, "{}", answer.body);
        }

        let detail: UserDetail = operator.get(app, &format!("/api/v1/operator/users/{user}"));
        let history: Vec<_> = detail.block_history.iter().map(|e| (e.blocked, e.reason.as_deref(), e.by)).collect();
        assert_eq!(history, vec![
            (false, Some("личное обращение в офис"), Some(operator.user_id())),
            (true, Some(blocked_why), Some(operator.user_id())),
        ], "newest first, the reason read back whole");
        assert!(detail.block_history[0].at >= detail.block_history[1].at);
        assert_eq!(detail.linked_accounts.len(), 1);
        let linked = &detail.linked_accounts[0];
        assert_eq!(linked.number, world.account);
        assert_eq!((linked.address.street.as_str(), linked.address.house.as_str(), linked.address.flat.as_deref()), ("ул. Ленина", "12", Some("7")));
        assert!(!linked.as_family_member);
        assert!(linked.linked_at.ends_with("+07:00"), "the supplier's local time: {}", linked.linked_at);
    }

    fn operators_find_a_user_by_phone_however_it_is_typed(backend) {
        let app = TestApp::spawn(backend);
        let mut body = registration("tuvan");
        body["phone"] = json!("+79131234567");
        assert_eq!(app.call("POST", "/api/v1/auth/register", Some(body)).status, 201);
        app.register("other");
        let staff = app.staff("operator1", false);
        for typed in ["+7 (913) 123-45-67", "8 913 123 45 67", "913-123-45-67", "+79131234567"] {
            let found: Page<UserListItem> = staff.get(&app, &format!("/api/v1/operator/users?q={}", encode(typed)));
            let logins: Vec<&str> = found.items.iter().map(|u| u.login.as_str()).collect();
            assert_eq!(logins, vec!["tuvan"], "{typed}");
        }
        let nobody: Page<UserListItem> = staff.get(&app, &format!("/api/v1/operator/users?q={}", encode("8 (913) 000-00-00")));
        assert!(nobody.items.is_empty());
    }
}
