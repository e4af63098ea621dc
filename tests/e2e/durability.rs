//! Durability (issue 12): the server is killed with SIGKILL while clients write — payments from
//! the billing system, registrations, appeals — and after a restart on the same database every
//! write that was answered with success is there. (On SQLite: WAL with `synchronous = FULL`.)

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use diesel::prelude::*;
use kabinet_e2e::load::{one_account, PaymentLoad};
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
        let mut app = TestApp::spawn(backend);
        let key = app.api_client("billing", "accounts:write,payments:write");
        one_account(&app, &key);
        let resident = app.resident("writer");
        let base = app.base_url.clone();
        let stop = Arc::new(AtomicBool::new(false));
        let logins = Arc::new(Mutex::new(Vec::<String>::new()));
        let appeals = Arc::new(Mutex::new(Vec::<i64>::new()));
        let agent = ureq::AgentBuilder::new().timeout(Duration::from_secs(10)).build();
        let load = PaymentLoad::start(&app, &key, "KILL", 6);
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
        // Let the writes pile up, then pull the plug in the middle of them.
        load.wait_for(1000, Duration::from_secs(20));
        app.crash();
        stop.store(true, Ordering::Relaxed);
        let payments = load.stop();
        for t in threads {
            t.join().expect("writer thread");
        }
        let (logins, appeals) = (logins.lock().unwrap().clone(), appeals.lock().unwrap().clone());
        assert!(payments.len() >= 100, "enough writes were answered before the kill: {}", payments.len());

        // A new server on the same database: everything answered is there.
        let restarted = TestApp::spawn_with(TestDb::create(backend), SpawnOptions {
            database_url: Some(app.db.url()),
            ..SpawnOptions::default()
        });
        assert_eq!(restarted.get("/api/v1/health/ready").status, 200);
        let mut conn = app.db_conn();
        use kabinet_api::db::schema::{appeals as appeal_rows, payments as payment_rows, users};
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
        eprintln!("kill -9: {} payments, {} registrations, {} appeals answered; all found after restart",
            payments.len(), logins.len(), appeals.len());
    }
}
