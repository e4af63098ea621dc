//! Notices (issue 11): e-mail verification gates every notice but the service-critical ones;
//! consents and per-event choices are honoured; messages arrive over SMTP in the resident's
//! language with a plain-text and an HTML part and an unsubscribe link that works without
//! signing in; the scheduler's notices go once; "my data" holds what it should.

use std::time::Duration;

use chrono::{Duration as Days, Utc};
use diesel::prelude::*;
use kabinet_api::db::schema::outbox;
use kabinet_e2e::fixtures::{World, ACCOUNT};
use kabinet_e2e::smtp::SmtpSink;
use kabinet_e2e::{both_backends, Backend, SpawnOptions, TestApp, TestDb};
use serde_json::{json, Value};

/// `(channel, subject, body, html)` of the outbox rows to `recipient`, oldest first.
fn queued(app: &TestApp, recipient: &str) -> Vec<(String, String, String, Option<String>)> {
    let mut conn = app.db_conn();
    kabinet_api::with_conn!(&mut conn, |c| outbox::table
        .filter(outbox::recipient.eq(recipient))
        .order(outbox::id)
        .select((outbox::channel, outbox::subject, outbox::body, outbox::html))
        .load(c))
    .expect("outbox rows")
}

fn file_appeal(world: &World, subject: &str) -> Value {
    let filed = world.resident.bearer(
        &world.app,
        "POST",
        "/api/v1/appeals",
        Some(json!({"category": "question", "subject": subject, "text": "Когда дадут тепло?"})),
    );
    assert_eq!(filed.status, 201, "{}", filed.body);
    filed.json()
}

fn answer(world: &World, id: i64) {
    let path = format!("/api/v1/operator/appeals/{id}/answer");
    let done = world.operator.bearer(
        &world.app,
        "POST",
        &path,
        Some(json!({"text": "Тепло подадут завтра."})),
    );
    assert_eq!(done.status, 200, "{}", done.body);
}

fn token_in(text: &str) -> String {
    let (_, rest) = text
        .split_once("unsubscribe?token=")
        .unwrap_or_else(|| panic!("no unsubscribe link in {text}"));
    rest.chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '.')
        .collect()
}

/// A server that delivers to `sink` itself.
fn delivering(backend: Backend, sink: &SmtpSink) -> TestApp {
    let env = vec![
        ("KABINET_OUTBOX_WORKER".to_owned(), "true".to_owned()),
        ("KABINET_SMTP_URL".to_owned(), sink.url()),
    ];
    TestApp::spawn_with(
        TestDb::create(backend),
        SpawnOptions {
            env,
            ..SpawnOptions::default()
        },
    )
}

both_backends! {
    fn notices_wait_for_a_verified_address_honour_consents_and_choices(backend) {
        let world = World::new(backend);
        let (app, email) = (&world.app, "owner@example.ru");
        let me = world.resident.bearer(app, "GET", "/api/v1/me", None).json();
        assert_eq!(me["email_verified"], false);
        assert_eq!(me["language"], "ru");
        // Registration sent the code (service-critical: it goes to the unverified address).
        let first = queued(app, email);
        assert_eq!(first.len(), 1, "{first:?}");
        assert!(first[0].2.contains("verify-email?code="), "{}", first[0].2);

        // Unverified: the answer to an appeal is not mailed.
        let a = file_appeal(&world, "Первое");
        answer(&world, a["id"].as_i64().unwrap());
        assert_eq!(queued(app, email).len(), 1, "nothing but the code before verification");

        // A wrong code is refused; the right one verifies.
        let code = app.verification_code(email);
        let wrong = if code == "000000" { "000001" } else { "000000" };
        let refused = world.resident.bearer(app, "POST", "/api/v1/me/email/verify", Some(json!({"code": wrong})));
        assert_eq!((refused.status, refused.code()), (422, "invalid_verification_code".to_owned()));
        let malformed = world.resident.bearer(app, "POST", "/api/v1/me/email/verify", Some(json!({"code": "12ab"})));
        assert_eq!(malformed.status, 400);
        app.verify_email(&world.resident, email);
        assert_eq!(world.resident.bearer(app, "GET", "/api/v1/me", None).json()["email_verified"], true);
        let again = world.resident.bearer(app, "POST", "/api/v1/me/email/verification", None);
        assert_eq!((again.status, again.code()), (409, "email_already_verified".to_owned()));

        // Verified: the next answer arrives, with both parts and an unsubscribe link.
        let b = file_appeal(&world, "Второе");
        answer(&world, b["id"].as_i64().unwrap());
        let mail = queued(app, email);
        assert_eq!(mail.len(), 2, "{mail:?}");
        let (channel, subject, text, html) = &mail[1];
        assert_eq!(channel, "email");
        assert!(subject.contains(b["number"].as_str().unwrap()), "{subject}");
        assert!(text.contains("Здравствуйте") && text.contains(&format!("/appeals/{}", b["id"])), "{text}");
        let html = html.as_ref().expect("an HTML part");
        assert!(html.contains("<a href=") && html.contains("unsubscribe?token="), "{html}");
        assert!(text.contains("unsubscribe?token="), "{text}");

        // Switched off for this event: nothing; switched on again: it comes.
        let prefs = world.resident.bearer(app, "GET", "/api/v1/me/notifications", None).json();
        assert_eq!(prefs["events"]["appeal_answered"], json!({"email": true, "sms": true}));
        assert_eq!(prefs["events"].as_object().unwrap().len(), 10);
        let off = world.resident.bearer(app, "PUT", "/api/v1/me/notifications",
            Some(json!({"events": {"appeal_answered": {"email": false, "sms": false}}})));
        assert_eq!(off.status, 200, "{}", off.body);
        assert_eq!(off.json()["events"]["appeal_answered"]["email"], false);
        assert_eq!(off.json()["events"]["payment_credited"]["email"], true, "the others stay");
        let unknown = world.resident.bearer(app, "PUT", "/api/v1/me/notifications",
            Some(json!({"events": {"lottery_won": {"email": true, "sms": true}}})));
        assert_eq!(unknown.status, 400);
        let c = file_appeal(&world, "Третье");
        answer(&world, c["id"].as_i64().unwrap());
        assert_eq!(queued(app, email).len(), 2, "the event is switched off");
        world.resident.bearer(app, "PUT", "/api/v1/me/notifications",
            Some(json!({"events": {"appeal_answered": {"email": true, "sms": false}}})));

        // The unsubscribe link withdraws the e-mail consent like the profile does.
        let token = token_in(&mail[1].2);
        let forged = app.call("POST", "/api/v1/unsubscribe", Some(json!({"token": token.replacen('.', "0.", 1)})));
        assert_eq!((forged.status, forged.code()), (400, "invalid_unsubscribe_link".to_owned()));
        let out = app.call("POST", "/api/v1/unsubscribe", Some(json!({"token": token})));
        assert_eq!(out.status, 204, "{}", out.body);
        assert_eq!(app.call("POST", "/api/v1/unsubscribe", Some(json!({"token": token}))).status, 204, "repeatable");
        let consents = world.resident.bearer(app, "GET", "/api/v1/me", None).json()["consents"].clone();
        assert_eq!(consents["email"]["granted"], false);
        let d = file_appeal(&world, "Четвёртое");
        answer(&world, d["id"].as_i64().unwrap());
        assert_eq!(queued(app, email).len(), 2, "no consent, no mail");

        // "My data": the appeals, the consent history with the withdrawal, the audit.
        let export = world.resident.bearer(app, "GET", "/api/v1/me/export", None);
        assert_eq!(export.status, 200);
        assert!(export.header("content-disposition").is_some_and(|d| d.contains("attachment")));
        let doc = export.json();
        assert_eq!(doc["profile"]["email"], email);
        assert_eq!(doc["appeals"].as_array().unwrap().len(), 4);
        assert!(doc["appeals"].as_array().unwrap().iter().any(|a| a["answer"] == "Тепло подадут завтра."));
        let history = doc["consent_history"].as_array().unwrap();
        assert!(history.iter().any(|e| e["kind"] == "email" && e["granted"] == false), "{history:?}");
        assert_eq!(doc["linked_accounts"][0]["account"], ACCOUNT);
        assert!(doc["audit"].as_array().unwrap().iter().any(|e| e["action"] == "consents.unsubscribe"));
        assert!(doc["sessions"].as_array().is_some_and(|s| !s.is_empty()));
    }

    fn messages_arrive_over_smtp_in_the_residents_language_with_both_parts(backend) {
        let sink = SmtpSink::start();
        let app = delivering(backend, &sink);
        let mut body = kabinet_e2e::identity::registration("anna");
        body["language"] = json!("en");
        assert_eq!(app.call("POST", "/api/v1/auth/register", Some(body)).status, 201);
        let got = sink.wait_for(1, Duration::from_secs(20));
        assert_eq!(got.len(), 1);
        let verify = &got[0];
        assert_eq!(verify.to, vec!["anna@example.ru".to_owned()]);
        assert!(verify.header("Subject").is_some_and(|s| s.contains("Confirm")), "{}", verify.data);
        let plain = verify.part("text/plain").expect("a text part");
        let html = verify.part("text/html").expect("an HTML part");
        assert!(plain.contains("Hello, ") && plain.contains("Confirmation code:"), "{plain}");
        assert!(html.contains("lang=\"en\"") && html.contains("verify-email?code="), "{html}");
        let code: String = plain.split_once("verify-email?code=").unwrap().1.chars().take(6).collect();

        let anna = app.login("anna", kabinet_e2e::identity::PASSWORD);
        let ok = anna.bearer(&app, "POST", "/api/v1/me/email/verify", Some(json!({"code": code})));
        assert_eq!(ok.status, 204, "{}", ok.body);
        // She switches to Russian; the office blocks her: the notice comes in Russian.
        let patched = anna.bearer(&app, "PATCH", "/api/v1/me", Some(json!({"language": "ru"})));
        assert_eq!(patched.json()["language"], "ru");
        let operator = app.staff("op.smtp", false);
        let blocked = operator.bearer(&app, "POST", &format!("/api/v1/operator/users/{}/block", anna.user_id()),
            Some(json!({"reason": "подозрение на взлом"})));
        assert_eq!(blocked.status, 200, "{}", blocked.body);
        let got = sink.wait_for(2, Duration::from_secs(20));
        assert_eq!(got.len(), 2);
        let notice = &got[1];
        assert!(notice.header("Subject").is_some_and(|s| !s.contains("Access")), "{}", notice.data);
        let plain = notice.part("text/plain").expect("a text part");
        let html = notice.part("text/html").expect("an HTML part");
        assert!(plain.contains("Здравствуйте") && plain.contains("подозрение на взлом"), "{plain}");
        assert!(html.contains("lang=\"ru\"") && html.contains("Отписаться"), "{html}");

        // The link works without signing in; after it, nothing more is mailed.
        let token = token_in(&plain);
        assert_eq!(app.call("POST", "/api/v1/unsubscribe", Some(json!({"token": token}))).status, 204);
        operator.bearer(&app, "POST", &format!("/api/v1/operator/users/{}/unblock", anna.user_id()),
            Some(json!({"reason": "проверено"})));
        operator.bearer(&app, "POST", &format!("/api/v1/operator/users/{}/block", anna.user_id()),
            Some(json!({"reason": "второй раз"})));
        std::thread::sleep(Duration::from_secs(2));
        assert_eq!(sink.messages().len(), 2, "withdrawn consent: no third message");
    }

    fn scheduled_notices_go_once_each(backend) {
        let today = Utc::now().date_naive();
        let day = today.format("%d").to_string().trim_start_matches('0').to_owned();
        let window = format!("{day}-{day}");
        let world = World::with_env(backend, &[
            ("KABINET_TIMEZONE", "UTC"),
            ("KABINET_READING_WINDOW", &window),
            ("KABINET_NOTICE_EVERY_SECS", "1"),
        ]);
        let app = &world.app;
        app.verify_email(&world.resident, "owner@example.ru");
        let due = (today + Days::days(30)).to_string();
        let meters = json!([{"id": "M-1", "account": ACCOUNT, "service": "hot_water", "serial_number": "ХВ-777",
            "decimals": 3, "verification_due": due}]);
        let key = app.api_client("meters", "meters:write");
        let put = app.integration("PUT", "/api/v1/integration/meters", &key, "application/json", &meters.to_string());
        assert_eq!(put.status, 200, "{}", put.body);
        let subjects = || -> Vec<String> { queued(app, "owner@example.ru").into_iter().skip(1).map(|m| m.1).collect() };
        let started = std::time::Instant::now();
        while subjects().len() < 3 && started.elapsed() < Duration::from_secs(30) {
            std::thread::sleep(Duration::from_millis(200));
        }
        let first = subjects();
        assert_eq!(first.len(), 3, "window open, closing reminder, verification due: {first:?}");
        assert!(first.iter().any(|s| s.starts_with("Приём показаний открыт")), "{first:?}");
        assert!(first.iter().any(|s| s.starts_with("Осталось два дня")), "{first:?}");
        assert!(first.iter().any(|s| s.contains("ХВ-777")), "{first:?}");
        // Several more rounds: nothing is sent twice.
        std::thread::sleep(Duration::from_secs(3));
        assert_eq!(subjects(), first);
    }
}
