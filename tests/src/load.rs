//! Write load for the tests that pull the plug, copy the database or kill a node under it:
//! threads posting payments from the billing system as fast as they are answered, each with a
//! unique `external_id`, remembering which ones the server answered as created.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use serde_json::json;

use crate::TestApp;

/// The account the payments go to.
pub const ACCOUNT: &str = "100200300";

/// Creates [`ACCOUNT`] through the integration API with `key` (scope `accounts:write`).
pub fn one_account(app: &TestApp, key: &str) {
    let accounts = json!([{"number": ACCOUNT, "owner_name": "Иванова Мария Сергеевна",
        "address": {"settlement": "г. Кызыл", "street": "ул. Ленина", "house": "12", "flat": "7"},
        "heated_area": "54.30", "residents": 3}]);
    let put = app.integration(
        "PUT",
        "/api/v1/integration/accounts",
        key,
        "application/json",
        &accounts.to_string(),
    );
    assert_eq!(put.status, 200, "{}", put.body);
}

/// Running writers.
pub struct PaymentLoad {
    stop: Arc<AtomicBool>,
    answered: Arc<Mutex<Vec<String>>>,
    failed: Arc<AtomicUsize>,
    threads: Vec<JoinHandle<()>>,
}

impl PaymentLoad {
    /// `writers` threads posting to `app`'s `/integration/payments` with `key`; the ids are
    /// `{prefix}-{thread}-{n}`. A request that gets no answer (the server is gone) or an error
    /// status counts as failed, and the writer goes on.
    pub fn start(app: &TestApp, key: &str, prefix: &str, writers: usize) -> Self {
        let stop = Arc::new(AtomicBool::new(false));
        let answered = Arc::new(Mutex::new(Vec::new()));
        let failed = Arc::new(AtomicUsize::new(0));
        let agent = ureq::AgentBuilder::new()
            .timeout(Duration::from_secs(20))
            .build();
        let threads = (0..writers)
            .map(|t| {
                let (agent, stop, answered, failed) = (
                    agent.clone(),
                    stop.clone(),
                    answered.clone(),
                    failed.clone(),
                );
                let url = app.url("/api/v1/integration/payments");
                let (auth, prefix) = (format!("Bearer {key}"), prefix.to_owned());
                std::thread::spawn(move || {
                    let mut n = 0;
                    while !stop.load(Ordering::Relaxed) {
                        n += 1;
                        let id = format!("{prefix}-{t}-{n}");
                        let row = json!([{"external_id": id, "account": ACCOUNT, "amount": "10.00",
                            "paid_at": "2026-11-20T10:00:00+07:00", "channel": "bank"}]);
                        match agent.post(&url).set("Authorization", &auth).send_json(row) {
                            Ok(r) => {
                                let body: serde_json::Value = r.into_json().unwrap_or_default();
                                if body["created"] == 1 {
                                    answered.lock().expect("answers").push(id);
                                }
                            }
                            Err(ureq::Error::Status(..)) => {
                                failed.fetch_add(1, Ordering::Relaxed);
                            }
                            Err(_) => {
                                failed.fetch_add(1, Ordering::Relaxed);
                                // A dead server refuses at once; do not spin.
                                std::thread::sleep(Duration::from_millis(5));
                            }
                        }
                    }
                })
            })
            .collect();
        Self {
            stop,
            answered,
            failed,
            threads,
        }
    }

    /// The ids answered as created so far.
    pub fn answered(&self) -> Vec<String> {
        self.answered.lock().expect("answers").clone()
    }

    /// How many were answered so far.
    pub fn count(&self) -> usize {
        self.answered.lock().expect("answers").len()
    }

    /// Requests that got no answer or an error status (a 502 from a proxy whose node died).
    pub fn failed(&self) -> usize {
        self.failed.load(Ordering::Relaxed)
    }

    /// Waits until `n` were answered (or `limit` passed).
    pub fn wait_for(&self, n: usize, limit: Duration) {
        let started = Instant::now();
        while self.count() < n && started.elapsed() < limit {
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Stops the writers; every id answered as created.
    pub fn stop(self) -> Vec<String> {
        self.stop.store(true, Ordering::Relaxed);
        for thread in self.threads {
            thread.join().expect("writer thread");
        }
        let answered = std::mem::take(&mut *self.answered.lock().expect("answers"));
        answered
    }
}
