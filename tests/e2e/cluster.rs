//! Scale-out (issue 12): `scripts/cluster` — nginx in front of two `kabinet serve` nodes on one
//! PostgreSQL primary with a streaming replica — behaves as one server. Everything a node
//! decides alone would break here: sessions, throttles, idempotency keys, webhook dedup and the
//! outbox claim live in the database, so two processes see one state.

use std::collections::HashMap;
use std::sync::Barrier;
use std::time::{Duration, Instant};

use diesel::prelude::*;
use kabinet_e2e::billing::{charge, signature, unix_now, Billing, WEBHOOK_SECRET, ZONE};
use kabinet_e2e::cluster::{Cluster, Node};
use kabinet_e2e::fixtures::{World, ACCOUNT};
use kabinet_e2e::http::{send_raw, Answer};
use kabinet_e2e::identity::{login_from, PASSWORD};
use kabinet_e2e::load::{one_account, PaymentLoad};
use kabinet_e2e::smtp::SmtpSink;
use kabinet_e2e::TestApp;
use serde_json::json;

/// A sandbox webhook signed now, sent to one node.
fn webhook_to(app: &TestApp, body: &str) -> Answer {
    let header = signature(WEBHOOK_SECRET.as_bytes(), unix_now(), body);
    send_raw(
        "POST",
        &app.url("/api/v1/payments/webhook/sandbox"),
        &[
            ("Content-Type", "application/json"),
            ("Kabinet-Signature", &header),
        ],
        body,
    )
}

#[test]
fn two_nodes_on_one_primary_behave_as_one() {
    let sink = SmtpSink::start();
    let smtp = sink.url();
    let cluster = Cluster::start(&[
        ("KABINET_SANDBOX_WEBHOOK_SECRET", WEBHOOK_SECRET),
        ("KABINET_TIMEZONE", ZONE),
        ("KABINET_OUTBOX_WORKER", "true"),
        ("KABINET_SMTP_URL", &smtp),
        ("KABINET_OUTBOX_LEASE_SECS", "5"),
    ]);
    let (a, b) = (cluster.node(Node::A), cluster.node(Node::B));
    let billing = Billing::on(World::on(cluster.nginx()));
    for node in [&a, &b] {
        let ready = node.get("/api/v1/health/ready");
        assert_eq!(ready.status, 200, "{}", ready.body);
        assert_eq!(ready.json()["worker"], "alive");
    }

    // nginx's request id is the node's (one id in both logs).
    let through = billing.app().get("/api/v1/health/live");
    let id = through
        .header("X-Request-Id")
        .unwrap_or_default()
        .to_owned();
    assert_eq!(id.len(), 32, "nginx's $request_id passed through: {id:?}");

    // A session made on A works on B; signing out on B ends it on A at once.
    let me = a.resident("both.nodes");
    assert_eq!(me.bearer(&b, "GET", "/api/v1/me", None).status, 200);
    assert_eq!(
        me.bearer(&b, "POST", "/api/v1/auth/logout", None).status,
        204
    );
    let after = me.bearer(&a, "GET", "/api/v1/me", None);
    assert_eq!(
        after.status, 401,
        "A still accepts a token B signed out: {}",
        after.body
    );

    // Login throttling counts across both: 40 simultaneous guesses from one address, split
    // between the nodes, get exactly five password checks in all (as on one node).
    a.register("guessed");
    let barrier = Barrier::new(40);
    let statuses: Vec<u16> = std::thread::scope(|scope| {
        let runs: Vec<_> = (0..40)
            .map(|i| {
                let (node, barrier) = (if i % 2 == 0 { &a } else { &b }, &barrier);
                scope.spawn(move || {
                    barrier.wait();
                    login_from(node, "203.0.113.11", "guessed", "wrong-pass-1").status
                })
            })
            .collect();
        runs.into_iter().map(|r| r.join().unwrap()).collect()
    });
    let count = |s: u16| statuses.iter().filter(|&&x| x == s).count();
    assert_eq!((count(401), count(429)), (5, 35), "{statuses:?}");
    // …and the right password from that address waits too, on either node (from another
    // address the owner still gets in: a guesser cannot lock them out).
    assert_eq!(
        login_from(&b, "203.0.113.11", "guessed", PASSWORD).status,
        429
    );
    assert_eq!(
        login_from(&a, "203.0.113.11", "guessed", PASSWORD).status,
        429
    );
    assert_eq!(
        login_from(&a, "203.0.113.12", "guessed", PASSWORD).status,
        200
    );

    // One Idempotency-Key sent to both nodes at once: one payment, the same answer twice.
    billing.charges(
        "2026-10",
        json!([charge(ACCOUNT, "heating", "5000.00", "regular")]),
    );
    let resident = billing.resident();
    let path = format!("/api/v1/accounts/{ACCOUNT}/payments");
    let barrier = Barrier::new(2);
    let answers: Vec<Answer> = std::thread::scope(|scope| {
        let runs: Vec<_> = [&a, &b]
            .into_iter()
            .map(|node| {
                let (path, barrier) = (&path, &barrier);
                scope.spawn(move || {
                    barrier.wait();
                    resident.bearer_with(
                        node,
                        "POST",
                        path,
                        Some(json!({"amount": "1234.56"})),
                        &[("Idempotency-Key", "cluster-key-1")],
                    )
                })
            })
            .collect();
        runs.into_iter().map(|r| r.join().unwrap()).collect()
    });
    // The later one waits for the first to finish or is told it is in progress (409); a retry
    // then gets the stored answer. Either way there is one payment.
    let mut ids = Vec::new();
    for answer in answers {
        let answer = if answer.status == 409 {
            std::thread::sleep(Duration::from_millis(500));
            resident.bearer_with(
                &b,
                "POST",
                &path,
                Some(json!({"amount": "1234.56"})),
                &[("Idempotency-Key", "cluster-key-1")],
            )
        } else {
            answer
        };
        assert_eq!(answer.status, 201, "{}", answer.body);
        ids.push(answer.json()["id"].as_str().unwrap().to_owned());
    }
    assert_eq!(ids[0], ids[1], "two payments for one key");
    let mut conn = billing.app().db_conn();
    let online: i64 = kabinet_api::with_conn!(&mut conn, |c| {
        kabinet_api::db::schema::online_payments::table
            .count()
            .get_result(c)
    })
    .unwrap();
    assert_eq!(online, 1, "payments created for one Idempotency-Key");

    // 50 duplicate webhooks split across the nodes (and 5 other events for the same payment):
    // credited once.
    let payment = &ids[0];
    let same = Billing::event("evt-cluster", payment, "succeeded", "1234.56");
    let others: Vec<String> = (0..5)
        .map(|i| Billing::event(&format!("evt-cluster-{i}"), payment, "succeeded", "1234.56"))
        .collect();
    let statuses: Vec<u16> = std::thread::scope(|scope| {
        let mut runs: Vec<_> = (0..50)
            .map(|i| {
                let (node, same) = (if i % 2 == 0 { &a } else { &b }, &same);
                scope.spawn(move || webhook_to(node, same).status)
            })
            .collect();
        runs.extend(others.iter().enumerate().map(|(i, body)| {
            let node = if i % 2 == 0 { &b } else { &a };
            scope.spawn(move || webhook_to(node, body).status)
        }));
        runs.into_iter().map(|r| r.join().unwrap_or(0)).collect()
    });
    assert!(statuses.iter().all(|s| *s == 200), "{statuses:?}");
    let credits: Vec<_> = billing
        .all_payments(ACCOUNT, 100)
        .into_iter()
        .filter(|p| p.channel == kabinet_shared::api::billing::PaymentChannel::Online)
        .collect();
    assert_eq!(credits.len(), 1, "credits for one payment: {credits:?}");

    // Two outbox workers (one in each node) deliver each of 200 notices exactly once.
    billing.app().db.execute(
        "INSERT INTO outbox (channel, recipient, subject, body, created_at, attempts) \
         SELECT 'email', 'cluster' || i || '@example.ru', 'Окно приёма показаний открыто', \
                'Передайте показания до 25-го числа.', now(), 0 FROM generate_series(1, 200) AS i",
    );
    let started = Instant::now();
    let ours = |sink: &SmtpSink| -> HashMap<String, usize> {
        let mut copies = HashMap::new();
        for mail in sink.messages() {
            if mail.to.iter().any(|t| t.starts_with("cluster")) {
                *copies.entry(mail.to.join(",")).or_insert(0) += 1;
            }
        }
        copies
    };
    while ours(&sink).len() < 200 && started.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(100));
    }
    // Time for a duplicate to show up, were the claim not shared.
    std::thread::sleep(Duration::from_secs(2));
    let copies = ours(&sink);
    assert_eq!(copies.len(), 200, "notices delivered: {}", copies.len());
    let twice: Vec<_> = copies.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "delivered more than once: {twice:?}");
}

#[test]
fn a_node_killed_mid_load_loses_no_answered_write_and_nginx_serves_on() {
    let cluster = Cluster::start(&[]);
    let nginx = cluster.nginx();
    let key = nginx.api_client("billing", "accounts:write,payments:write");
    one_account(&nginx, &key);

    // A node killed under load: a request in flight on it gets 502 from nginx (the client does
    // not count it as saved); new ones go to B.
    let load = PaymentLoad::start(&nginx, &key, "NODE", 6);
    load.wait_for(400, Duration::from_secs(30));
    let before_kill = load.count();
    cluster.kill(Node::A);
    std::thread::sleep(Duration::from_secs(3));
    let failed = load.failed();
    let answered = load.stop();
    let after_kill = answered.len() - before_kill;
    println!(
        "node A killed after {before_kill} answered payments; {after_kill} answered after it \
         through node B; {failed} not saved (502 or no answer)"
    );
    assert!(
        after_kill >= 50,
        "nginx kept serving from B: only {after_kill} after the kill"
    );
    for _ in 0..10 {
        assert_eq!(nginx.get("/api/v1/health/ready").status, 200);
    }

    use kabinet_api::db::schema::payments;
    let stored = |url: &str| -> Vec<String> {
        let mut conn = diesel::PgConnection::establish(url).unwrap();
        payments::table
            .filter(payments::external_id.like("NODE-%"))
            .select(payments::external_id.assume_not_null())
            .load(&mut conn)
            .unwrap()
    };
    let on_primary = stored(cluster.primary_url());
    let missing: Vec<&String> = answered
        .iter()
        .filter(|id| !on_primary.contains(id))
        .collect();
    assert!(
        missing.is_empty(),
        "{} answered payments lost: {missing:?}",
        missing.len()
    );
    // The streaming replica has every one of them too (it replays within moments).
    let started = Instant::now();
    let mut on_replica = stored(cluster.var("CLUSTER_REPLICA_URL"));
    while on_replica.len() < on_primary.len() && started.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(200));
        on_replica = stored(cluster.var("CLUSTER_REPLICA_URL"));
    }
    assert_eq!(on_replica.len(), on_primary.len(), "the replica is behind");
    assert!(!cluster.log(Node::B).is_empty());
}
