//! Registration and password-reset flooding: a taken e-mail is never confirmed, an address
//! registers only so many times an hour, and reset links are single and few.

use kabinet_e2e::identity::{registration, PASSWORD};
use kabinet_e2e::{both_backends, SpawnOptions, TestApp, TestDb};
use serde_json::{json, Value};

use super::{assert_throttled, field, outbox, reset_token, NEW_PASSWORD};

fn register_from(app: &TestApp, ip: &str, body: Value) -> kabinet_e2e::Answer {
    app.call_from(ip, "POST", "/api/v1/auth/register", Some(body), &[])
}

fn keys(value: &Value) -> Vec<String> {
    let mut keys: Vec<String> = value
        .as_object()
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default();
    keys.sort();
    keys
}

both_backends! {
    fn registering_with_a_taken_email_looks_like_success_and_tells_the_owner(backend) {
        let app = TestApp::spawn(backend);
        app.register("owner.o");
        let fresh = app.call("POST", "/api/v1/auth/register", Some(registration("fresh.f")));
        assert_eq!(fresh.status, 201, "{}", fresh.body);

        let mut body = registration("intruder");
        body["email"] = json!("owner.o@example.ru");
        let taken = app.call("POST", "/api/v1/auth/register", Some(body));
        assert_eq!(taken.status, 201, "{}", taken.body);
        let (taken, fresh) = (taken.json(), fresh.json());
        assert_eq!(keys(&taken), keys(&fresh), "the same shape: {taken} vs {fresh}");
        assert_eq!(keys(&taken), ["full_name", "login", "role"], "{taken}");
        assert_eq!(taken["login"], "intruder");
        assert_eq!(taken["role"], fresh["role"]);

        let nobody = app.try_login("intruder", PASSWORD);
        assert_eq!(nobody.status, 401, "no user was created: {}", nobody.body);
        let mail = outbox(&app, "owner.o@example.ru");
        assert!(mail.iter().any(|m| m.subject.contains("Попытка регистрации")), "{mail:?}");
    }

    fn an_address_registers_only_so_many_times_an_hour(backend) {
        let app = TestApp::spawn_with(TestDb::create(backend), SpawnOptions {
            env: vec![("KABINET_REGISTRATIONS_PER_HOUR".into(), "3".into())],
            ..Default::default()
        });
        for n in 0..3 {
            let mut invalid = registration(&format!("broken{n}"));
            invalid["email"] = json!("not-an-email");
            let refused = register_from(&app, "203.0.113.30", invalid);
            assert_eq!(refused.status, 400, "invalid registrations do not count: {}", refused.body);
        }
        for login in ["farm.one", "farm.two", "farm.three"] {
            let answer = register_from(&app, "203.0.113.30", registration(login));
            assert_eq!(answer.status, 201, "{login}: {}", answer.body);
        }
        assert_throttled(&register_from(&app, "203.0.113.30", registration("farm.four")), "4th registration");
        let other = register_from(&app, "203.0.113.31", registration("neighbour"));
        assert_eq!(other.status, 201, "another address: {}", other.body);
    }

    fn only_the_newest_reset_link_works_and_a_mailbox_gets_few_of_them(backend) {
        let app = TestApp::spawn(backend);
        app.register("forgetful");
        app.register("flooded");
        let ask = |email: &str| app.call("POST", "/api/v1/auth/password-reset", Some(json!({"email": email})));
        for n in 1..=3 {
            assert_eq!(ask("forgetful@example.ru").status, 202, "request {n}");
        }
        let tokens: Vec<String> = outbox(&app, "forgetful@example.ru").iter()
            .filter(|m| m.body.contains("reset-password?token=")).map(|m| reset_token(&m.body)).collect();
        assert_eq!(tokens.len(), 3, "{tokens:?}");
        let confirm = |token: &str| app.call("POST", "/api/v1/auth/password-reset/confirm",
            Some(json!({"token": token, "new_password": NEW_PASSWORD})));
        for old in &tokens[1..] {
            let refused = confirm(old);
            assert_eq!(refused.status, 400, "an older link: {}", refused.body);
            assert_eq!(field(&refused, "token"), "invalid");
        }
        let newest = confirm(&tokens[0]);
        assert_eq!(newest.status, 204, "{}", newest.body);

        for n in 1..=5 {
            assert_eq!(ask("flooded@example.ru").status, 202, "request {n}");
        }
        let sent = outbox(&app, "flooded@example.ru").iter().filter(|m| m.body.contains("reset-password?token=")).count();
        assert!((1..=3).contains(&sent), "{sent} reset e-mails in an hour");
    }
}
