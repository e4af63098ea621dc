//! Billing over HTTP: charges uploaded per period (replaced atomically per account, bad rows
//! sparing their account, 12 000 rows of NDJSON, a reader racing a re-upload), payments from
//! other channels idempotent by `external_id`, the month-by-month statement and its CSV, and
//! another resident seeing none of it (the receipt and online payment have their own modules,
//! `receipt` and `online_payment`). Every test runs on SQLite and PostgreSQL.

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use kabinet_e2e::billing::{
    account_row, charge, payment, refused, rub, three_months, Billing, FORMULA, PENALTY,
};
use kabinet_e2e::both_backends;
use kabinet_e2e::fixtures::ACCOUNT;
use kabinet_shared::api::accounts::BalanceState;
use kabinet_shared::api::billing::{
    ChargeKind, ChargesResult, PaymentChannel, PaymentCreated, PaymentsResult, Statement,
    StatementMonth,
};
use kabinet_shared::money::Kopecks;
use serde_json::{json, Value};

fn month<'a>(s: &'a Statement, period: &str) -> &'a StatementMonth {
    s.months
        .iter()
        .find(|m| m.period == period)
        .unwrap_or_else(|| panic!("{period} not in {s:?}"))
}

/// The arithmetic every statement must satisfy, whatever its data.
fn check_arithmetic(s: &Statement) {
    for m in &s.months {
        assert_eq!(m.opening.0 + m.charged.0 - m.paid.0, m.closing.0, "{m:?}");
        assert_eq!(
            m.charges.iter().map(|c| c.amount.0).sum::<i64>(),
            m.charged.0,
            "{m:?}"
        );
        assert_eq!(
            m.payments.iter().map(|p| p.amount.0).sum::<i64>(),
            m.paid.0,
            "{m:?}"
        );
    }
    for pair in s.months.windows(2) {
        assert_eq!(
            pair[1].opening, pair[0].closing,
            "{} follows {}",
            pair[1].period, pair[0].period
        );
    }
    assert_eq!(
        s.totals.charged.0,
        s.months.iter().map(|m| m.charged.0).sum::<i64>()
    );
    assert_eq!(
        s.totals.paid.0,
        s.months.iter().map(|m| m.paid.0).sum::<i64>()
    );
}

/// A statement of one period's lines: (number of lines, charged), read from the lines.
fn lines_of(s: &Statement) -> (usize, Kopecks) {
    let m = &s.months[0];
    (m.charges.len(), m.charged)
}

fn ndjson(rows: &[Value]) -> String {
    rows.iter().map(|r| format!("{r}\n")).collect()
}

#[derive(diesel::QueryableByName)]
struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

/// `SELECT COUNT(*) AS n …` on the test's database.
fn count(b: &Billing, sql: &str) -> i64 {
    let mut conn = b.app().db_conn();
    kabinet_api::with_conn!(&mut conn, |c| {
        use diesel::RunQueryDsl;
        diesel::sql_query(sql).get_result::<Count>(c)
    })
    .unwrap_or_else(|err| panic!("{sql}: {err}"))
    .n
}

/// Charge rows stored for `period`, read from the database.
fn stored_charges(b: &Billing, period: &str) -> i64 {
    count(
        b,
        &format!("SELECT COUNT(*) AS n FROM charges WHERE period = '{period}'"),
    )
}

/// Accounts whose kept totals (`account_totals`, what every balance reads) differ from the
/// sums of their charges and payments.
fn totals_off(b: &Billing) -> i64 {
    count(b, "SELECT COUNT(*) AS n FROM accounts a LEFT JOIN account_totals t ON t.account_id = a.id \
        WHERE COALESCE(t.charged_kopecks, 0) <> COALESCE((SELECT SUM(amount_kopecks) FROM charges c WHERE c.account_id = a.id), 0) \
           OR COALESCE(t.paid_kopecks, 0) <> COALESCE((SELECT SUM(amount_kopecks) FROM payments p WHERE p.account_id = a.id), 0)")
}

both_backends! {
    fn the_statement_adds_up_month_by_month_and_its_debt_is_the_accounts_balance(backend) {
        let b = Billing::new(backend);
        assert_eq!(b.balance(), Kopecks(0), "the fixture's account starts with nothing charged");
        three_months(&b);
        let s = b.statement("2026-07", "2026-11");
        assert_eq!((s.account.as_str(), s.from.as_str(), s.to.as_str()), (ACCOUNT, "2026-07", "2026-11"));
        let periods: Vec<&str> = s.months.iter().map(|m| m.period.as_str()).collect();
        assert_eq!(periods, ["2026-07", "2026-08", "2026-09", "2026-10", "2026-11"]);
        check_arithmetic(&s);
        assert_eq!(s.months[0].opening, Kopecks(0));
        let table: Vec<(&str, Kopecks, Kopecks, Kopecks, Kopecks)> = s.months.iter()
            .map(|m| (m.period.as_str(), m.opening, m.charged, m.paid, m.closing)).collect();
        assert_eq!(table, [
            ("2026-07", rub("0"), rub("0"), rub("0"), rub("0")),
            ("2026-08", rub("0"), rub("3890.78"), rub("3000.00"), rub("890.78")),
            ("2026-09", rub("890.78"), rub("3903.12"), rub("3500.00"), rub("1293.90")),
            ("2026-10", rub("1293.90"), rub("3740.78"), rub("4000.00"), rub("1034.68")),
            ("2026-11", rub("1034.68"), rub("0"), rub("0"), rub("1034.68")),
        ]);
        assert_eq!((s.totals.charged, s.totals.paid), (rub("11534.68"), rub("10500.00")));
        assert_eq!(s.debt, rub("1034.68"));
        assert_eq!(s.debt.0, s.months[0].opening.0 + s.totals.charged.0 - s.totals.paid.0);
        let balance = b.world.account_detail().balance;
        assert_eq!((balance.amount, balance.state), (s.debt, BalanceState::Debt), "«Общая информация» agrees");

        // Service lines, the penalty and the recalculation with their grounds.
        let aug = &month(&s, "2026-08").charges[0];
        assert_eq!((aug.service.as_str(), aug.kind), ("heating", ChargeKind::Regular));
        assert_eq!((aug.quantity.map(|q| q.to_string()), aug.unit.as_deref(), aug.tariff), (Some("1.2340".into()), Some("Gcal"), Some(rub("2456.18"))));
        let penalty = &month(&s, "2026-09").charges[2];
        assert_eq!((penalty.kind, penalty.amount, penalty.comment.as_deref()), (ChargeKind::Penalty, rub("12.34"), Some(PENALTY)));
        let recalculation = &month(&s, "2026-10").charges[2];
        assert_eq!((recalculation.kind, recalculation.amount, recalculation.comment.as_deref()),
            (ChargeKind::Recalculation, rub("-150.00"), Some(FORMULA)));
        // A payment dated by a day is noon in the supplier's zone; one at 20:00 UTC on 31 August
        // is 1 September there and counts in September.
        let sep: Vec<(&str, Kopecks, PaymentChannel)> = month(&s, "2026-09").payments.iter()
            .map(|p| (p.paid_at.as_str(), p.amount, p.channel)).collect();
        assert!(sep.contains(&("2026-09-15T12:00:00+07:00", rub("2500.00"), PaymentChannel::Office)), "{sep:?}");
        assert!(sep.contains(&("2026-09-01T03:00:00+07:00", rub("1000.00"), PaymentChannel::Agent)), "{sep:?}");
        assert_eq!(month(&s, "2026-08").payments.len(), 1);

        // A shorter range starts from the balance carried in, with the same debt.
        let short = b.statement("2026-09", "2026-10");
        check_arithmetic(&short);
        assert_eq!((short.months.len(), short.months[0].opening, short.debt), (2, rub("890.78"), s.debt));

        // The plain lists page through everything, newest first.
        let charges = b.all_charges(ACCOUNT, 3);
        assert_eq!(charges.len(), 8);
        assert!(charges.windows(2).all(|w| w[0].period >= w[1].period), "newest period first");
        assert_eq!(charges.iter().map(|c| c.amount.0).sum::<i64>(), s.totals.charged.0);
        assert_eq!(charges.iter().map(|c| c.id).collect::<BTreeSet<_>>().len(), 8, "no charge twice");
        let payments = b.all_payments(ACCOUNT, 3);
        let amounts: Vec<Kopecks> = payments.iter().map(|p| p.amount).collect();
        assert_eq!(amounts, [rub("4000.00"), rub("2500.00"), rub("1000.00"), rub("3000.00")], "newest first");
        let channels: BTreeSet<&str> = payments.iter().map(|p| p.channel.as_str()).collect();
        assert_eq!(channels, BTreeSet::from(["agent", "bank", "office"]));

        // Malformed ranges.
        for bad in ["from=2026-13&to=2026-11", "from=2026-11&to=2026-10", "from=2010-01&to=2026-11"] {
            let answer = b.resident().bearer(b.app(), "GET", &format!("/api/v1/accounts/{ACCOUNT}/statement?{bad}"), None);
            assert_eq!(answer.status, 400, "{bad}: {}", answer.body);
        }

        // The same statement as CSV for a Russian spreadsheet.
        let csv = b.resident().bearer_with(b.app(), "GET",
            &format!("/api/v1/accounts/{ACCOUNT}/statement?from=2026-07&to=2026-11"), None, &[("Accept", "text/csv")]);
        assert_eq!(csv.status, 200, "{}", csv.body);
        assert!(csv.content_type.starts_with("text/csv"), "{}", csv.content_type);
        let disposition = csv.header("content-disposition").unwrap_or_default();
        assert!(disposition.starts_with("attachment") && disposition.contains(".csv"), "{disposition}");
        let text = &csv.body;
        assert!(text.starts_with('\u{feff}'), "a BOM first");
        assert!(text.contains("Период;"), "{text}");
        for row in [
            "2026-08;Итого за месяц;;;;;;;0,00;3890,78;3000,00;890,78",
            "2026-08;Начисление;heating;1,2340;Gcal;2456,18;3030,93;;;;;",
            "2026-10;Итого за месяц;;;;;;;1293,90;3740,78;4000,00;1034,68",
            "2026-09;Пени;heating;;;;12,34;",
            "Итого;;;;;;;;;11534,68;10500,00;1034,68",
        ] {
            assert!(text.contains(row), "{row:?} not in:\n{text}");
        }
        let recalc = text.lines().find(|l| l.contains(";Перерасчёт;")).unwrap_or_else(|| panic!("{text}"));
        assert!(recalc.contains(";-150,00;\"'=HYPERLINK("), "the formula is defused: {recalc}");
        assert!(!text.contains(";=") && !text.contains(";\"="), "no cell starts with =:\n{text}");
    }

    fn a_period_is_replaced_per_account_atomically_and_a_bad_row_spares_its_account(backend) {
        let b = Billing::new(backend);
        let (a, other) = (ACCOUNT, "100200301");
        b.second_account(other);
        let statement = |number: &str| -> Statement {
            b.statement_of(b.resident(), number, "2026-10", "2026-10").expect(200)
        };
        let kept: ChargesResult = b.charges("2026-09", json!([charge(a, "heating", "100.00", "regular")]));
        assert_eq!(kept.rows, 1);
        let first = b.charges("2026-10", json!([
            charge(a, "heating", "1000.00", "regular"), charge(a, "hot_water", "500.00", "regular"),
            charge(other, "heating", "700.00", "regular"), charge(other, "hot_water", "300.00", "regular"),
        ]));
        assert_eq!((first.accounts, first.rows, first.errors.len()), (2, 4, 0), "{first:?}");
        assert_eq!(lines_of(&statement(a)), (2, rub("1500.00")));

        // Re-uploading the period for one account replaces its rows entirely.
        let second = b.charges("2026-10", json!([
            charge(a, "heating", "1200.00", "regular"), charge(a, "heating", "10.00", "penalty"),
        ]));
        assert_eq!((second.accounts, second.rows, second.errors.len()), (1, 2, 0), "{second:?}");
        let s = statement(a);
        let lines: Vec<(&str, ChargeKind, Kopecks)> = s.months[0].charges.iter().map(|c| (c.service.as_str(), c.kind, c.amount)).collect();
        assert_eq!(lines, [("heating", ChargeKind::Regular, rub("1200.00")), ("heating", ChargeKind::Penalty, rub("10.00"))]);
        assert_eq!(lines_of(&statement(other)), (2, rub("1000.00")), "the other account is untouched");
        assert_eq!(b.statement("2026-09", "2026-09").months[0].charged, rub("100.00"), "other periods are untouched");
        assert_eq!(b.balance(), rub("1310.00"));

        // A bad row keeps that account's period as it was; the other account is saved; an
        // unknown account is a bad row of its own.
        let third = b.charges("2026-10", json!([
            charge(a, "heating", "1300.00", "regular"),
            charge(a, "hot_water", "-5.00", "regular"),
            charge(other, "heating", "800.00", "regular"),
            charge("999999999", "heating", "1.00", "regular"),
        ]));
        assert_eq!((third.accounts, third.rows), (1, 1), "{third:?}");
        let errors: Vec<u64> = third.errors.iter().map(|e| e.line).collect();
        assert_eq!(errors, [2, 4], "{third:?}");
        assert!(third.errors[0].reason.contains("recalculation"), "{third:?}");
        assert!(third.errors[1].reason.contains("unknown account"), "{third:?}");
        assert_eq!(third.errors_omitted, 0);
        assert_eq!(lines_of(&statement(a)), (2, rub("1210.00")), "the account with a bad row keeps its charges");
        assert_eq!(lines_of(&statement(other)), (1, rub("800.00")));
        // An unreadable row (an unknown kind) spares its account too.
        let fourth = b.upload_charges("2026-10", "application/x-ndjson",
            &format!("{}\n{{\"account\":\"{a}\",\"service\":\"heating\",\"amount\":\"1.00\",\"kind\":\"bonus\"}}\n",
                charge(a, "heating", "1.00", "regular"))).expect::<ChargesResult>(200);
        assert_eq!((fourth.accounts, fourth.rows, fourth.errors.len()), (0, 0, 1), "{fourth:?}");
        assert_eq!(fourth.errors[0].line, 2);
        assert_eq!(lines_of(&statement(a)), (2, rub("1210.00")));

        // The request itself: a bad period, a key without the scope.
        assert_eq!(b.upload_charges("2026-13", "application/json", "[]").status, 400);
        assert_eq!(b.upload_charges("2026-1", "application/json", "[]").status, 400);
        let scopeless = b.app().integration("POST", "/api/v1/integration/charges?period=2026-10",
            &b.world.integrator, "application/json", &json!([charge(a, "heating", "1.00", "regular")]).to_string());
        refused(&scopeless, 403, "insufficient_scope");
        assert_eq!(lines_of(&statement(a)), (2, rub("1210.00")));
    }

    fn twelve_thousand_ndjson_rows_are_all_saved_with_exact_counts(backend) {
        let b = Billing::new(backend);
        let numbers: Vec<String> = (0..300).map(|i| format!("{}", 500_000_000 + i)).collect();
        b.add_accounts(numbers.iter().map(|n| account_row(n, "Петров Пётр Иванович")).collect());
        let rows_of = |number: &str, n: usize, unit: i64| -> Vec<Value> {
            (0..n).map(|j| {
                let amount = Kopecks(unit + i64::try_from(j).unwrap_or(0));
                json!({"account": number, "service": format!("service_{j}"), "amount": amount.to_string(), "kind": "regular"})
            }).collect()
        };
        let mut rows = rows_of(ACCOUNT, 40, 10_000);
        for n in &numbers {
            rows.extend(rows_of(n, 40, 5_000));
        }
        assert_eq!(rows.len(), 12_040);
        let saved: ChargesResult = b.upload_charges("2026-10", "application/x-ndjson", &ndjson(&rows)).expect(200);
        assert_eq!((saved.accounts, saved.rows, saved.errors.len(), saved.errors_omitted), (301, 12_040, 0, 0), "{:?}", saved.errors);
        assert_eq!(stored_charges(&b, "2026-10"), 12_040);
        // 40 lines of 100.00 + 0.01·j: 4000.00 + 7.80.
        let s = b.statement("2026-10", "2026-10");
        assert_eq!(lines_of(&s), (40, rub("4007.80")));
        assert_eq!(s.months[0].charges[39].service, "service_39", "in upload order");

        // Again with 20 rows each: the fixture's account has a bad row (it keeps its 40), an
        // unknown account's three rows are refused one by one, a blank line still counts.
        let mut again = rows_of(ACCOUNT, 20, 20_000);
        again[4]["amount"] = json!("-1.00");
        let unknown = rows_of("999999999", 3, 100);
        let mut body = ndjson(&again);
        body.push('\n');
        body.push_str(&ndjson(&unknown));
        for n in &numbers {
            body.push_str(&ndjson(&rows_of(n, 20, 7_000)));
        }
        let replaced: ChargesResult = b.upload_charges("2026-10", "application/x-ndjson", &body).expect(200);
        let lines: Vec<u64> = replaced.errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [5, 22, 23, 24], "{replaced:?}");
        assert_eq!((replaced.accounts, replaced.rows), (300, 6_000), "{replaced:?}");
        assert_eq!(stored_charges(&b, "2026-10"), 6_040);
        assert_eq!(lines_of(&b.statement("2026-10", "2026-10")), (40, rub("4007.80")));
        assert_eq!(totals_off(&b), 0, "the kept balances followed both uploads");
    }

    fn a_reader_sees_the_old_period_or_the_new_never_a_mix(backend) {
        let b = Billing::new(backend);
        let (old_n, new_n) = (600_usize, 900_usize);
        let set = |n: usize, amount: &str| -> String {
            ndjson(&(0..n).map(|_| charge(ACCOUNT, "heating", amount, "regular")).collect::<Vec<_>>())
        };
        let (old, new) = (set(old_n, "1.00"), set(new_n, "2.00"));
        let upload = |body: &str, n: usize| {
            let saved: ChargesResult = b.upload_charges("2026-10", "application/x-ndjson", body).expect(200);
            assert_eq!((saved.accounts, usize::try_from(saved.rows).unwrap_or(0)), (1, n), "{saved:?}");
        };
        upload(&old, old_n);
        let done = AtomicBool::new(false);
        let (reads, saw_old, saw_new) = (AtomicUsize::new(0), AtomicUsize::new(0), AtomicUsize::new(0));
        std::thread::scope(|scope| {
            let reader = || {
                while !done.load(Ordering::SeqCst) {
                    let s = b.statement("2026-10", "2026-10");
                    let m = &s.months[0];
                    let seen = lines_of(&s);
                    if seen == (old_n, rub("600.00")) {
                        saw_old.fetch_add(1, Ordering::SeqCst);
                    } else if seen == (new_n, rub("1800.00")) {
                        saw_new.fetch_add(1, Ordering::SeqCst);
                    } else {
                        panic!("a mix: {} lines, {} charged", seen.0, seen.1);
                    }
                    let amounts: BTreeSet<Kopecks> = m.charges.iter().map(|c| c.amount).collect();
                    assert_eq!(amounts.len(), 1, "lines of both uploads: {amounts:?}");
                    assert_eq!(s.debt, m.closing, "the debt agrees with the month it is made of");
                    reads.fetch_add(1, Ordering::SeqCst);
                }
            };
            let readers = [scope.spawn(reader), scope.spawn(reader)];
            for round in 0..12 {
                if round % 2 == 0 { upload(&new, new_n) } else { upload(&old, old_n) }
            }
            done.store(true, Ordering::SeqCst);
            for r in readers {
                r.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
            }
        });
        assert!(reads.load(Ordering::SeqCst) >= 12, "the readers read during the uploads");
        assert!(saw_old.load(Ordering::SeqCst) > 0 && saw_new.load(Ordering::SeqCst) > 0, "both sets were read");
        assert!(saw_old.load(Ordering::SeqCst) + saw_new.load(Ordering::SeqCst) == reads.load(Ordering::SeqCst));
        assert_eq!(lines_of(&b.statement("2026-10", "2026-10")), (old_n, rub("600.00")), "the last upload stands");
        assert_eq!(totals_off(&b), 0, "the kept balance followed twelve replacements");
    }

    fn balances_stay_equal_to_the_sums_under_concurrent_uploads_and_payments(backend) {
        let b = Billing::new(backend);
        let numbers: Vec<String> = (0..120).map(|i| format!("{}", 510_000_000 + i)).collect();
        b.add_accounts(numbers.iter().map(|n| account_row(n, "Сидоров Сидор Сидорович")).collect());
        // Four uploaders replace overlapping periods of the same accounts, each walking them in
        // its own order, over several rounds, while a fifth records payments for them: every
        // answer is a 200 without errors (no deadlock, no lost update), and afterwards each
        // account's kept totals are exactly its sums.
        let upload = |worker: usize, round: usize| {
            let mut order: Vec<&String> = numbers.iter().collect();
            match worker % 3 { 0 => {}, 1 => order.reverse(), _ => order.rotate_left(37) }
            let amount = format!("{}.{:02}", 100 + worker * 10 + round, worker + round);
            let rows: Vec<Value> = order.iter()
                .flat_map(|n| [charge(n, "heating", &amount, "regular"), charge(n, "hot_water", "10.00", "regular")])
                .collect();
            let period = format!("2026-{:02}", 7 + (worker + round) % 3);
            let saved: ChargesResult = b.upload_charges(&period, "application/x-ndjson", &ndjson(&rows)).expect(200);
            assert_eq!((saved.accounts, saved.rows, saved.errors.len()), (120, 240, 0), "{saved:?}");
        };
        std::thread::scope(|scope| {
            let uploaders: Vec<_> = (0..4).map(|worker| scope.spawn(move || {
                for round in 0..4 { upload(worker, round) }
            })).collect();
            let payer = scope.spawn(|| {
                for round in 0..4 {
                    let rows: Vec<Value> = numbers.iter().rev().enumerate()
                        .map(|(i, n)| payment(&format!("CC-{round}-{i}"), n, "7.50", "2026-10-10", "bank"))
                        .collect();
                    let recorded = b.payments(Value::Array(rows));
                    assert_eq!((recorded.created, recorded.errors.len()), (120, 0), "{recorded:?}");
                }
            });
            for t in uploaders.into_iter().chain([payer]) {
                t.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
            }
        });
        assert_eq!(totals_off(&b), 0, "every account's totals are its sums");
        let kept = count(&b, "SELECT COUNT(*) AS n FROM account_totals WHERE paid_kopecks = 3000");
        assert_eq!(kept, 120, "four payments of 7.50 on each account");
        // The balance the resident sees is the same figure: the fixture's account, charged and paid.
        three_months(&b);
        assert_eq!(totals_off(&b), 0);
        assert_eq!(b.balance(), b.statement("2026-07", "2026-11").debt);
    }

    fn payments_are_recorded_once_by_external_id(backend) {
        let b = Billing::new(backend);
        let a = ACCOUNT;
        let rows = json!([
            payment("SB-1", a, "1500.00", "2026-10-10T12:30:00+07:00", "bank"),
            payment("OF-2", a, "250.50", "2026-10-11", "office"),
        ]);
        let first = b.payments(rows.clone());
        assert_eq!((first.created, first.unchanged, first.errors.len()), (2, 0, 0), "{first:?}");
        let again = b.payments(rows);
        assert_eq!((again.created, again.unchanged, again.errors.len()), (0, 2, 0), "{again:?}");
        assert_eq!(b.all_payments(a, 20).len(), 2, "recorded once");
        assert_eq!(b.balance(), rub("-1750.50"), "a credit");

        let tomorrow_plus = (chrono::Utc::now() + chrono::Duration::days(3)).format("%Y-%m-%d").to_string();
        let mixed: PaymentsResult = b.payments(json!([
            payment("SB-1", a, "1600.00", "2026-10-10T12:30:00+07:00", "bank"),
            payment("SB-9", "999999999", "10.00", "2026-10-10", "bank"),
            payment("SB-10", a, "10.00", &tomorrow_plus, "bank"),
            payment("AG-3", a, "99.50", "2026-10-12T10:00:00+07:00", "agent"),
            payment("SB-11", a, "-1.00", "2026-10-10", "bank"),
            payment("ON-12", a, "1.00", "2026-10-10", "online"),
            payment("SB-13", a, "1.00", "10.10.2026", "bank"),
            payment("online:pay_x", a, "1.00", "2026-10-10", "bank"),
        ]));
        assert_eq!((mixed.created, mixed.unchanged), (1, 0), "{mixed:?}");
        let lines: Vec<u64> = mixed.errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [1, 2, 3, 5, 6, 7, 8], "{mixed:?}");
        assert!(mixed.errors[0].reason.contains("other data"), "{mixed:?}");
        assert!(mixed.errors[1].reason.contains("unknown account"), "{mixed:?}");
        assert!(mixed.errors[2].reason.contains("future"), "{mixed:?}");
        let payments = b.all_payments(a, 20);
        assert_eq!(payments.len(), 3);
        assert_eq!(payments.iter().find(|p| p.channel == PaymentChannel::Bank).map(|p| p.amount), Some(rub("1500.00")),
            "the conflicting row did not rewrite the payment");
        assert_eq!(b.balance(), rub("-1850.00"));
        // A key without the scope.
        let scopeless = b.app().integration("POST", "/api/v1/integration/payments", &b.world.integrator,
            "application/json", &json!([payment("SB-20", a, "1.00", "2026-10-10", "bank")]).to_string());
        refused(&scopeless, 403, "insufficient_scope");
    }

    fn another_resident_reads_none_of_it(backend) {
        let b = Billing::new(backend);
        three_months(&b);
        let petrov = b.neighbour("petrov", "Петров Пётр Иванович", "100200399");
        let mine: PaymentCreated = b.pay("100.00", Some("auth-1")).expect(201);
        let paths = [
            format!("/api/v1/accounts/{ACCOUNT}/statement?from=2026-08&to=2026-10"),
            format!("/api/v1/accounts/{ACCOUNT}/charges"),
            format!("/api/v1/accounts/{ACCOUNT}/payments"),
            format!("/api/v1/accounts/{ACCOUNT}/receipts/2026-10"),
            format!("/api/v1/payments/{}", mine.id),
        ];
        for path in &paths {
            let foreign = petrov.bearer(b.app(), "GET", path, None);
            assert_eq!(foreign.status, 404, "{path}: {}", foreign.body);
            let csv = petrov.bearer_with(b.app(), "GET", path, None, &[("Accept", "text/csv")]);
            assert_eq!(csv.status, 404, "{path} as CSV");
            let nobody = b.app().get(path);
            assert_eq!(nobody.status, 401, "{path} without signing in");
        }
        // The same answer as for an account that does not exist: nothing to learn.
        let foreign = petrov.bearer(b.app(), "GET", &paths[0], None);
        let missing = petrov.bearer(b.app(), "GET", "/api/v1/accounts/999999999/statement?from=2026-08&to=2026-10", None);
        assert_eq!((foreign.status, foreign.code()), (missing.status, missing.code()));
        // Nor can they pay into it, and their own account shows only their own (nothing).
        let pay = petrov.bearer_with(b.app(), "POST", &format!("/api/v1/accounts/{ACCOUNT}/payments"),
            Some(json!({"amount": "10.00"})), &[("Idempotency-Key", "theirs")]);
        assert_eq!(pay.status, 404, "{}", pay.body);
        let theirs: Statement = b.statement_of(&petrov, "100200399", "2026-08", "2026-10").expect(200);
        assert_eq!((theirs.totals.charged, theirs.totals.paid, theirs.debt), (Kopecks(0), Kopecks(0), Kopecks(0)));
        // The owner still reads everything.
        assert_eq!(b.statement("2026-08", "2026-10").debt, rub("1034.68"));
    }
}
