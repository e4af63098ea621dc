//! Link codes cannot be spoiled by a neighbour: wrong tries stop the guesser, not the code.

use kabinet_e2e::identity::{registration, Session, PASSWORD};
use kabinet_e2e::{both_backends, TestApp};
use serde_json::json;

use super::assert_throttled;

const NUMBER: &str = "100200300";
const OWNER: &str = "Иванова Мария Сергеевна";

/// An app with one house and account, an operator and a code issued for the account.
fn setup(backend: kabinet_e2e::Backend) -> (TestApp, Session, String) {
    let app = TestApp::spawn(backend);
    let key = app.api_client("billing", "houses:write,accounts:write");
    let houses =
        json!([{"id": "H-1", "settlement": "г. Кызыл", "street": "ул. Ленина", "house": "12"}]);
    let accounts = json!([{"number": NUMBER, "owner_name": OWNER, "house_id": "H-1",
        "address": {"settlement": "г. Кызыл", "street": "ул. Ленина", "house": "12", "flat": "7"},
        "heated_area": "54.30", "residents": 3}]);
    for (path, body) in [("houses", houses), ("accounts", accounts)] {
        let answer = app.integration(
            "PUT",
            &format!("/api/v1/integration/{path}"),
            &key,
            "application/json",
            &body.to_string(),
        );
        assert_eq!(answer.status, 200, "{path}: {}", answer.body);
    }
    let operator = app.staff("operator1", false);
    let issued = operator.bearer(
        &app,
        "POST",
        &format!("/api/v1/operator/accounts/{NUMBER}/link-codes"),
        None,
    );
    assert_eq!(issued.status, 201, "{}", issued.body);
    let code = issued.json()["code"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    (app, operator, code)
}

/// Registers a resident whose registered full name is `name` and signs them in.
fn resident_named(app: &TestApp, login: &str, name: &str) -> Session {
    let mut body = registration(login);
    body["full_name"] = json!(name);
    let answer = app.call("POST", "/api/v1/auth/register", Some(body));
    assert_eq!(answer.status, 201, "{}", answer.body);
    app.login(login, PASSWORD)
}

fn link(app: &TestApp, who: &Session, code: &str) -> kabinet_e2e::Answer {
    who.bearer(
        app,
        "POST",
        "/api/v1/accounts/link",
        Some(json!({"account_number": NUMBER, "code": code})),
    )
}

both_backends! {
    fn a_neighbour_guessing_codes_cannot_spoil_the_owners_code(backend) {
        let (app, operator, code) = setup(backend);
        let stranger = resident_named(&app, "stranger", "Соседов Пётр Ильич");
        for n in 1..=5 {
            let wrong = link(&app, &stranger, "ZZZZZZZZZZ");
            assert_eq!(wrong.status, 422, "try {n}: {}", wrong.body);
            assert_eq!(wrong.code(), "invalid_link_code", "try {n}");
        }
        assert_throttled(&link(&app, &stranger, &code), "the stranger's 6th try");

        let owner = resident_named(&app, "owner.m", OWNER);
        let linked = link(&app, &owner, &code);
        assert_eq!(linked.status, 204, "the owner's code still works: {}", linked.body);

        let view = operator.bearer(&app, "GET", &format!("/api/v1/operator/accounts/{NUMBER}"), None);
        assert_eq!(view.status, 200, "{}", view.body);
        let attempts = view.json()["failed_link_attempts"].clone();
        let entry = attempts.as_array().and_then(|a| a.iter().find(|e| e["user_id"] == stranger.user_id()).cloned())
            .unwrap_or_else(|| panic!("no entry for the stranger: {attempts}"));
        assert_eq!(entry["failures"], 5, "{entry}");
        assert!(entry["last_at"].as_str().is_some_and(|s| !s.is_empty()), "{entry}");
        assert_eq!(attempts.as_array().map(Vec::len), Some(1), "the owner never failed: {attempts}");
    }
}
