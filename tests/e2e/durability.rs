//! Durability (issue 12): the server is killed with SIGKILL while clients write — payments from
//! the billing system, registrations, meter readings, payment webhooks, appeals — and after a
//! restart on the same database every write that was answered with success is there. (On
//! SQLite: WAL with `synchronous = FULL`.)

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use diesel::prelude::*;
use kabinet_e2e::billing::{signature, unix_now, Billing, WEBHOOK_SECRET};
use kabinet_e2e::fixtures::{World, ACCOUNT};
use kabinet_e2e::load::PaymentLoad;
use kabinet_e2e::meters::{Meters, HOT};
use kabinet_e2e::{both_backends, SpawnOptions, TestApp, TestDb};
use serde_json::json;

/// One write as a client sends it; `None` when the server did not answer (it was killed).
fn send(
    agent: &ureq::Agent,
    url: &str,
    auth: &str,
    body: serde_json::Value,
) -> Option<(u16, serde_json::Value)> {
    let request = agent.post(url).set("Authorization", auth);
    match request.send_json(body) {
        Ok(r) => Some((r.status(), r.into_json().unwrap_or_default())),
        Err(ureq::Error::Status(code, r)) => Some((code, r.into_json().unwrap_or_default())),
        Err(_) => None,
    }
}

both_backends! {
    fn every_answered_write_survives_a_kill_9(backend) {
        // The fixture's resident has account 100200300 with a hot-water meter, the window open
        // and the sandbox's known webhook key.
        let mut m = Meters::on(World::with_env(backend, &[
            ("KABINET_TIMEZONE", "UTC"),
            ("KABINET_READING_WINDOW", "1-31"),
            ("KABINET_SANDBOX_WEBHOOK_SECRET", WEBHOOK_SECRET),
        ]));
        let owner = m.resident().clone();
        // Twenty online payments waiting for their webhook (a resident may start 20 an hour).
        let pending: Vec<String> = (0..20)
            .map(|i| {
                let answer = owner.bearer_with(&m.world.app, "POST", &format!("/api/v1/accounts/{ACCOUNT}/payments"),
                    Some(json!({"amount": "100.00"})), &[("Idempotency-Key", &format!("dur-{i}"))]);
                assert_eq!(answer.status, 201, "{}", answer.body);
                answer.json()["id"].as_str().unwrap().to_owned()
            })
            .collect();
        let app = &mut m.world.app;
        let key = app.api_client("billing-payments", "accounts:write,payments:write");
        let resident = app.resident("writer");
        let base = app.base_url.clone();
        let stop = Arc::new(AtomicBool::new(false));
        let logins = Arc::new(Mutex::new(Vec::<String>::new()));
        let appeals = Arc::new(Mutex::new(Vec::<i64>::new()));
        let readings = Arc::new(Mutex::new(Vec::<i64>::new()));
        let webhooks = Arc::new(Mutex::new(Vec::<String>::new()));
        let agent = ureq::AgentBuilder::new().timeout(Duration::from_secs(10)).build();
        let load = PaymentLoad::start(app, &key, "KILL", 6);
        let mut threads = Vec::new();
        {
            let (agent, base, stop, done) = (agent.clone(), base.clone(), stop.clone(), logins.clone());
            threads.push(std::thread::spawn(move || {
                let mut n = 0;
                while !stop.load(Ordering::Relaxed) {
                    n += 1;
                    let login = format!("durable{n}");
                    match send(&agent, &format!("{base}/api/v1/auth/register"), "", kabinet_e2e::identity::registration(&login)) {
                        Some((201, _)) => done.lock().unwrap().push(login),
                        Some(_) => {}
                        None => break,
                    }
                }
            }));
        }
        {
            let (agent, base, stop, done, auth) = (agent.clone(), base.clone(), stop.clone(), appeals.clone(), format!("Bearer {}", resident.access));
            threads.push(std::thread::spawn(move || {
                let mut n = 0;
                while !stop.load(Ordering::Relaxed) && n < 20 {
                    n += 1;
                    let body = json!({"category": "question", "subject": format!("Вопрос {n}"), "text": "Проверка сохранности."});
                    match send(&agent, &format!("{base}/api/v1/appeals"), &auth, body) {
                        Some((201, body)) => done.lock().unwrap().push(body["id"].as_i64().unwrap_or_default()),
                        Some(_) => {}
                        None => break,
                    }
                }
            }));
        }
        {
            // Meter readings, one every 20 ms, each superseding the last (at most 50: the
            // resident's hourly allowance is 60).
            let (agent, base, stop, done, auth) = (agent.clone(), base.clone(), stop.clone(), readings.clone(), format!("Bearer {}", owner.access));
            threads.push(std::thread::spawn(move || {
                let url = format!("{base}/api/v1/accounts/{ACCOUNT}/meters/{HOT}/readings");
                for n in 1..=50 {
                    if stop.load(Ordering::Relaxed) {
                        break;
                    }
                    match send(&agent, &url, &auth, json!({"value": format!("100.{n:03}")})) {
                        Some((201, body)) => done.lock().unwrap().push(body["id"].as_i64().unwrap_or_default()),
                        Some(_) => {}
                        None => break,
                    }
                    std::thread::sleep(Duration::from_millis(20));
                }
            }));
        }
        {
            // The provider's webhooks for the twenty payments, one every 100 ms (so the kill
            // usually lands between two of them).
            let (agent, base, stop, done, pending) = (agent.clone(), base.clone(), stop.clone(), webhooks.clone(), pending.clone());
            threads.push(std::thread::spawn(move || {
                let url = format!("{base}/api/v1/payments/webhook/sandbox");
                for (i, id) in pending.iter().enumerate() {
                    if stop.load(Ordering::Relaxed) {
                        break;
                    }
                    let body = Billing::event(&format!("evt-dur-{i}"), id, "succeeded", "100.00");
                    let signed = signature(WEBHOOK_SECRET.as_bytes(), unix_now(), &body);
                    let sent = agent.post(&url).set("Content-Type", "application/json")
                        .set("Kabinet-Signature", &signed).send_string(&body);
                    match sent {
                        Ok(r) if r.status() == 200 => done.lock().unwrap().push(id.clone()),
                        Ok(_) | Err(ureq::Error::Status(..)) => {}
                        Err(_) => break,
                    }
                    std::thread::sleep(Duration::from_millis(100));
                }
            }));
        }
        // Let the writes pile up, then pull the plug in the middle of them.
        load.wait_for(1000, Duration::from_secs(20));
        app.crash();
        stop.store(true, Ordering::Relaxed);
        let payments = load.stop();
        for t in threads {
            t.join().expect("writer thread");
        }
        let (logins, appeals) = (logins.lock().unwrap().clone(), appeals.lock().unwrap().clone());
        let (readings, webhooks) = (readings.lock().unwrap().clone(), webhooks.lock().unwrap().clone());
        assert!(payments.len() >= 100, "enough writes were answered before the kill: {}", payments.len());

        // A new server on the same database: everything answered is there.
        let restarted = TestApp::spawn_with(TestDb::create(backend), SpawnOptions {
            database_url: Some(app.db.url()),
            ..SpawnOptions::default()
        });
        assert_eq!(restarted.get("/api/v1/health/ready").status, 200);
        let mut conn = app.db_conn();
        use kabinet_api::db::schema::{appeals as appeal_rows, online_payments, payments as payment_rows, readings as reading_rows, users};
        let stored: Vec<String> = kabinet_api::with_conn!(&mut conn, |c| payment_rows::table
            .filter(payment_rows::external_id.like("KILL-%"))
            .select(payment_rows::external_id.assume_not_null())
            .load(c)).expect("payments");
        let missing: Vec<&String> = payments.iter().filter(|id| !stored.contains(id)).collect();
        assert!(missing.is_empty(), "{} of {} answered payments lost: {missing:?}", missing.len(), payments.len());
        let stored_logins: Vec<String> = kabinet_api::with_conn!(&mut conn, |c| users::table
            .filter(users::login.like("durable%")).select(users::login).load(c)).expect("users");
        assert!(logins.iter().all(|l| stored_logins.contains(l)), "registrations lost");
        let stored_appeals: Vec<i64> = kabinet_api::with_conn!(&mut conn, |c| appeal_rows::table
            .select(appeal_rows::id).load(c)).expect("appeals");
        assert!(appeals.iter().all(|id| stored_appeals.contains(id)), "appeals lost");
        let stored_readings: Vec<i64> = kabinet_api::with_conn!(&mut conn, |c| reading_rows::table
            .select(reading_rows::id).load(c)).expect("readings");
        assert!(readings.iter().all(|id| stored_readings.contains(id)), "readings lost");
        let succeeded: Vec<String> = kabinet_api::with_conn!(&mut conn, |c| online_payments::table
            .filter(online_payments::status.eq("succeeded")).select(online_payments::id).load(c)).expect("online payments");
        assert!(webhooks.iter().all(|id| succeeded.contains(id)), "an acknowledged webhook's payment is not credited");
        let credits: i64 = kabinet_api::with_conn!(&mut conn, |c| payment_rows::table
            .filter(payment_rows::source.eq("online")).count().get_result(c)).expect("credits");
        assert_eq!(usize::try_from(credits).unwrap(), succeeded.len(), "one credit per succeeded payment");
        eprintln!("kill -9: {} payments, {} registrations, {} readings, {} webhooks, {} appeals answered; all found after restart",
            payments.len(), logins.len(), readings.len(), webhooks.len(), appeals.len());
    }
}
