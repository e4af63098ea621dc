//! Online payment over HTTP: a required Idempotency-Key (a refused attempt leaves it free, the
//! same key answers the same), the amount's bounds, the sandbox provider's buttons, signed
//! webhooks (signature, age, 50 duplicates credited once, a late "failed" undoing nothing) and
//! a resident's starts limited per hour. Every test runs on SQLite and PostgreSQL.

use kabinet_e2e::billing::{charge, field_refused, refused, rub, unix_now, Billing};
use kabinet_e2e::both_backends;
use kabinet_e2e::fixtures::ACCOUNT;
use kabinet_shared::api::billing::{
    OnlinePayment, OnlinePaymentStatus, PaymentChannel, PaymentCreated, SandboxPayment,
};
use kabinet_shared::money::Kopecks;
use serde_json::json;

both_backends! {
    fn paying_needs_an_idempotency_key_and_a_refused_attempt_leaves_the_key_free(backend) {
        let b = Billing::new(backend);
        b.charges("2026-10", json!([charge(ACCOUNT, "heating", "3000.00", "regular")]));
        let missing = b.pay("150.00", None);
        field_refused(&missing, "Idempotency-Key", "required");
        field_refused(&b.pay("0.99", Some("k-small")), "amount", "too_small");
        field_refused(&b.pay("500000.01", Some("k-large")), "amount", "too_large");
        assert_eq!(b.pay("12.345", Some("k-bad")).status, 400);
        // The refused attempt left nothing: the same key with a corrected body is a new payment.
        let first: PaymentCreated = b.pay("150.00", Some("k-small")).expect(201);
        assert_eq!((first.status, first.amount), (OnlinePaymentStatus::Pending, rub("150.00")));
        assert_eq!(first.confirmation_url, format!("/sandbox/payments/{}", first.id));
        let replay: PaymentCreated = b.pay("150.00", Some("k-small")).expect(201);
        assert_eq!(replay, first, "the same answer, the same payment");
        refused(&b.pay("151.00", Some("k-small")), 409, "idempotency_conflict");
        let largest: PaymentCreated = b.pay("500000.00", Some("k-max")).expect(201);
        assert_ne!(largest.id, first.id);

        let view: OnlinePayment = b.resident().get(b.app(), &format!("/api/v1/payments/{}", first.id));
        assert_eq!((view.id.as_str(), view.account.as_str(), view.amount, view.status),
            (first.id.as_str(), ACCOUNT, rub("150.00"), OnlinePaymentStatus::Pending));
        assert!(view.completed_at.is_none());
        assert_eq!(b.payment_of(b.resident(), "pay_00000000000000000000000000000000").status, 404);
        let stranger = b.app().resident("stranger");
        assert_eq!(b.payment_of(&stranger, &first.id).status, 404, "another user's payment");
        // A pending payment credits nothing.
        assert!(b.all_payments(ACCOUNT, 20).is_empty());
        assert_eq!(b.balance(), rub("3000.00"));
        // A smaller maximum is honoured.
        let capped = Billing::with_env(backend, &[("KABINET_PAYMENT_MAX", "1000.00")]);
        field_refused(&capped.pay("1000.01", Some("k")), "amount", "too_large");
        assert_eq!(capped.pay("1000.00", Some("k")).status, 201);
    }

    fn the_sandbox_buttons_credit_once_and_refuse_the_other_choice(backend) {
        let b = Billing::new(backend);
        b.charges("2026-10", json!([charge(ACCOUNT, "heating", "3000.00", "regular")]));
        let paid: PaymentCreated = b.pay("1000.00", Some("sbx-1")).expect(201);
        let page: SandboxPayment = b.app().get(&format!("/api/v1/sandbox/payments/{}", paid.id)).expect(200);
        assert_eq!((page.amount, page.status, page.payee.as_str()), (rub("1000.00"), OnlinePaymentStatus::Pending, "АО «Теплосеть-Демо»"));
        assert!(page.description.contains(ACCOUNT), "{}", page.description);
        let chosen: SandboxPayment = b.sandbox(&paid.id, "succeed").expect(200);
        assert_eq!(chosen.status, OnlinePaymentStatus::Succeeded);
        let view: OnlinePayment = b.resident().get(b.app(), &format!("/api/v1/payments/{}", paid.id));
        assert_eq!(view.status, OnlinePaymentStatus::Succeeded);
        assert!(view.completed_at.is_some());
        refused(&b.sandbox(&paid.id, "fail"), 409, "payment_completed");
        assert_eq!(b.sandbox(&paid.id, "succeed").status, 200, "pressing it again is harmless");
        let online: Vec<Kopecks> = b.all_payments(ACCOUNT, 20).iter().filter(|p| p.channel == PaymentChannel::Online).map(|p| p.amount).collect();
        assert_eq!(online, [rub("1000.00")]);
        assert_eq!(b.balance(), rub("2000.00"));

        let declined: PaymentCreated = b.pay("500.00", Some("sbx-2")).expect(201);
        let chosen: SandboxPayment = b.sandbox(&declined.id, "fail").expect(200);
        assert_eq!(chosen.status, OnlinePaymentStatus::Failed);
        let view: OnlinePayment = b.resident().get(b.app(), &format!("/api/v1/payments/{}", declined.id));
        assert_eq!(view.status, OnlinePaymentStatus::Failed);
        refused(&b.sandbox(&declined.id, "succeed"), 409, "payment_completed");
        assert_eq!(b.balance(), rub("2000.00"), "a declined payment credits nothing");
        assert_eq!(b.sandbox("pay_00000000000000000000000000000000", "succeed").status, 404);
    }

    fn webhooks_need_a_valid_fresh_signature(backend) {
        let b = Billing::new(backend);
        let p: PaymentCreated = b.pay("700.00", Some("wh-1")).expect(201);
        let body = Billing::event("evt-1", &p.id, "succeeded", "700.00");
        let now = unix_now();
        refused(&b.webhook_raw(&body, None), 400, "bad_signature");
        let wrong_key = kabinet_e2e::billing::signature(b"another-key-of-more-than-32-bytes-000", now, &body);
        refused(&b.webhook_raw(&body, Some(&wrong_key)), 400, "bad_signature");
        let other_body = kabinet_e2e::billing::signature(kabinet_e2e::billing::WEBHOOK_SECRET.as_bytes(), now,
            &Billing::event("evt-1", &p.id, "succeeded", "1.00"));
        refused(&b.webhook_raw(&body, Some(&other_body)), 400, "bad_signature");
        refused(&b.webhook_raw(&body, Some("t=1,v1=zz")), 400, "bad_signature");
        refused(&b.webhook_at(&body, now - 400), 400, "stale_webhook");
        refused(&b.webhook_at(&body, now + 400), 400, "stale_webhook");
        let pending: OnlinePayment = b.resident().get(b.app(), &format!("/api/v1/payments/{}", p.id));
        assert_eq!(pending.status, OnlinePaymentStatus::Pending, "nothing refused changed the payment");
        assert_eq!(b.balance(), Kopecks(0));

        // A properly signed body whose amount differs, or for no such payment.
        assert_eq!(b.webhook(&Billing::event("evt-2", &p.id, "succeeded", "1.00")).status, 400);
        assert_eq!(b.webhook(&Billing::event("evt-3", "pay_00000000000000000000000000000000", "succeeded", "700.00")).status, 404);
        // Two minutes late is fine; the repeat is answered 200 and changes nothing.
        let ok = b.webhook_at(&body, now - 120);
        assert_eq!(ok.status, 200, "{}", ok.body);
        assert_eq!(b.webhook(&body).status, 200);
        let done: OnlinePayment = b.resident().get(b.app(), &format!("/api/v1/payments/{}", p.id));
        assert_eq!(done.status, OnlinePaymentStatus::Succeeded);
        assert_eq!(b.balance(), rub("-700.00"));
        assert_eq!(b.all_payments(ACCOUNT, 20).len(), 1);
        // Another provider's path is not there.
        let elsewhere = kabinet_e2e::http::send_raw("POST", &b.app().url("/api/v1/payments/webhook/other"),
            &[("Kabinet-Signature", &kabinet_e2e::billing::signature(kabinet_e2e::billing::WEBHOOK_SECRET.as_bytes(), now, &body))], &body);
        assert_eq!(elsewhere.status, 404);
    }

    fn fifty_duplicate_webhooks_credit_exactly_once(backend) {
        let b = Billing::new(backend);
        b.charges("2026-10", json!([charge(ACCOUNT, "heating", "5000.00", "regular")]));
        let before = b.balance();
        let p: PaymentCreated = b.pay("1234.56", Some("dup-1")).expect(201);
        let same = Billing::event("evt-dup", &p.id, "succeeded", "1234.56");
        let others: Vec<String> = (0..5).map(|i| Billing::event(&format!("evt-other-{i}"), &p.id, "succeeded", "1234.56")).collect();
        let billing = &b;
        let statuses: Vec<u16> = std::thread::scope(|scope| {
            let mut threads: Vec<_> = (0..50).map(|_| scope.spawn(|| billing.webhook(&same).status)).collect();
            threads.extend(others.iter().map(|body| scope.spawn(move || billing.webhook(body).status)));
            threads.into_iter().map(|t| t.join().unwrap_or(0)).collect()
        });
        assert!(statuses.iter().all(|s| *s == 200), "{statuses:?}");
        let view: OnlinePayment = b.resident().get(b.app(), &format!("/api/v1/payments/{}", p.id));
        assert_eq!(view.status, OnlinePaymentStatus::Succeeded);
        let online = |b: &Billing| -> Vec<Kopecks> {
            b.all_payments(ACCOUNT, 100).iter().filter(|p| p.channel == PaymentChannel::Online).map(|p| p.amount).collect()
        };
        assert_eq!(online(&b), [rub("1234.56")], "exactly one credit");
        assert_eq!(b.balance().0, before.0 - 123_456);
        // Credited today in the supplier's zone (UTC+7).
        let this_month = (chrono::Utc::now() + chrono::Duration::hours(7)).format("%Y-%m").to_string();
        let s = b.statement(&this_month, &this_month);
        assert_eq!(s.months[0].paid, rub("1234.56"));
        // A late `failed` (a new event) does not undo it.
        assert_eq!(b.webhook(&Billing::event("evt-late", &p.id, "failed", "1234.56")).status, 200);
        let view: OnlinePayment = b.resident().get(b.app(), &format!("/api/v1/payments/{}", p.id));
        assert_eq!(view.status, OnlinePaymentStatus::Succeeded);
        assert_eq!(online(&b), [rub("1234.56")]);
        assert_eq!(b.balance().0, before.0 - 123_456);
    }

    fn a_resident_starts_at_most_twenty_payments_an_hour_and_replays_still_answer(backend) {
        let b = Billing::new(backend);
        let first: PaymentCreated = b.pay("10.00", Some("hour-0")).expect(201);
        for i in 1..20 {
            assert_eq!(b.pay("10.00", Some(&format!("hour-{i}"))).status, 201, "start {i}");
        }
        let refused_start = b.pay("10.00", Some("hour-20"));
        refused(&refused_start, 429, "throttled");
        let wait: u64 = refused_start.header("retry-after").and_then(|v| v.parse().ok()).unwrap_or(0);
        assert!((1..=3600).contains(&wait), "Retry-After {wait}");
        // A key already answered is answered again: the limit is on new payments only.
        let replay: PaymentCreated = b.pay("10.00", Some("hour-0")).expect(201);
        assert_eq!(replay, first);
        // The refused start left its key free and created nothing.
        refused(&b.pay("10.00", Some("hour-20")), 429, "throttled");
        assert!(b.all_payments(ACCOUNT, 50).is_empty(), "pending payments credit nothing");
    }
}
