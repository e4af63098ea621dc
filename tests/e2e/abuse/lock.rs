//! Distributed guessing: 20 failures of one login from many addresses lock password sign-in
//! (never the user or their sessions) until a reset by e-mail, an operator or the CLI lifts it.

use kabinet_e2e::identity::PASSWORD;
use kabinet_e2e::{both_backends, kabinet, TestApp};
use serde_json::json;

use super::{lock_out, login_from, newest_reset_token, outbox, unset, user_detail, NEW_PASSWORD};

fn assert_locked(app: &TestApp, login: &str, ip: &str) {
    let answer = login_from(app, ip, login, PASSWORD);
    assert_eq!(answer.status, 403, "{login} from {ip}: {}", answer.body);
    assert_eq!(answer.code(), "password_locked", "{login}");
}

both_backends! {
    fn twenty_failures_from_many_addresses_lock_password_sign_in_until_a_reset(backend) {
        let app = TestApp::spawn(backend);
        let resident = app.resident("lockme");
        let operator = app.staff("operator1", false);

        lock_out(&app, "lockme", 0);
        assert_locked(&app, "lockme", "198.18.100.1");
        assert_eq!(resident.bearer(&app, "GET", "/api/v1/me", None).status, 200, "open sessions go on");
        let mail = outbox(&app, "lockme@example.ru");
        assert!(mail.iter().any(|m| m.subject.contains("заблокирован")), "{mail:?}");
        let detail = user_detail(&app, &operator, resident.user_id());
        assert!(detail["password_locked_at"].is_string(), "{detail}");
        assert!(unset(&detail, "blocked_at"), "the user is not blocked: {detail}");
        let found = operator.bearer(&app, "GET", "/api/v1/operator/users?q=lockme", None).json();
        assert_eq!(found["items"][0]["password_locked"], true, "{found}");
        assert_eq!(found["items"][0]["blocked"], false, "{found}");
        let audit = operator.bearer(&app, "GET", "/api/v1/operator/audit?action=auth.password_locked", None).json();
        assert!(audit["items"].as_array().is_some_and(|a| !a.is_empty()), "{audit}");

        let asked = app.call("POST", "/api/v1/auth/password-reset", Some(json!({"email": "lockme@example.ru"})));
        assert_eq!(asked.status, 202, "{}", asked.body);
        let token = newest_reset_token(&app, "lockme@example.ru");
        let reset = app.call("POST", "/api/v1/auth/password-reset/confirm",
            Some(json!({"token": token, "new_password": NEW_PASSWORD})));
        assert_eq!(reset.status, 204, "{}", reset.body);
        let back = login_from(&app, "198.18.100.2", "lockme", NEW_PASSWORD);
        assert_eq!(back.status, 200, "the reset lifts the lock: {}", back.body);
    }

    fn an_operator_or_the_command_line_lifts_a_password_lock(backend) {
        let app = TestApp::spawn(backend);
        let first = app.resident("locked.one");
        app.register("locked.two");
        let operator = app.staff("operator1", false);
        lock_out(&app, "locked.one", 1);
        lock_out(&app, "locked.two", 2);
        assert_locked(&app, "locked.one", "198.18.100.1");
        assert_locked(&app, "locked.two", "198.18.100.1");

        let lifted = operator.bearer(&app, "POST", &format!("/api/v1/operator/users/{}/unblock", first.user_id()),
            Some(json!({"reason": "владелец подтвердил личность"})));
        assert_eq!(lifted.status, 200, "{}", lifted.body);
        assert!(user_detail(&app, &operator, first.user_id()).get("password_locked_at").is_none());
        assert_eq!(login_from(&app, "198.18.100.3", "locked.one", PASSWORD).status, 200);

        let out = kabinet(&app.db, &["unblock", "--login", "locked.two"]);
        assert!(out.status.success(), "unblock: {}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(login_from(&app, "198.18.100.4", "locked.two", PASSWORD).status, 200);

        // The CLI lifts an operator's block too.
        let block = operator.bearer(&app, "POST", &format!("/api/v1/operator/users/{}/block", first.user_id()),
            Some(json!({"reason": "проверка"})));
        assert_eq!(block.status, 200, "{}", block.body);
        assert_eq!(login_from(&app, "198.18.100.5", "locked.one", PASSWORD).status, 401);
        let out = kabinet(&app.db, &["unblock", "--login", "locked.one"]);
        assert!(out.status.success(), "unblock: {}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(login_from(&app, "198.18.100.6", "locked.one", PASSWORD).status, 200);
    }

    fn unknown_logins_lock_alike_and_staff_logins_never_lock(backend) {
        let app = TestApp::spawn(backend);
        app.staff("operator1", false);

        lock_out(&app, "nobody.here", 3);
        assert_locked(&app, "nobody.here", "198.18.100.1");

        lock_out(&app, "operator1", 4);
        let office = login_from(&app, "198.18.100.2", "operator1", PASSWORD);
        assert_eq!(office.status, 200, "staff are not locked by anonymous traffic: {}", office.body);
    }
}
