//! Abuse resistance, attack by attack: password guessing from one address and from many, the
//! password lock, concurrency and memory under a burst of sign-ins, registration and reset
//! flooding, link-code spoiling, blocked users and staff limits, CSRF, cookies and security
//! headers, session lifetime, housekeeping, look-alike logins and hostile text and uploads.
//! Every test runs on SQLite and PostgreSQL against the release binary.

mod housekeeping;
mod inputs;
mod links;
mod lock;
mod registration;
mod sessions;
mod throttle;

use kabinet_e2e::identity::{login_from, Session};
use kabinet_e2e::{Answer, TestApp};
use serde_json::Value;

/// A password that passes the policy, for resets and changes.
const NEW_PASSWORD: &str = "Новый-пароль-на-зиму-7";

/// `error.fields.<name>` of an error answer.
fn field(answer: &Answer, name: &str) -> String {
    answer.json()["error"]["fields"][name]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// Asserts a 429 `throttled` answer with a `Retry-After` of at least a second.
fn assert_throttled(answer: &Answer, what: &str) {
    assert_eq!(answer.status, 429, "{what}: {}", answer.body);
    assert_eq!(answer.code(), "throttled", "{what}");
    let wait: u64 = answer
        .header("Retry-After")
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or_else(|| panic!("{what}: no numeric Retry-After: {}", answer.body));
    assert!(wait >= 1, "{what}: Retry-After {wait}");
}

/// `GET /operator/users/{id}` as `operator`.
fn user_detail(app: &TestApp, operator: &Session, id: i64) -> Value {
    let answer = operator.bearer(app, "GET", &format!("/api/v1/operator/users/{id}"), None);
    assert_eq!(answer.status, 200, "{}", answer.body);
    answer.json()
}

/// Whether `value[key]` is absent or null.
fn unset(value: &Value, key: &str) -> bool {
    value.get(key).is_none_or(Value::is_null)
}

/// Messages queued for `recipient`, newest first.
fn outbox(app: &TestApp, recipient: &str) -> Vec<kabinet_api::db::models::outbox::OutboxMessage> {
    let mut conn = app.db_conn();
    kabinet_api::db::models::outbox::for_recipient(&mut conn, recipient).expect("outbox")
}

/// The reset token in the newest reset e-mail to `recipient`.
fn newest_reset_token(app: &TestApp, recipient: &str) -> String {
    let mail = outbox(app, recipient);
    let message = mail
        .iter()
        .find(|m| m.body.contains("token="))
        .unwrap_or_else(|| panic!("no reset link to {recipient}: {mail:?}"));
    reset_token(&message.body)
}

/// The token of the `…/reset-password?token=XXXX` link in an e-mail body.
fn reset_token(body: &str) -> String {
    body.split("token=")
        .nth(1)
        .and_then(|t| t.split_whitespace().next())
        .unwrap_or_default()
        .to_owned()
}

/// Runs one SQL statement on the app's database (both engines accept the text as given).
fn execute(app: &TestApp, sql: &str) -> usize {
    let mut conn = app.db_conn();
    kabinet_api::with_conn!(&mut conn, |c| {
        use diesel::RunQueryDsl;
        diesel::sql_query(sql).execute(c)
    })
    .unwrap_or_else(|err| panic!("{sql}: {err}"))
}

/// Makes password sign-in of `login` locked: 20 wrong passwords, each from another address of
/// `198.18.<net>.0/24`, all answered 401.
fn lock_out(app: &TestApp, login: &str, net: u8) {
    for host in 1..=20 {
        let answer = login_from(app, &format!("198.18.{net}.{host}"), login, "wrong-pass-1");
        assert_eq!(
            answer.status, 401,
            "failure {host} for {login}: {}",
            answer.body
        );
        assert_eq!(answer.code(), "invalid_credentials");
    }
}
