//! Query budgets of the hot read paths, counted by the server itself (diesel's instrumentation,
//! reported in `Server-Timing` when `KABINET_SERVER_TIMING` is on): «Общая информация» and the
//! statement must not creep back to a round trip per piece (they took 6 and 7 before, now 1
//! and 2; see `scripts/bench-statement`). The statement's count does not grow with its months.
//! Every test runs on SQLite and PostgreSQL.

use kabinet_e2e::billing::{charge, metered, payment, Billing};
use kabinet_e2e::both_backends;
use kabinet_e2e::fixtures::ACCOUNT;
use kabinet_shared::api::billing::Statement;
use serde_json::json;

/// The statements the request sent, from `Server-Timing: db;desc="N queries"`.
fn queries(answer: &kabinet_e2e::Answer) -> u32 {
    let timing = answer
        .header("server-timing")
        .unwrap_or_else(|| panic!("no Server-Timing on {} {}", answer.status, answer.body));
    timing
        .split('"')
        .nth(1)
        .and_then(|desc| desc.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("unreadable Server-Timing {timing:?}"))
}

both_backends! {
    fn the_account_takes_one_query_and_its_statement_two(backend) {
        let b = Billing::with_env(backend, &[("KABINET_SERVER_TIMING", "1")]);
        for period in ["2026-08", "2026-09", "2026-10"] {
            b.charges(period, json!([metered(ACCOUNT, "heating", "1.2340", "Gcal", "2456.18", "3030.93")]));
        }
        b.payments(json!([payment("Q-1", ACCOUNT, "1000.00", "2026-09-10T09:00:00Z", "bank")]));
        // Two meters in service, listed by id whatever order they were sent in.
        let meters_key = b.app().api_client("meters", kabinet_e2e::meters::SCOPES);
        let due = "2029-05-31";
        let meters = json!([
            {"id": "Q-HEAT", "account": ACCOUNT, "service": "heating", "serial_number": "SN-2", "decimals": 4, "verification_due": due},
            {"id": "Q-HOT", "account": ACCOUNT, "service": "hot_water", "serial_number": "SN-1", "decimals": 3, "verification_due": "2028-01-15"},
        ]);
        let put = b.app().integration("PUT", "/api/v1/integration/meters", &meters_key, "application/json", &meters.to_string());
        assert_eq!(put.status, 200, "{}", put.body);
        let resident = b.resident();
        let app = b.app();

        let detail = resident.bearer(app, "GET", &format!("/api/v1/accounts/{ACCOUNT}"), None);
        assert_eq!(detail.status, 200, "{}", detail.body);
        let info = detail.json();
        assert_eq!(info["balance"]["amount"], json!("8092.79"), "{}", detail.body);
        assert_eq!(info["last_payment"]["amount"], json!("1000.00"), "{}", detail.body);
        assert_eq!(info["meters"], json!([
            {"service": "heating", "serial_number": "SN-2", "verification_due": due},
            {"service": "hot_water", "serial_number": "SN-1", "verification_due": "2028-01-15"},
        ]), "{}", detail.body);
        // The session, the account, the window, balance, last payment and meters: one query.
        assert_eq!(queries(&detail), 1, "GET /accounts/{{n}}");
        // A personal token (a smart-home script, not the hot path: six queries today) reads
        // the same page by the longer road: the token and its user, the account, the figures.
        let minted = resident.bearer(app, "POST", "/api/v1/me/tokens", Some(json!({"name": "дом", "scopes": ["read"]})));
        assert_eq!(minted.status, 201, "{}", minted.body);
        let token = format!("Bearer {}", minted.json()["token"].as_str().unwrap_or_default());
        let by_token = kabinet_e2e::http::call_with("GET", &app.url(&format!("/api/v1/accounts/{ACCOUNT}")), None, &[("Authorization", &token)]);
        assert_eq!(by_token.status, 200, "{}", by_token.body);
        assert_eq!(by_token.json(), info);

        for (from, to) in [("2026-08", "2026-10"), ("2023-11", "2026-10")] {
            let path = format!("/api/v1/accounts/{ACCOUNT}/statement?from={from}&to={to}");
            let answer = resident.bearer(app, "GET", &path, None);
            assert_eq!(answer.status, 200, "{}", answer.body);
            let statement: Statement = answer.expect(200);
            assert_eq!(statement.debt.to_string(), "8092.79");
            // The session with the account; charges, payments and sums in one UNION ALL.
            assert!(queries(&answer) <= 2, "statement {from}..{to}: {} queries", queries(&answer));
        }

        // Another resident's account costs the session check alone, and says nothing.
        let other = resident.bearer(app, "GET", "/api/v1/accounts/999999999/statement", None);
        assert_eq!(other.status, 404, "{}", other.body);
        assert_eq!(queries(&other), 1);
    }

    fn concurrent_account_pages_share_statements_and_each_caller_gets_only_their_own(backend) {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let listen = format!("127.0.0.1:{port}");
        let b = Billing::with_env(backend, &[("KABINET_SERVER_TIMING", "1"), ("KABINET_METRICS_LISTEN", &listen)]);
        let petrov = b.neighbour("petrov", "Петров Пётр Петрович", "100200301");
        let sidorova = b.neighbour("sidorova", "Сидорова Анна Ивановна", "100200302");
        b.charges("2026-10", json!([
            charge(ACCOUNT, "heating", "3030.93", "regular"),
            charge("100200301", "heating", "111.11", "regular"),
            charge("100200302", "hot_water", "222.22", "regular"),
        ]));
        // A session ended from another device: its token still verifies, the database says no.
        let ended = b.app().login("petrov", kabinet_e2e::identity::PASSWORD);
        assert_eq!(petrov.bearer(b.app(), "DELETE", "/api/v1/me/sessions", None).status, 204);

        let resident = b.resident();
        // (who, account, status, balance): own accounts, each other's, and the ended session.
        let cases: Vec<(&kabinet_e2e::identity::Session, &str, u16, &str)> = vec![
            (resident, ACCOUNT, 200, "3030.93"),
            (&petrov, "100200301", 200, "111.11"),
            (&sidorova, "100200302", 200, "222.22"),
            (&petrov, ACCOUNT, 404, ""),
            (resident, "100200302", 404, ""),
            (&sidorova, "100200301", 404, ""),
            (&ended, "100200301", 401, ""),
        ];
        let before = coalesced(&listen, "asks");
        let (threads, rounds) = (8, 42);
        std::thread::scope(|scope| {
            for t in 0..threads {
                let (cases, app) = (&cases, b.app());
                scope.spawn(move || {
                    for i in 0..rounds {
                        let (who, number, status, balance) = cases[(t + i) % cases.len()];
                        let answer = who.bearer(app, "GET", &format!("/api/v1/accounts/{number}"), None);
                        assert_eq!(answer.status, status, "{number}: {}", answer.body);
                        assert_eq!(queries(&answer), 1, "{number}: one statement's share");
                        if status == 200 {
                            let page = answer.json();
                            assert_eq!(page["number"], json!(number), "{}", answer.body);
                            assert_eq!(page["balance"]["amount"], json!(balance), "{}", answer.body);
                        } else {
                            // Nothing of anyone's account leaks into a refusal.
                            assert!(!answer.body.contains("balance"), "{}", answer.body);
                        }
                    }
                });
            }
        });
        let asks = coalesced(&listen, "asks") - before;
        let batches = coalesced(&listen, "batches");
        assert_eq!(asks, u64::try_from(threads * rounds).unwrap_or(0), "every page went through the line");
        // Eight callers at once on two cores: statements answered several of them each.
        assert!(batches < asks, "{batches} batches for {asks} asks: nothing was coalesced");
    }
}

/// `kabinet_coalesced_{what}_total{read="account_page"}` (0 when not yet counted).
fn coalesced(listen: &str, what: &str) -> u64 {
    kabinet_e2e::http::metric(
        listen,
        &format!("kabinet_coalesced_{what}_total{{read=\"account_page\"}}"),
    )
}
