//! Accounts over HTTP: bulk upserts from the billing system, office link codes, linking with
//! the owner-name rule, isolation between residents, disconnection and change of owner, and
//! integrator scopes. Every test runs on SQLite and PostgreSQL.

use kabinet_e2e::http::encode;
use kabinet_e2e::identity::Session;
use kabinet_e2e::{both_backends, SpawnOptions, TestApp, TestDb};
use kabinet_shared::api::accounts::OperatorAccountListItem;
use kabinet_shared::api::page::Page;
use serde_json::{json, Value};

const ALPHABET: &str = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

fn account(number: &str, owner: &str) -> Value {
    json!({"number": number, "owner_name": owner, "house_id": "H-1",
        "address": {"settlement": "г. Кызыл", "street": "ул. Ленина", "house": "12", "flat": "7"},
        "heated_area": "54.30", "residents": 3})
}

/// An app with one house and the given accounts uploaded, an operator and a billing key.
fn setup(backend: kabinet_e2e::Backend, accounts: &[(&str, &str)]) -> (TestApp, Session, String) {
    let app = TestApp::spawn(backend);
    let key = app.api_client("billing", "houses:write,accounts:write");
    let houses =
        json!([{"id": "H-1", "settlement": "г. Кызыл", "street": "ул. Ленина", "house": "12"}]);
    let answer = app.integration(
        "PUT",
        "/api/v1/integration/houses",
        &key,
        "application/json",
        &houses.to_string(),
    );
    assert_eq!(answer.status, 200, "{}", answer.body);
    let rows: Vec<Value> = accounts.iter().map(|(n, o)| account(n, o)).collect();
    let answer = app.integration(
        "PUT",
        "/api/v1/integration/accounts",
        &key,
        "application/json",
        &Value::from(rows).to_string(),
    );
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert_eq!(answer.json()["created"], accounts.len());
    let operator = app.staff("operator1", false);
    (app, operator, key)
}

fn issue(app: &TestApp, operator: &Session, number: &str) -> String {
    let answer = operator.bearer(
        app,
        "POST",
        &format!("/api/v1/operator/accounts/{number}/link-codes"),
        None,
    );
    assert_eq!(answer.status, 201, "{}", answer.body);
    answer.json()["code"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

fn link(
    app: &TestApp,
    who: &Session,
    number: &str,
    code: &str,
    family: bool,
) -> kabinet_e2e::Answer {
    who.bearer(
        app,
        "POST",
        "/api/v1/accounts/link",
        Some(json!({"account_number": number, "code": code, "as_family_member": family})),
    )
}

/// Registers a resident whose registered full name is `name`.
fn resident_named(app: &TestApp, login: &str, name: &str) -> Session {
    let mut body = kabinet_e2e::identity::registration(login);
    body["full_name"] = json!(name);
    let answer = app.call("POST", "/api/v1/auth/register", Some(body));
    assert_eq!(answer.status, 201, "{}", answer.body);
    app.login(login, kabinet_e2e::identity::PASSWORD)
}

/// The operator's account search for `q`, as the numbers found.
fn find(app: &TestApp, operator: &Session, q: &str) -> Vec<String> {
    let page: Page<OperatorAccountListItem> =
        operator.get(app, &format!("/api/v1/operator/accounts?q={}", encode(q)));
    page.items.into_iter().map(|a| a.number).collect()
}

both_backends! {
    fn link_codes_are_unambiguous_single_use_and_voided_by_a_new_one(backend) {
        let (app, operator, _) = setup(backend, &[("100200300", "Иванова Мария Сергеевна")]);
        let first = issue(&app, &operator, "100200300");
        assert_eq!(first.len(), 10);
        assert!(first.chars().all(|c| ALPHABET.contains(c)), "{first}");
        let second = issue(&app, &operator, "100200300");
        assert_ne!(first, second);

        let maria = resident_named(&app, "maria", "иванова  мария сергеевна");
        let voided = link(&app, &maria, "100200300", &first, false);
        assert_eq!(voided.status, 422);
        assert_eq!(voided.code(), "invalid_link_code", "the first code was voided by the second");
        // Case, spaces and hyphens of the typed code do not matter.
        let typed = format!("{}-{} ", second[..5].to_lowercase(), &second[5..]);
        let ok = link(&app, &maria, "100200300", &typed, false);
        assert_eq!(ok.status, 204, "{}", ok.body);
        let mine = maria.bearer(&app, "GET", "/api/v1/accounts", None).json()["items"].clone();
        assert_eq!(mine[0]["number"], "100200300");
        assert_eq!(mine[0]["as_family_member"], false);

        let again = link(&app, &resident_named(&app, "other", "Иванова Мария Сергеевна"), "100200300", &second, false);
        assert_eq!(again.code(), "invalid_link_code", "single use");
    }

    fn wrong_unknown_and_expired_codes_answer_alike_and_five_wrong_tries_stop_only_the_guesser(backend) {
        let (app, operator, _) = setup(backend, &[("100200300", "Иванова Мария Сергеевна"), ("100200301", "Петров Пётр")]);
        let code = issue(&app, &operator, "100200300");
        let maria = resident_named(&app, "maria", "Иванова Мария Сергеевна");
        let wrong = link(&app, &maria, "100200300", "ZZZZZZZZZZ", false);
        let unknown = link(&app, &maria, "999999999", &code, false);
        assert_eq!((wrong.status, unknown.status), (422, 422));
        assert_eq!(wrong.body, unknown.body);
        for _ in 0..4 {
            assert_eq!(link(&app, &maria, "100200300", "ZZZZZZZZZZ", false).status, 422);
        }
        // Five wrong tries on this account: this user waits, the code stays good.
        let waiting = link(&app, &maria, "100200300", &code, false);
        assert_eq!(waiting.status, 429, "{}", waiting.body);
        let owner = resident_named(&app, "maria2", "Иванова Мария Сергеевна");
        assert_eq!(link(&app, &owner, "100200300", &code, false).status, 204);

        // Expiry: a fresh code whose time has passed.
        let code = issue(&app, &operator, "100200301");
        let mut conn = app.db_conn();
        kabinet_api::with_conn!(&mut conn, |c| {
            use diesel::RunQueryDsl;
            diesel::sql_query("UPDATE link_codes SET expires_at = '2000-01-01 00:00:00'").execute(c)
        }).expect("expire codes");
        let petrov = resident_named(&app, "petrov", "Петров Пётр");
        let expired = link(&app, &petrov, "100200301", &code, false);
        assert_eq!(expired.status, 422);
        assert_eq!(expired.body, wrong.body);
        // Failures throttle the user: after 10 within an hour (7 so far), the next is refused.
        for _ in 0..3 {
            link(&app, &maria, "100200300", "ZZZZZZZZZZ", false);
        }
        let throttled = link(&app, &maria, "100200300", "ZZZZZZZZZZ", false);
        assert_eq!(throttled.status, 429, "{}", throttled.body);
    }

    fn the_owner_name_must_match_unless_linking_as_a_family_member(backend) {
        let (app, operator, _) = setup(backend, &[("100200300", "Семёнова Анна Ивановна")]);
        let code = issue(&app, &operator, "100200300");
        let son = resident_named(&app, "son", "Семёнов Игорь");
        let refused = link(&app, &son, "100200300", &code, false);
        assert_eq!(refused.status, 422);
        assert_eq!(refused.code(), "owner_name_mismatch");
        let ok = link(&app, &son, "100200300", &code, true);
        assert_eq!(ok.status, 204, "{}", ok.body);
        assert_eq!(son.bearer(&app, "GET", "/api/v1/accounts", None).json()["items"][0]["as_family_member"], true);

        // ё/е, case and spaces are ignored for the owner herself.
        let code = issue(&app, &operator, "100200300");
        let anna = resident_named(&app, "anna", "семенова   анна ивановна");
        assert_eq!(link(&app, &anna, "100200300", &code, false).status, 204);
        let dup = link(&app, &anna, "100200300", &issue(&app, &operator, "100200300"), false);
        assert_eq!(dup.status, 409);
        assert_eq!(dup.code(), "already_linked");
    }

    fn a_resident_never_reaches_another_residents_account(backend) {
        let (app, operator, _) = setup(backend, &[("100200300", "Иванова Мария Сергеевна"), ("100200301", "Петров Пётр")]);
        let maria = resident_named(&app, "maria", "Иванова Мария Сергеевна");
        let code = issue(&app, &operator, "100200300");
        assert_eq!(link(&app, &maria, "100200300", &code, false).status, 204);
        let petrov = resident_named(&app, "petrov", "Петров Пётр");

        let mine = maria.bearer(&app, "GET", "/api/v1/accounts/100200300", None);
        assert_eq!(mine.status, 200);
        let info = mine.json();
        assert_eq!(info["address"]["street"], "ул. Ленина");
        assert_eq!(info["heated_area"], "54.30");
        assert_eq!(info["balance"]["amount"], "0.00");
        assert_eq!(info["balance"]["state"], "settled");
        assert_eq!(info["reading_window"]["start_day"], 20);
        assert_eq!(info["meters"], json!([]), "no meters uploaded for this account");

        let theirs = petrov.bearer(&app, "GET", "/api/v1/accounts/100200300", None);
        let missing = petrov.bearer(&app, "GET", "/api/v1/accounts/999999999", None);
        assert_eq!((theirs.status, missing.status), (404, 404), "never 403: existence is not revealed");
        assert_eq!(theirs.body, missing.body);
        assert_eq!(petrov.bearer(&app, "DELETE", "/api/v1/accounts/100200300", None).status, 404);
        assert_eq!(petrov.bearer(&app, "GET", "/api/v1/accounts", None).json(), json!({"items": []}));
        // Operators are not residents: their own account list is empty too.
        assert_eq!(operator.bearer(&app, "GET", "/api/v1/accounts", None).json(), json!({"items": []}));
    }

    fn a_change_of_owner_unlinks_everyone_notifies_them_and_is_idempotent(backend) {
        let (app, operator, key) = setup(backend, &[("100200300", "Иванова Мария Сергеевна")]);
        let maria = resident_named(&app, "maria", "Иванова Мария Сергеевна");
        let daughter = resident_named(&app, "daughter", "Иванова Ольга");
        // Maria proved her address; her daughter did not, so only Maria is told by e-mail.
        app.verify_email(&maria, "maria@example.ru");
        assert_eq!(link(&app, &maria, "100200300", &issue(&app, &operator, "100200300"), false).status, 204);
        assert_eq!(link(&app, &daughter, "100200300", &issue(&app, &operator, "100200300"), true).status, 204);
        let pending = issue(&app, &operator, "100200300");

        let change = json!({"new_owner_name": "Кара-оол Айдын Борисович", "effective_date": "2026-12-01"}).to_string();
        let first = app.integration("POST", "/api/v1/integration/accounts/100200300/owner-change", &key, "application/json", &change);
        assert_eq!(first.status, 200, "{}", first.body);
        assert_eq!(first.json(), json!({"unlinked": 2, "applied": true}));
        for who in [&maria, &daughter] {
            assert_eq!(who.bearer(&app, "GET", "/api/v1/accounts/100200300", None).status, 404);
        }
        let again = app.integration("POST", "/api/v1/integration/accounts/100200300/owner-change", &key, "application/json", &change);
        assert_eq!(again.json(), json!({"unlinked": 0, "applied": false}));
        let mut conn = app.db_conn();
        let mail = kabinet_api::db::models::outbox::for_recipient(&mut conn, "maria@example.ru").expect("outbox");
        assert_eq!(mail.len(), 2, "the verification code, then the notice");
        assert!(mail[0].body.contains("100200300") && mail[0].body.contains("смена владельца"), "{}", mail[0].body);
        let daughters = kabinet_api::db::models::outbox::for_recipient(&mut conn, "daughter@example.ru").expect("outbox");
        assert_eq!(daughters.len(), 1, "an unverified address gets only its code");
        // The code issued before the change no longer works for anyone.
        let new_owner = resident_named(&app, "aidyn", "Кара-оол Айдын Борисович");
        assert_eq!(link(&app, &new_owner, "100200300", &pending, false).code(), "invalid_link_code");
        let view = operator.bearer(&app, "GET", "/api/v1/operator/accounts/100200300", None).json();
        assert_eq!(view["owner_name"], "Кара-оол Айдын Борисович");
        assert_eq!(view["linked_users"], json!([]));
    }

    fn operators_disconnect_one_user_and_residents_unlink_themselves_on_record(backend) {
        let (app, operator, _) = setup(backend, &[("100200300", "Иванова Мария Сергеевна")]);
        let maria = resident_named(&app, "maria", "Иванова Мария Сергеевна");
        let son = resident_named(&app, "son", "Иванов Павел");
        assert_eq!(link(&app, &maria, "100200300", &issue(&app, &operator, "100200300"), false).status, 204);
        assert_eq!(link(&app, &son, "100200300", &issue(&app, &operator, "100200300"), true).status, 204);
        let view = operator.bearer(&app, "GET", "/api/v1/operator/accounts/100200300", None).json();
        assert_eq!(view["linked_users"].as_array().map(Vec::len), Some(2));

        let answer = operator.bearer(&app, "POST", "/api/v1/operator/accounts/100200300/disconnect",
            Some(json!({"user_id": son.user_id(), "reason": "written_request", "note": "заявление №17"})));
        assert_eq!(answer.json(), json!({"disconnected": 1}));
        assert_eq!(son.bearer(&app, "GET", "/api/v1/accounts/100200300", None).status, 404);
        assert_eq!(maria.bearer(&app, "GET", "/api/v1/accounts/100200300", None).status, 200);

        assert_eq!(maria.bearer(&app, "DELETE", "/api/v1/accounts/100200300", None).status, 204);
        assert_eq!(maria.bearer(&app, "GET", "/api/v1/accounts", None).json(), json!({"items": []}));
        let audit = operator.bearer(&app, "GET", "/api/v1/operator/audit?target_kind=account&target_id=100200300", None).json();
        let actions: Vec<&str> = audit["items"].as_array().map(|a| a.iter().filter_map(|e| e["action"].as_str()).collect()).unwrap_or_default();
        for expected in ["account.unlink", "account.disconnect", "account.view", "account.link", "link_code.issue"] {
            assert!(actions.contains(&expected), "{expected} missing from {actions:?}");
        }
        // The operator's note (the document behind the disconnection) is on record.
        let disconnect = audit["items"].as_array().and_then(|a| a.iter().find(|e| e["action"] == "account.disconnect")).cloned().unwrap_or_default();
        let details = disconnect["details"].as_str().unwrap_or_default();
        assert!(details.contains("reason=written_request") && details.contains("note=заявление №17"), "{details}");
    }

    fn bulk_uploads_report_bad_rows_save_good_ones_and_are_idempotent(backend) {
        let (app, _operator, key) = setup(backend, &[]);
        let rows = json!([
            account("100000001", "Иванов Иван"),
            account("12AB", "Петров Пётр"),
            account("100000003", "Сидорова Анна"),
            {"number": "100000004", "owner_name": "Орлов Олег", "house_id": "NO-SUCH", "address": {"settlement": "г. Кызыл", "street": "ул. Ленина", "house": "1"}, "heated_area": "40.00", "residents": 1},
            {"number": "100000005", "owner_name": "Зуев Зиновий", "address": {"settlement": "г. Кызыл", "street": "ул. Ленина", "house": "1"}, "heated_area": "40.123", "residents": 1},
            account("100000006", "Белова Вера"),
        ]).to_string();
        let first = app.integration("PUT", "/api/v1/integration/accounts", &key, "application/json", &rows).json();
        assert_eq!((first["created"].as_u64(), first["updated"].as_u64(), first["unchanged"].as_u64()), (Some(3), Some(0), Some(0)));
        let lines: Vec<u64> = first["errors"].as_array().map(|e| e.iter().filter_map(|x| x["line"].as_u64()).collect()).unwrap_or_default();
        assert_eq!(lines, vec![2, 4, 5], "{first}");
        assert!(first["errors"][0]["reason"].as_str().unwrap_or_default().contains("number"));
        assert!(first["errors"][1]["reason"].as_str().unwrap_or_default().contains("unknown house"));

        let again = app.integration("PUT", "/api/v1/integration/accounts", &key, "application/json", &rows).json();
        assert_eq!((again["created"].as_u64(), again["updated"].as_u64(), again["unchanged"].as_u64()), (Some(0), Some(0), Some(3)));

        // NDJSON: a changed owner, an unchanged row, a broken line, a blank line, a new row.
        let ndjson = format!("{}\n{}\n{{not json\n\n{}\n",
            account("100000001", "Иванова Ирина"), account("100000003", "Сидорова Анна"), account("100000007", "Гусев Глеб"));
        let streamed = app.integration("PUT", "/api/v1/integration/accounts", &key, "application/x-ndjson", &ndjson).json();
        assert_eq!((streamed["created"].as_u64(), streamed["updated"].as_u64(), streamed["unchanged"].as_u64()), (Some(1), Some(1), Some(1)));
        assert_eq!(streamed["errors"][0]["line"], 3);

        let not_array = app.integration("PUT", "/api/v1/integration/accounts", &key, "application/json", "{\"number\": 1}");
        assert_eq!(not_array.status, 400);

        // A stream of garbage lists the first 1 000 bad lines and counts the rest.
        let garbage = "{oops\n".repeat(1005);
        let capped = app.integration("PUT", "/api/v1/integration/accounts", &key, "application/x-ndjson", &garbage).json();
        assert_eq!(capped["errors"].as_array().map(Vec::len), Some(1000));
        assert_eq!(capped["errors_omitted"], 5);
    }

    fn overlapping_uploads_of_the_same_rows_both_succeed(backend) {
        let (app, _operator, key) = setup(backend, &[]);
        let body: String = (0..3000).map(|i| format!("{}\n", account(&format!("{}", 400_000_000 + i), "Житель Общий"))).collect();
        let answers: Vec<serde_json::Value> = std::thread::scope(|scope| {
            let runs: Vec<_> = (0..2)
                .map(|_| scope.spawn(|| app.integration("PUT", "/api/v1/integration/accounts", &key, "application/x-ndjson", &body)))
                .collect();
            runs.into_iter().map(|r| {
                let answer = r.join().expect("upload thread");
                assert_eq!(answer.status, 200, "{}", answer.body);
                answer.json()
            }).collect()
        });
        let created: u64 = answers.iter().filter_map(|a| a["created"].as_u64()).sum();
        assert_eq!(created, 3000, "every row created exactly once: {answers:?}");
        for a in &answers {
            let total = a["created"].as_u64().unwrap_or(0) + a["updated"].as_u64().unwrap_or(0) + a["unchanged"].as_u64().unwrap_or(0);
            assert_eq!(total, 3000, "{a}");
            assert_eq!(a["errors"], json!([]));
        }
    }

    fn integrators_need_a_valid_key_with_the_endpoints_scope(backend) {
        let app = TestApp::spawn(backend);
        let houses_only = app.api_client("agent", "houses:write");
        let rows = json!([account("100000001", "Иванов Иван")]).to_string();
        let refused = app.integration("PUT", "/api/v1/integration/accounts", &houses_only, "application/json", &rows);
        assert_eq!(refused.status, 403);
        assert_eq!(refused.code(), "insufficient_scope");
        let none = app.integration("PUT", "/api/v1/integration/accounts", "kbi_not-a-real-key", "application/json", &rows);
        assert_eq!(none.status, 401);
        let resident = app.resident("nosy");
        let as_user = app.integration("PUT", "/api/v1/integration/accounts", &resident.access, "application/json", &rows);
        assert_eq!(as_user.status, 401, "a user's token is not an API key");

        let out = std::process::Command::new(kabinet_e2e::binary())
            .args(["revoke-api-client", "--name", "agent"])
            .env("DATABASE_URL", app.db.url())
            .output()
            .expect("revoke");
        assert!(out.status.success());
        let revoked = app.integration("PUT", "/api/v1/integration/houses", &houses_only, "application/json", "[]");
        assert_eq!(revoked.status, 401);
    }

    fn the_shared_fixture_starts_with_a_linked_account_in_one_line(backend) {
        let world = kabinet_e2e::fixtures::World::new(backend);
        let mine = world.accounts();
        assert_eq!(mine.len(), 1);
        assert_eq!(mine[0].number, world.account);
        assert!(!mine[0].as_family_member);
        let detail = world.account_detail();
        assert_eq!(detail.owner_name, kabinet_e2e::fixtures::OWNER);
        assert_eq!(detail.address.flat.as_deref(), Some("7"));
        // Typed answers: the operator's view of the same account.
        let seen: kabinet_shared::api::accounts::OperatorAccount = world.operator.get(
            &world.app,
            &format!("/api/v1/operator/accounts/{}", world.account),
        );
        assert_eq!(seen.linked_users.len(), 1);
    }

    fn operators_find_accounts_by_number_as_written_owner_or_street(backend) {
        let (app, operator, key) = setup(backend, &[("100200300", "Иванова Мария Сергеевна"), ("100200301", "Петров Семён Ильич")]);
        let elsewhere = json!([{"number": "100200303", "owner_name": "Петров Алексей Иванович",
            "address": {"settlement": "г. Кызыл", "street": "ул. Кочетова", "house": "2", "flat": "15"},
            "heated_area": "40.00", "residents": 2}]);
        let answer = app.integration("PUT", "/api/v1/integration/accounts", &key, "application/json", &elsewhere.to_string());
        assert_eq!(answer.json()["created"], 1, "{}", answer.body);
        let maria = resident_named(&app, "maria", "Иванова Мария Сергеевна");
        assert_eq!(link(&app, &maria, "100200300", &issue(&app, &operator, "100200300"), false).status, 204);

        assert_eq!(find(&app, &operator, "100 200 303"), ["100200303"]);
        assert_eq!(find(&app, &operator, "100-200-303"), ["100200303"]);
        assert_eq!(find(&app, &operator, "100 200 30"), ["100200300", "100200301", "100200303"], "a number's start");
        assert_eq!(find(&app, &operator, "петров"), ["100200301", "100200303"], "Cyrillic case folded on both engines");
        assert_eq!(find(&app, &operator, "СЕМЕН"), ["100200301"], "ё as е");
        assert_eq!(find(&app, &operator, "Кочетова 2"), ["100200303"]);
        assert_eq!(find(&app, &operator, "кочетова"), ["100200303"]);
        assert_eq!(find(&app, &operator, "алексей петров"), ["100200303"], "words in any order");
        assert_eq!(find(&app, &operator, "ленина 12"), ["100200300", "100200301"]);
        assert!(find(&app, &operator, "Кочетова 12").is_empty());

        let page: Page<OperatorAccountListItem> = operator.get(&app, "/api/v1/operator/accounts?q=&limit=1");
        assert_eq!(page.items.len(), 1);
        let first = &page.items[0];
        assert_eq!((first.number.as_str(), first.owner_name.as_str(), first.linked_users), ("100200300", "Иванова Мария Сергеевна", 1));
        assert_eq!(first.address.flat.as_deref(), Some("7"));
        let cursor = page.next_cursor.expect("more than one account: a next page");
        let next: Page<OperatorAccountListItem> = operator.get(&app, &format!("/api/v1/operator/accounts?limit=2&cursor={cursor}"));
        let numbers: Vec<&str> = next.items.iter().map(|a| a.number.as_str()).collect();
        assert_eq!(numbers, ["100200301", "100200303"]);
        assert_eq!(next.next_cursor, None);

        let audit = operator.bearer(&app, "GET", "/api/v1/operator/audit?action=account.search&limit=1", None).json();
        assert_eq!(audit["items"][0]["details"], "q=");
        assert_eq!(audit["items"][0]["actor_id"], operator.user_id());
        let refused = maria.bearer(&app, "GET", "/api/v1/operator/accounts?q=1", None);
        assert_eq!((refused.status, refused.code()), (403, "forbidden".to_owned()));
        assert_eq!(app.get("/api/v1/operator/accounts?q=1").status, 401);
    }

    fn search_keys_missing_from_older_rows_are_filled_in_at_start(backend) {
        let (app, operator, _) = setup(backend, &[("100200300", "Иванова Мария Сергеевна")]);
        let mut conn = app.db_conn();
        kabinet_api::with_conn!(&mut conn, |c| {
            use diesel::RunQueryDsl;
            diesel::sql_query("UPDATE accounts SET search_key = ''").execute(c)
        }).expect("blank the keys");
        assert!(find(&app, &operator, "иванова").is_empty(), "the search reads the stored key");
        // A second server on the same database fills the keys in as it starts.
        let restarted = TestApp::spawn_with(TestDb::create(backend), SpawnOptions { database_url: Some(app.db.url()), ..SpawnOptions::default() });
        assert_eq!(find(&restarted, &operator, "иванова"), ["100200300"]);
        assert_eq!(find(&app, &operator, "ленина"), ["100200300"]);
    }
}
