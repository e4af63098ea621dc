//! Rendered statements kept between requests (`http::billing::statement_cache`): a statement
//! asked for again is served from memory only while the account's charges and payments are
//! unchanged — whoever changed them (a charges upload, a payment upload, an online payment's
//! webhook, plain SQL) — and never to anyone the database would refuse: another resident, an
//! ended session. Every test runs on SQLite and PostgreSQL.

use kabinet_e2e::billing::{charge, payment, rub, three_months, with_comment, Billing};
use kabinet_e2e::both_backends;
use kabinet_e2e::fixtures::ACCOUNT;
use kabinet_shared::api::billing::{PaymentCreated, Statement};
use kabinet_shared::money::Kopecks;
use serde_json::json;

/// `kabinet_statement_cache_total{outcome=…}` from the metrics listener (0 when not counted).
fn cache(listen: &str, outcome: &str) -> u64 {
    kabinet_e2e::http::metric(
        listen,
        &format!("kabinet_statement_cache_total{{outcome=\"{outcome}\"}}"),
    )
}

fn billing_with_metrics(backend: kabinet_e2e::Backend) -> (Billing, String) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let listen = format!("127.0.0.1:{port}");
    let b = Billing::with_env(backend, &[("KABINET_METRICS_LISTEN", &listen)]);
    (b, listen)
}

/// The statement of August–October, with how many hits the cache counted while answering it.
fn read(b: &Billing, listen: &str) -> (Statement, u64) {
    let before = cache(listen, "hit");
    let s = b.statement("2026-08", "2026-10");
    (s, cache(listen, "hit") - before)
}

both_backends! {
    fn a_kept_statement_is_served_only_while_its_ledger_is_unchanged(backend) {
        let (b, listen) = billing_with_metrics(backend);
        three_months(&b);
        let (first, hits) = read(&b, &listen);
        assert_eq!(hits, 0, "the first read renders");
        let (again, hits) = read(&b, &listen);
        assert_eq!(hits, 1, "the same statement again comes from memory");
        assert_eq!(again, first);
        assert_eq!(first.debt, rub("1034.68"));

        // A charges upload replacing October: the next read renders the new October.
        b.charges("2026-10", json!([with_comment(ACCOUNT, "heating", "100.00", "recalculation", "после поверки")]));
        let (s, hits) = read(&b, &listen);
        assert_eq!(hits, 0, "a new ledger version is not served old bytes");
        let october = &s.months[2];
        assert_eq!((october.charges.len(), october.charges[0].comment.as_deref()), (1, Some("после поверки")));
        assert_eq!(s.debt, Kopecks(rub("1034.68").0 - rub("3740.78").0 + rub("100.00").0));
        assert_eq!(read(&b, &listen), (s.clone(), 1), "and that one is kept in turn");

        // A payment from another channel.
        b.payments(json!([payment("SC-1", ACCOUNT, "50.00", "2026-10-20", "office")]));
        let (s, hits) = read(&b, &listen);
        assert_eq!(hits, 0);
        assert_eq!(s.months[2].paid, rub("4050.00"));

        // Plain SQL, as an operator's script would write: the triggers move the version too.
        let mut conn = b.app().db_conn();
        let changed = kabinet_api::with_conn!(&mut conn, |c| {
            use diesel::RunQueryDsl;
            diesel::sql_query("UPDATE charges SET comment = 'исправлено вручную' WHERE period = '2026-10'").execute(c)
        }).unwrap();
        assert_eq!(changed, 1);
        let (s, hits) = read(&b, &listen);
        assert_eq!(hits, 0);
        assert_eq!(s.months[2].charges[0].comment.as_deref(), Some("исправлено вручную"));

        // An online payment credited by the sandbox's webhook.
        let created: PaymentCreated = b.pay("25.00", Some("cache-1")).expect(201);
        assert_eq!(b.sandbox(&created.id, "succeed").status, 200);
        let debt = b.balance();
        let (s, hits) = read(&b, &listen);
        assert_eq!(hits, 0);
        assert_eq!(s.debt, debt, "the credited payment is in the statement's debt");
        assert_eq!(read(&b, &listen).1, 1);

        // A charge of another period that the statement does not show still moves the version:
        // the debt (today's) changes with it.
        b.charges("2026-11", json!([charge(ACCOUNT, "heating", "10.00", "regular")]));
        let (s, hits) = read(&b, &listen);
        assert_eq!(hits, 0);
        assert_eq!(s.debt, Kopecks(debt.0 + rub("10.00").0));
    }

    fn a_kept_statement_reaches_nobody_the_database_would_refuse(backend) {
        let (b, listen) = billing_with_metrics(backend);
        three_months(&b);
        let petrov = b.neighbour("petrov", "Петров Пётр Иванович", "100200399");
        let path = format!("/api/v1/accounts/{ACCOUNT}/statement?from=2026-08&to=2026-10");
        let owner: Statement = b.resident().bearer(b.app(), "GET", &path, None).expect(200);
        assert_eq!(read(&b, &listen), (owner.clone(), 1), "the statement is kept");

        // Another resident asks for the kept statement: the same 404 as for a missing account.
        let hits = cache(&listen, "hit");
        let foreign = petrov.bearer(b.app(), "GET", &path, None);
        assert_eq!(foreign.status, 404, "{}", foreign.body);
        assert!(!foreign.body.contains("1034.68"), "{}", foreign.body);
        assert_eq!(cache(&listen, "hit"), hits, "the cache was not even looked at");
        // Without signing in.
        assert_eq!(b.app().get(&path).status, 401);

        // A session of the owner ended from another device: refused although the body is kept.
        let other_device = b.app().login("owner", kabinet_e2e::identity::PASSWORD);
        assert_eq!(other_device.bearer(b.app(), "GET", &path, None).status, 200);
        assert_eq!(b.resident().bearer(b.app(), "DELETE", "/api/v1/me/sessions", None).status, 204);
        let ended = other_device.bearer(b.app(), "GET", &path, None);
        assert_eq!(ended.status, 401, "{}", ended.body);
        assert!(!ended.body.contains("1034.68"));
        // The owner's own session still reads it, from memory.
        assert_eq!(read(&b, &listen), (owner, 1));
    }
}
