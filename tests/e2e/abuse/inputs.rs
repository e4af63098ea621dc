//! Hostile input: look-alike logins, common passwords, invisible and control characters in
//! text, and oversized or poisoned uploads from an integrator.

use kabinet_e2e::http::send_raw;
use kabinet_e2e::identity::registration;
use kabinet_e2e::{both_backends, TestApp};
use serde_json::json;

use super::field;

fn register(app: &TestApp, body: serde_json::Value) -> kabinet_e2e::Answer {
    app.call("POST", "/api/v1/auth/register", Some(body))
}

fn upload(app: &TestApp, key: &str, body: &str) -> kabinet_e2e::Answer {
    send_raw(
        "PUT",
        &app.url("/api/v1/integration/accounts"),
        &[
            ("Authorization", &format!("Bearer {key}")),
            ("Content-Type", "application/json"),
        ],
        body,
    )
}

both_backends! {
    fn look_alike_logins_and_common_passwords_are_refused(backend) {
        let app = TestApp::spawn(backend);
        let mixed = register(&app, registration("ivan\u{043E}va"));
        assert_eq!(mixed.status, 400, "{}", mixed.body);
        assert_eq!(field(&mixed, "login"), "mixed_script");

        app.register("ivanova");
        let wide = register(&app, registration("ｉｖａｎｏｖａ"));
        assert_eq!(wide.status, 400, "{}", wide.body);
        assert_eq!(field(&wide, "login"), "taken");

        for password in ["Password1!", "Qwerty123!", "sunshine1", "aaaaaaaa"] {
            let mut body = registration("petrov.p");
            body["password"] = json!(password);
            let answer = register(&app, body);
            assert_eq!(answer.status, 400, "{password}: {}", answer.body);
            assert_eq!(field(&answer, "password"), "common", "{password}");
        }
    }

    fn invisible_and_control_characters_are_refused_in_text(backend) {
        let app = TestApp::spawn(backend);
        let me = app.resident("texter");
        let bidi = me.bearer(&app, "PATCH", "/api/v1/me", Some(json!({"postal_address": "ул. Ленина\u{202E}1"})));
        assert_eq!(bidi.status, 400, "{}", bidi.body);
        assert_eq!(field(&bidi, "postal_address"), "invalid_characters");
        let token = me.bearer(&app, "POST", "/api/v1/me/tokens", Some(json!({"name": "скрипт\u{0007}", "scopes": ["read"]})));
        assert_eq!(token.status, 400, "{}", token.body);
    }

    fn oversized_and_poisoned_uploads_are_bounded(backend) {
        let app = TestApp::spawn(backend);
        let key = app.api_client("billing", "houses:write,accounts:write");

        let many = format!("[{}]", vec!["{}"; 10_001].join(","));
        let answer = upload(&app, &key, &many);
        assert_eq!(answer.status, 400, "{}", answer.body);
        assert_eq!(field(&answer, "body"), "too_many_rows");

        let row = format!("{{\"number\":\"1\",\"owner_name\":\"{}\"}}", "a".repeat(1000));
        let huge = format!("[{}]", vec![row.as_str(); 9000].join(","));
        assert!(huge.len() > 8 * 1024 * 1024);
        let answer = upload(&app, &key, &huge);
        assert_eq!(answer.status, 413, "{}", answer.body);
        assert_eq!(answer.code(), "payload_too_large");

        let long_name = "Я".repeat(5000);
        let rows: Vec<serde_json::Value> = (0..50).map(|i| json!({
            "number": format!("{}", 100_000_000 + i), "owner_name": long_name, "house_id": "H-1",
            "address": {"settlement": "г. Кызыл", "street": "ул. Ленина", "house": "12"},
            "heated_area": "54.30", "residents": "много"})).collect();
        let answer = upload(&app, &key, &serde_json::Value::from(rows).to_string());
        let report = answer.json();
        let errors = report["errors"].as_array().cloned().unwrap_or_default();
        assert_eq!(errors.len(), 50, "{} {}", answer.status, answer.body.chars().take(2000).collect::<String>());
        for error in &errors {
            let reason = error["reason"].as_str().unwrap_or_default();
            assert!(reason.chars().count() <= 160, "{} characters: {reason}", reason.chars().count());
            assert!(!reason.contains("ЯЯЯЯЯЯЯЯЯЯ"), "the input is echoed: {reason}");
        }
    }
}
