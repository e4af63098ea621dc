//! Meter readings over HTTP: meter and tariff uploads (with a replacement), the resident's view
//! with the window in the supplier's time zone, every submission rule, the one form being all or
//! nothing, two submissions racing for one meter, Idempotency-Key, preview, history and the
//! monthly series, personal tokens, the operator's review, «billed» marks and an export that
//! misses nothing while 50 writers submit. Every test runs on SQLite and PostgreSQL.

use std::collections::BTreeSet;

use chrono::{Datelike, Duration, Utc};
use kabinet_e2e::both_backends;
use kabinet_e2e::fixtures::ACCOUNT;
use kabinet_e2e::meters::{meter_row, period, today, Meters, HEAT, HOT};
use kabinet_shared::api::integration::BulkResult;
use kabinet_shared::api::meters::{
    ExportedReading, FlaggedReading, HistoryItem, MonthlyUse, Preview, Reading, ReadingSource,
    ReadingStatus, ReadingsSaved,
};
use kabinet_shared::api::page::Page;
use kabinet_shared::ErrorBody;
use serde_json::json;

fn refused(answer: &kabinet_e2e::Answer, status: u16, code: &str) -> ErrorBody {
    let body: ErrorBody = answer.expect(status);
    assert_eq!(body.error.code.as_str(), code, "{}", answer.body);
    body
}

both_backends! {
    fn the_view_shows_last_billed_beside_current_with_consumption_and_the_open_window(backend) {
        let m = Meters::new(backend);
        let hot = m.meter(HOT);
        assert_eq!(hot.decimals, 3);
        assert_eq!(hot.unit, "m3");
        assert_eq!(hot.last_billed.as_ref().map(|b| b.value.as_str()), Some("100.000"));
        assert!(hot.window.open);
        assert_eq!(hot.window.period, period(today()));
        assert!(!hot.verification_warning);
        let saved = m.accepted(HOT, "103,5");
        assert_eq!(saved.value, "103.500");
        assert_eq!((saved.status, saved.source), (ReadingStatus::Received, ReadingSource::Resident));
        assert!(saved.in_window);
        assert!(saved.number.ends_with(&format!("{:06}", saved.number[5..].parse::<u32>().unwrap_or(0))));
        let hot = m.meter(HOT);
        let current = hot.current.expect("current reading");
        assert_eq!((current.value.as_str(), current.number.as_str()), ("103.500", saved.number.as_str()));
        assert_eq!(hot.consumption.as_deref(), Some("3.500"));
        assert_eq!(hot.last_billed.map(|b| b.value), Some("100.000".into()), "last billed stays beside it");
        // The heat meter is untouched and shows its own scale.
        assert_eq!(m.meter(HEAT).last_billed.map(|b| b.value), Some("5.0000".into()));
    }

    fn every_rule_has_its_precise_code(backend) {
        let m = Meters::new(backend);
        let below = refused(&m.submit(HOT, json!({"value": "99.999"})), 422, "below_previous");
        assert_eq!(below.error.details.get("previous").map(String::as_str), Some("100.000"));
        let tomorrow = (today() + Duration::days(1)).to_string();
        refused(&m.submit(HOT, json!({"value": "101", "taken_on": tomorrow})), 422, "future_date");
        // Not older than the reading it must not go under (taken 30 days ago).
        let before = m.submit(HOT, json!({"value": "101", "taken_on": (today() - Duration::days(31)).to_string()}));
        assert_eq!(before.status, 400, "{}", before.body);
        assert_eq!(before.json()["error"]["fields"]["taken_on"], "before_previous");
        assert_eq!(m.submit(HOT, json!({"value": "101", "taken_on": "2026-13-01"})).status, 400);
        let precise = refused(&m.submit(HOT, json!({"value": "101.0001"})), 422, "too_precise");
        assert_eq!(precise.error.details.get("decimals").map(String::as_str), Some("3"));
        refused(&m.submit(HEAT, json!({"value": "5.00001"})), 422, "too_precise");
        assert_eq!(m.submit(HOT, json!({"value": "12a"})).status, 400);
        assert_eq!(m.submit(HOT, json!({"value": "-1"})).status, 400);
        // An expired verification and a removed meter.
        let mut expired = meter_row("M-OLD-VER", "hot_water", 3, today() - Duration::days(1));
        expired["initial_reading"] = json!("1");
        let mut removed = meter_row("M-GONE", "cold_water", 2, today() + Duration::days(100));
        removed["status"] = json!("removed");
        assert_eq!(m.put("/api/v1/integration/meters", json!([expired, removed])).created, 2);
        let ver = refused(&m.submit("M-OLD-VER", json!({"value": "2"})), 422, "verification_expired");
        assert_eq!(ver.error.details.get("verification_due"), Some(&(today() - Duration::days(1)).to_string()));
        assert!(m.meter("M-OLD-VER").verification_expired);
        refused(&m.submit("M-GONE", json!({"value": "2"})), 422, "meter_removed");
        // Nothing refused was saved.
        assert!(m.meter(HOT).current.map(|c| c.status) == Some(ReadingStatus::Billed));
        // Another resident's meter, or one that is not on the account, is a 404.
        assert_eq!(m.submit("M-NOPE", json!({"value": "1"})).status, 404);
        let stranger = m.world.app.resident("stranger");
        let foreign = stranger.bearer(&m.world.app, "GET", &format!("/api/v1/accounts/{ACCOUNT}/meters"), None);
        assert_eq!(foreign.status, 404);
        let post = stranger.bearer(&m.world.app, "POST", &format!("/api/v1/accounts/{ACCOUNT}/meters/{HOT}/readings"), Some(json!({"value": "200"})));
        assert_eq!(post.status, 404);
    }

    fn the_verification_warning_starts_sixty_days_before(backend) {
        let m = Meters::new(backend);
        let soon = meter_row("M-SOON", "heating", 4, today() + Duration::days(60));
        let later = meter_row("M-LATER", "heating", 4, today() + Duration::days(61));
        m.put("/api/v1/integration/meters", json!([soon, later]));
        assert!(m.meter("M-SOON").verification_warning);
        assert!(!m.meter("M-LATER").verification_warning);
    }

    fn unusual_values_need_a_confirmation_then_are_flagged_and_an_operator_can_reject_them(backend) {
        let m = Meters::new(backend);
        // 100 m³ in 30 days is over 2 m³ a day.
        let jump = refused(&m.submit(HOT, json!({"value": "200"})), 422, "needs_confirmation");
        let d = &jump.error.details;
        assert_eq!(d.get("reason").map(String::as_str), Some("daily_limit"));
        assert_eq!(d.get("previous").map(String::as_str), Some("100.000"));
        assert_eq!(d.get("consumption").map(String::as_str), Some("100.000"));
        assert_eq!(d.get("days").map(String::as_str), Some("30"));
        assert_eq!(d.get("meter_id").map(String::as_str), Some(HOT));
        let confirmed: Reading = m.submit(HOT, json!({"value": "200", "confirm_unusual": true})).expect(201);
        assert!(confirmed.flagged);
        let operator = &m.world.operator;
        let flagged: Page<FlaggedReading> = operator.get(&m.world.app, "/api/v1/operator/readings/flagged");
        let item = flagged.items.iter().find(|f| f.id == confirmed.id).expect("flagged for the operator");
        assert_eq!((item.flag_reason.as_str(), item.account.as_str()), ("daily_limit", ACCOUNT));
        let reject = operator.bearer(&m.world.app, "POST", &format!("/api/v1/operator/readings/{}/reject", confirmed.id),
            Some(json!({"reason": "На фото счётчика 120,5 — передайте заново"})));
        assert_eq!(reject.status, 204, "{}", reject.body);
        let current = m.meter(HOT).current.expect("current");
        assert_eq!(current.status, ReadingStatus::Rejected);
        assert_eq!(current.reject_reason.as_deref(), Some("На фото счётчика 120,5 — передайте заново"));
        let history: Page<HistoryItem> = m.resident().get(&m.world.app, &format!("/api/v1/accounts/{ACCOUNT}/meters/{HOT}/readings"));
        assert_eq!(history.items[0].status, ReadingStatus::Rejected);
        // Once rejected it leaves the flagged list and the floor: 120.5 is fine now.
        let flagged: Page<FlaggedReading> = operator.get(&m.world.app, "/api/v1/operator/readings/flagged");
        assert!(flagged.items.iter().all(|f| f.id != confirmed.id));
        m.accepted(HOT, "120.5");
        // The rejection is in the audit log.
        let audit = operator.bearer(&m.world.app, "GET", "/api/v1/operator/audit?action=reading.rejected", None).json();
        assert_eq!(audit["items"][0]["target_id"], json!(confirmed.number), "{audit}");
    }

    fn no_use_over_a_whole_period_and_five_times_the_average_need_a_confirmation(backend) {
        let m = Meters::new(backend);
        let zero = refused(&m.submit(HEAT, json!({"value": "5"})), 422, "needs_confirmation");
        assert_eq!(zero.error.details.get("reason").map(String::as_str), Some("zero_use"));
        // Three billed periods of ~3 m³ a month (taken 120, 90, 60, 30 days ago) make an average.
        let fresh = meter_row("M-AVG", "hot_water", 3, today() + Duration::days(900));
        m.put("/api/v1/integration/meters", json!([fresh]));
        let mut ids = Vec::new();
        for (back, value) in [(120, "10"), (90, "13"), (60, "16"), (30, "19")] {
            let day = today() - Duration::days(back);
            let r: Reading = m.submit("M-AVG", json!({"value": value, "taken_on": day.to_string(), "confirm_unusual": true})).expect(201);
            let billed: BulkResult = m.billing("POST", "/api/v1/integration/readings/billed",
                Some(json!({"readings": [{"id": r.id, "period": period(day)}]}))).expect(200);
            assert_eq!(billed.updated, 1, "{billed:?}");
            ids.push(r.id);
        }
        // 10 m³ in 30 days is over five times 0.1 m³ a day, under the 2 m³ daily limit.
        let above = refused(&m.submit("M-AVG", json!({"value": "35"})), 422, "needs_confirmation");
        assert_eq!(above.error.details.get("reason").map(String::as_str), Some("above_average"));
        m.accepted("M-AVG", "22");
    }

    fn the_one_form_saves_every_meter_or_none(backend) {
        let m = Meters::new(backend);
        let path = format!("/api/v1/accounts/{ACCOUNT}/readings");
        let bad = m.resident().bearer(&m.world.app, "POST", &path, Some(json!({"readings": [
            {"meter_id": HOT, "value": "103.2"}, {"meter_id": HEAT, "value": "4.9"}]})));
        let body = refused(&bad, 422, "below_previous");
        assert_eq!(body.error.details.get("meter_id").map(String::as_str), Some(HEAT));
        assert_eq!(body.error.details.get("index").map(String::as_str), Some("1"));
        assert_eq!(m.meter(HOT).current.map(|c| c.status), Some(ReadingStatus::Billed), "the good half was not saved");
        let saved: ReadingsSaved = m.resident().bearer(&m.world.app, "POST", &path, Some(json!({"readings": [
            {"meter_id": HOT, "value": "103.2"}, {"meter_id": HEAT, "value": "5.4321"}]}))).expect(201);
        assert_eq!(saved.items.len(), 2);
        assert_eq!(saved.items[1].value, "5.4321");
        assert_ne!(saved.items[0].number, saved.items[1].number);
        assert_eq!(m.meter(HEAT).current.map(|c| c.value), Some("5.4321".into()));
        let twice = m.resident().bearer(&m.world.app, "POST", &path, Some(json!({"readings": [
            {"meter_id": HOT, "value": "104"}, {"meter_id": HOT, "value": "105"}]})));
        assert_eq!(twice.status, 400);
    }

    fn a_later_submission_supersedes_the_earlier_and_two_at_once_leave_one_current(backend) {
        let m = Meters::new(backend);
        let first = m.accepted(HOT, "101");
        let second = m.accepted(HOT, "102");
        let history: Page<HistoryItem> = m.resident().get(&m.world.app, &format!("/api/v1/accounts/{ACCOUNT}/meters/{HOT}/readings"));
        let statuses: Vec<(i64, ReadingStatus)> = history.items.iter().map(|h| (h.id, h.status)).collect();
        assert!(statuses.contains(&(second.id, ReadingStatus::Received)));
        assert!(statuses.contains(&(first.id, ReadingStatus::Superseded)));
        // A correction within the window may go below the unbilled reading it replaces.
        m.accepted(HOT, "101.5");
        // Two at once for one meter: both answered, both kept, one current.
        let app = &m.world.app;
        let answers: Vec<kabinet_e2e::Answer> = std::thread::scope(|s| {
            let a = s.spawn(|| m.submit(HOT, json!({"value": "110"})));
            let b = s.spawn(|| m.submit(HOT, json!({"value": "111"})));
            vec![a.join().unwrap(), b.join().unwrap()]
        });
        let ids: Vec<i64> = answers.iter().map(|a| a.expect::<Reading>(201).id).collect();
        let history: Page<HistoryItem> = m.resident().get(app, &format!("/api/v1/accounts/{ACCOUNT}/meters/{HOT}/readings?limit=100"));
        let received: Vec<i64> = history.items.iter().filter(|h| h.status == ReadingStatus::Received).map(|h| h.id).collect();
        assert_eq!(received.len(), 1, "one current reading: {:?}", history.items);
        assert!(ids.contains(&received[0]));
        assert!(ids.iter().all(|id| history.items.iter().any(|h| h.id == *id)), "both in history");
        assert_eq!(m.meter(HOT).current.map(|c| c.status), Some(ReadingStatus::Received));
    }

    fn an_idempotency_key_replays_the_same_answer_and_refuses_another_body(backend) {
        let m = Meters::new(backend);
        let path = format!("/api/v1/accounts/{ACCOUNT}/meters/{HOT}/readings");
        let send = |value: &str| m.resident().bearer_with(&m.world.app, "POST", &path,
            Some(json!({"value": value})), &[("Idempotency-Key", "phone-retry-1")]);
        let first: Reading = send("104").expect(201);
        let again: Reading = send("104").expect(201);
        assert_eq!(first, again);
        let history: Page<HistoryItem> = m.resident().get(&m.world.app, &format!("{path}?limit=100"));
        assert_eq!(history.items.iter().filter(|h| h.source == ReadingSource::Resident).count(), 1, "saved once");
        refused(&send("105"), 409, "idempotency_conflict");
        // Keys are per caller: the same key from someone else is their own.
        let other = m.world.operator.bearer_with(&m.world.app, "POST", &format!("/api/v1/operator/accounts/{ACCOUNT}/meters/{HOT}/readings"),
            Some(json!({"value": "106"})), &[("Idempotency-Key", "phone-retry-1")]);
        assert_eq!(other.status, 201, "{}", other.body);
        // A refused request leaves the key free.
        let key = [("Idempotency-Key", "k2")];
        assert_eq!(m.resident().bearer_with(&m.world.app, "POST", &path, Some(json!({"value": "1"})), &key).status, 422);
        assert_eq!(m.resident().bearer_with(&m.world.app, "POST", &path, Some(json!({"value": "107"})), &key).status, 201);
    }

    fn one_resident_may_send_sixty_readings_an_hour(backend) {
        let m = Meters::new(backend);
        for i in 1..=60 {
            m.accepted(HOT, &format!("100.{i:03}"));
        }
        let over = m.submit(HOT, json!({"value": "100.061"}));
        refused(&over, 429, "throttled");
        assert!(over.header("retry-after").is_some());
        // The office is not limited.
        let op: Reading = m.world.operator.bearer(&m.world.app, "POST", &format!("/api/v1/operator/accounts/{ACCOUNT}/meters/{HOT}/readings"),
            Some(json!({"value": "100.062"}))).expect(201);
        assert_eq!(op.source, ReadingSource::Operator);
    }

    fn the_preview_prices_the_consumption_and_saves_nothing(backend) {
        let m = Meters::new(backend);
        let path = format!("/api/v1/accounts/{ACCOUNT}/meters/{HOT}/readings/preview");
        let preview: Preview = m.resident().bearer(&m.world.app, "POST", &path, Some(json!({"value": "101.234"}))).expect(200);
        assert_eq!((preview.consumption.as_str(), preview.unit.as_str()), ("1.234", "m3"));
        assert_eq!(preview.tariff.map(|t| t.to_string()), Some("198.24".into()));
        // 1.234 × 198.24 = 244.628… → 244.63
        assert_eq!(preview.amount.map(|a| a.to_string()), Some("244.63".into()));
        assert_eq!(m.meter(HOT).current.map(|c| c.status), Some(ReadingStatus::Billed), "nothing saved");
        let below = m.resident().bearer(&m.world.app, "POST", &path, Some(json!({"value": "99"})));
        refused(&below, 422, "below_previous");
        let heat: Preview = m.resident().bearer(&m.world.app, "POST", &format!("/api/v1/accounts/{ACCOUNT}/meters/{HEAT}/readings/preview"),
            Some(json!({"value": "6.5"}))).expect(200);
        assert_eq!(heat.amount.map(|a| a.to_string()), Some("3518.51".into()));
    }

    fn history_pages_and_the_monthly_series_cover_two_years(backend) {
        let m = Meters::new(backend);
        for v in ["101", "102", "103"] {
            m.accepted(HOT, v);
        }
        let base = format!("/api/v1/accounts/{ACCOUNT}/meters/{HOT}");
        let first: Page<HistoryItem> = m.resident().get(&m.world.app, &format!("{base}/readings?limit=2"));
        assert_eq!(first.items.len(), 2);
        assert_eq!(first.items[0].value, "103.000");
        let cursor = first.next_cursor.expect("a second page");
        let second: Page<HistoryItem> = m.resident().get(&m.world.app, &format!("{base}/readings?limit=2&cursor={cursor}"));
        assert_eq!(second.items.len(), 2);
        assert!(second.next_cursor.is_none());
        assert_eq!(second.items[1].source, ReadingSource::Integrator);
        let series: Page<MonthlyUse> = m.resident().get(&m.world.app, &format!("{base}/consumption"));
        assert_eq!(series.items.len(), 24);
        let last = series.items.last().expect("this month");
        assert_eq!(last.period, period(today()));
        assert_eq!(last.consumption.as_deref(), Some("3.000"));
    }

    fn a_personal_token_with_readings_write_can_submit(backend) {
        let m = Meters::new(backend);
        let app = &m.world.app;
        let make = |scopes: serde_json::Value| -> String {
            m.resident().bearer(app, "POST", "/api/v1/me/tokens", Some(json!({"name": "умный дом", "scopes": scopes})))
                .json()["token"].as_str().unwrap_or_default().to_owned()
        };
        let writer = make(json!(["readings:write"]));
        let reader = make(json!(["read"]));
        let path = app.url(&format!("/api/v1/accounts/{ACCOUNT}/meters/{HOT}/readings"));
        let post = |token: &str| kabinet_e2e::http::call_with("POST", &path, Some(json!({"value": "100.5"})), &[("Authorization", &format!("Bearer {token}"))]);
        let saved: Reading = post(&writer).expect(201);
        assert_eq!(saved.source, ReadingSource::PersonalToken);
        refused(&post(&reader), 403, "insufficient_scope");
    }

    fn a_window_closed_today_keeps_the_reading_for_the_next_period(backend) {
        // The house's own window is a day that is never today (the zone is UTC).
        let day = today().day();
        let other = if day == 1 { 2 } else { 1 };
        let m = Meters::new(backend);
        let houses = json!([{"id": "H-1", "settlement": "г. Кызыл", "street": "ул. Ленина", "house": "12",
            "reading_window": {"start_day": other, "end_day": other}}]);
        m.put("/api/v1/integration/houses", houses);
        let hot = m.meter(HOT);
        assert!(!hot.window.open);
        assert_eq!(hot.window.days_left, None);
        let saved = m.accepted(HOT, "101");
        assert!(!saved.in_window);
        assert_eq!(saved.period, hot.window.period);
        let next_month = period(today().with_day(1).unwrap_or(today()) + Duration::days(32));
        let expected = if other > day { period(today()) } else { next_month };
        assert_eq!(saved.period, expected);
    }

    fn the_window_follows_the_supplier_s_calendar_not_utc(backend) {
        // UTC+14 and UTC−12 are always on different dates; the house's window is UTC+14's today.
        let east = (Utc::now() + Duration::hours(14)).date_naive();
        let window = json!([{"id": "H-1", "settlement": "г. Кызыл", "street": "ул. Ленина", "house": "12",
            "reading_window": {"start_day": east.day(), "end_day": east.day()}}]);
        let kiritimati = Meters::with_env(backend, &[("KABINET_TIMEZONE", "Etc/GMT-14")]);
        kiritimati.put("/api/v1/integration/houses", window.clone());
        let w = kiritimati.meter(HOT).window;
        assert!(w.open, "{w:?}");
        assert_eq!((w.days_left, w.next_opens_on.clone()), (Some(1), east.to_string()));
        let baker = Meters::with_env(backend, &[("KABINET_TIMEZONE", "Etc/GMT+12")]);
        baker.put("/api/v1/integration/houses", window);
        let w = baker.meter(HOT).window;
        assert!(!w.open, "{w:?}");
    }

    fn a_replaced_meter_takes_no_readings_and_its_successor_starts_from_its_own_value(backend) {
        let m = Meters::new(backend);
        let mut new = meter_row("M-HOT-2", "hot_water", 3, today() + Duration::days(2000));
        new["installed_on"] = json!(today().to_string());
        new["replaces"] = json!({"id": HOT, "final_reading": "102.400"});
        new["initial_reading"] = json!("0.010");
        let first = m.put("/api/v1/integration/meters", json!([new.clone()]));
        assert_eq!((first.created, first.errors.len()), (1, 0), "{first:?}");
        let again = m.put("/api/v1/integration/meters", json!([new]));
        assert_eq!((again.unchanged, again.created), (1, 0), "re-uploading changes nothing");
        let view = m.view();
        let old = view.iter().find(|v| v.id == HOT).expect("old meter kept");
        assert_eq!(old.status, kabinet_shared::api::meters::MeterStatus::Replaced);
        assert_eq!(old.last_billed.as_ref().map(|b| b.value.as_str()), Some("102.400"), "its final reading");
        refused(&m.submit(HOT, json!({"value": "103"})), 422, "meter_removed");
        refused(&m.submit("M-HOT-2", json!({"value": "0.005"})), 422, "below_previous");
        let saved = m.accepted("M-HOT-2", "0.5");
        assert_eq!(saved.value, "0.500");
        // A replacement naming a meter of another account is a bad row.
        let mut stray = meter_row("M-X", "hot_water", 3, today() + Duration::days(100));
        stray["installed_on"] = json!(today().to_string());
        stray["replaces"] = json!({"id": "M-NONE", "final_reading": "1"});
        let bad = m.put("/api/v1/integration/meters", json!([stray]));
        assert_eq!((bad.created, bad.errors.len()), (0, 1));
    }

    fn uploads_report_bad_rows_and_need_their_scopes(backend) {
        let m = Meters::new(backend);
        let rows = json!([
            meter_row("M-OK", "cold_water", 2, today()),
            {"id": "M-BAD", "account": "999999999", "service": "hot_water", "serial_number": "x", "decimals": 3, "verification_due": "2030-01-01"},
            {"id": "M-DEC", "account": ACCOUNT, "service": "hot_water", "serial_number": "x", "decimals": 7, "verification_due": "2030-01-01"},
        ]);
        let result = m.put("/api/v1/integration/meters", rows);
        assert_eq!(result.created, 1);
        let lines: Vec<u64> = result.errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, vec![2, 3]);
        let tariffs = json!([{"service": "heating", "price": "1.00", "unit": "m3", "valid_from": "2026-01-01"}]);
        assert_eq!(m.put("/api/v1/integration/tariffs", tariffs).errors.len(), 1);
        let narrow = m.world.app.api_client("narrow", "accounts:write");
        for (method, path, body) in [("PUT", "/api/v1/integration/meters", "[]"), ("PUT", "/api/v1/integration/tariffs", "[]"),
            ("GET", "/api/v1/integration/readings", ""), ("POST", "/api/v1/integration/readings/billed", "{\"readings\": []}")] {
            let answer = m.world.app.integration(method, path, &narrow, "application/json", body);
            assert_eq!(answer.status, 403, "{path}: {}", answer.body);
        }
    }

    fn billed_readings_are_locked_and_shown_as_last_billed(backend) {
        let m = Meters::new(backend);
        let r = m.accepted(HOT, "104.25");
        let mark = |id: i64, p: &str| -> BulkResult {
            m.billing("POST", "/api/v1/integration/readings/billed", Some(json!({"readings": [{"id": id, "period": p}]}))).expect(200)
        };
        let p = period(today());
        assert_eq!(mark(r.id, &p).updated, 1);
        assert_eq!(mark(r.id, &p).unchanged, 1, "marking again changes nothing");
        assert_eq!(mark(r.id, "2020-01").errors.len(), 1);
        assert_eq!(mark(999_999, &p).errors.len(), 1);
        let hot = m.meter(HOT);
        assert_eq!(hot.last_billed.map(|b| (b.value, b.period)), Some(("104.250".into(), p)));
        let reject = m.world.operator.bearer(&m.world.app, "POST", &format!("/api/v1/operator/readings/{}/reject", r.id), Some(json!({"reason": "x"})));
        refused(&reject, 409, "reading_locked");
        // A billed reading is never superseded: a new one in the same period is a new reading.
        m.accepted(HOT, "104.5");
        let history: Page<HistoryItem> = m.resident().get(&m.world.app, &format!("/api/v1/accounts/{ACCOUNT}/meters/{HOT}/readings"));
        assert!(history.items.iter().any(|h| h.id == r.id && h.status == ReadingStatus::Billed));
    }

    fn an_operator_enters_a_reading_given_on_the_phone_and_it_is_audited(backend) {
        let m = Meters::new(backend);
        let op = &m.world.operator;
        let saved: Reading = op.bearer(&m.world.app, "POST", &format!("/api/v1/operator/accounts/{ACCOUNT}/meters/{HEAT}/readings"),
            Some(json!({"value": "5.5"}))).expect(201);
        assert_eq!(saved.source, ReadingSource::Operator);
        let audit = op.bearer(&m.world.app, "GET", &format!("/api/v1/operator/audit?target_kind=account&target_id={ACCOUNT}"), None).json();
        let entered = audit["items"].as_array().and_then(|a| a.iter().find(|e| e["action"] == "reading.entered")).cloned().unwrap_or_default();
        assert!(entered["details"].as_str().unwrap_or_default().contains(&saved.number), "{audit}");
        // A resident cannot use the operator's door.
        let denied = m.resident().bearer(&m.world.app, "POST", &format!("/api/v1/operator/accounts/{ACCOUNT}/meters/{HEAT}/readings"), Some(json!({"value": "6"})));
        assert_eq!(denied.status, 403);
    }

    fn the_export_misses_nothing_and_repeats_nothing_while_fifty_writers_submit(backend) {
        let m = Meters::new(backend);
        let rows: Vec<serde_json::Value> = (0..50).map(|i| {
            let mut row = meter_row(&format!("M-W{i:02}"), "hot_water", 3, today() + Duration::days(900));
            row["initial_reading"] = json!("0");
            row
        }).collect();
        assert_eq!(m.put("/api/v1/integration/meters", serde_json::Value::from(rows)).created, 50);
        let app = &m.world.app;
        let op = &m.world.operator;
        // The writers' ids, once they are all done; the poller goes on until it has seen them
        // all. A reading the cursor stepped past would never come: the deadline fails the test.
        // (On PostgreSQL a page can be empty for a moment while an older transaction anywhere
        // in the cluster is still running; that delays a reading, never loses it.)
        let expected: std::sync::Mutex<Option<BTreeSet<i64>>> = std::sync::Mutex::new(None);
        let export_page = |cursor: &Option<String>| -> Page<ExportedReading> {
            let path = match cursor {
                Some(c) => format!("/api/v1/integration/readings?limit=37&cursor={c}"),
                None => "/api/v1/integration/readings?limit=37".to_owned(),
            };
            m.billing("GET", &path, None).expect(200)
        };
        let (written, exported) = std::thread::scope(|s| {
            let writers: Vec<_> = (0..50).map(|i| s.spawn(move || {
                let mut ids = Vec::new();
                for step in 1..=4 {
                    let saved: Reading = op.bearer(app, "POST", &format!("/api/v1/operator/accounts/{ACCOUNT}/meters/M-W{i:02}/readings"),
                        Some(json!({"value": format!("{step}.{i:03}")}))).expect(201);
                    ids.push(saved.id);
                }
                ids
            })).collect();
            let reader = s.spawn(|| {
                let mut seen = Vec::new();
                let mut cursor = None;
                let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
                loop {
                    let page = export_page(&cursor);
                    seen.extend(page.items.into_iter().map(|r| r.id));
                    cursor = page.next_cursor;
                    let all_in = expected.lock().unwrap().as_ref().is_some_and(|want: &BTreeSet<i64>| {
                        want.iter().all(|id| seen.contains(id))
                    });
                    if all_in || std::time::Instant::now() > deadline {
                        // One more page: nothing may follow the writers' readings.
                        seen.extend(export_page(&cursor).items.into_iter().map(|r| r.id));
                        return seen;
                    }
                }
            });
            let written: Vec<i64> = writers.into_iter().flat_map(|w| w.join().unwrap()).collect();
            *expected.lock().unwrap() = Some(written.iter().copied().collect());
            (written, reader.join().unwrap())
        });
        let unique: BTreeSet<i64> = exported.iter().copied().collect();
        assert_eq!(unique.len(), exported.len(), "no reading exported twice");
        let written: BTreeSet<i64> = written.into_iter().collect();
        assert_eq!(written.len(), 200);
        let missing: Vec<&i64> = written.difference(&unique).collect();
        assert!(missing.is_empty(), "missed {missing:?}");
        // The two billed readings from the fixture are exported too, before the rest.
        assert_eq!(unique.len(), 202);
    }
}
