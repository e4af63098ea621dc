//! Appeals (Rules, section 4): a resident sees only their own; files are checked by content
//! and size, three at most; the deadline counts working days past weekends and holidays; the
//! office filters, takes, answers and closes, each step once; the home page counts them.

use chrono::{Datelike, Duration, NaiveDate, Utc, Weekday};
use kabinet_e2e::fixtures::{World, ACCOUNT};
use kabinet_e2e::{both_backends, http};
use serde_json::{json, Value};

const PNG: &[u8] =
    b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";

fn upload(
    world: &World,
    who: &kabinet_e2e::identity::Session,
    id: i64,
    name: &str,
    claimed: &str,
    data: &[u8],
) -> http::Answer {
    let auth = format!("Bearer {}", who.access);
    http::upload(
        &world.app.url(&format!("/api/v1/appeals/{id}/attachments")),
        &[("Authorization", &auth)],
        "file",
        name,
        claimed,
        data,
    )
}

fn is_working(day: NaiveDate, holiday: NaiveDate) -> bool {
    !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) && day != holiday
}

both_backends! {
    fn an_appeal_lives_from_filing_to_closing_and_only_its_resident_sees_it(backend) {
        // The standard: 2 working days; the next working day after today is a holiday.
        let today = Utc::now().date_naive();
        let mut holiday = today + Duration::days(1);
        while matches!(holiday.weekday(), Weekday::Sat | Weekday::Sun) {
            holiday += Duration::days(1);
        }
        let holiday_text = holiday.to_string();
        let world = World::with_env(backend, &[
            ("KABINET_TIMEZONE", "UTC"),
            ("KABINET_APPEAL_DAYS", "2"),
            ("KABINET_HOLIDAYS", &holiday_text),
        ]);
        let app = &world.app;
        let mut expected = today;
        for _ in 0..2 {
            expected += Duration::days(1);
            while !is_working(expected, holiday) {
                expected += Duration::days(1);
            }
        }

        let filed = world.resident.bearer(app, "POST", "/api/v1/appeals", Some(json!({
            "category": "complaint", "subject": "  Холодные   батареи ", "text": "С 20 ноября батареи едва тёплые.\nПроверьте, пожалуйста.",
            "account": ACCOUNT})));
        assert_eq!(filed.status, 201, "{}", filed.body);
        let a = filed.json();
        let id = a["id"].as_i64().unwrap();
        assert_eq!(a["status"], "new");
        assert_eq!(a["subject"], "Холодные батареи");
        assert_eq!(a["account"], ACCOUNT);
        assert_eq!(a["deadline"], expected.to_string(), "two working days, skipping weekends and {holiday}");
        assert!(a["number"].as_str().unwrap().starts_with(&format!("{}-", today.year())));
        assert_eq!(a["overdue"], false);

        // Validation, and an account that is not theirs.
        let bad = world.resident.bearer(app, "POST", "/api/v1/appeals", Some(json!({
            "category": "question", "subject": "", "text": "x", "account": "999999999"})));
        assert_eq!(bad.status, 400);
        let fields = &bad.json()["error"]["fields"];
        assert_eq!((fields["subject"].as_str(), fields["account"].as_str()), (Some("required"), Some("not_linked")));
        let wrong_kind = world.resident.bearer(app, "POST", "/api/v1/appeals", Some(json!({
            "category": "gossip", "subject": "s", "text": "t"})));
        assert_eq!(wrong_kind.status, 400);

        // Files: an image by its content; text named .png is refused; 5 MB + 1 is too large.
        let photo = upload(&world, &world.resident, id, "батарея.png", "image/png", PNG);
        assert_eq!(photo.status, 201, "{}", photo.body);
        let photo: Value = photo.json();
        assert_eq!((photo["name"].as_str(), photo["content_type"].as_str(), photo["size"].as_i64()),
            (Some("батарея.png"), Some("image/png"), Some(i64::try_from(PNG.len()).unwrap())));
        let fake = upload(&world, &world.resident, id, "photo.png", "image/png", b"<script>alert(1)</script>");
        assert_eq!((fake.status, fake.code()), (415, "unsupported_file_type".to_owned()));
        let mut big = b"%PDF-1.4\n".to_vec();
        big.resize(5 * 1024 * 1024 + 1, b' ');
        let huge = upload(&world, &world.resident, id, "scan.pdf", "application/pdf", &big);
        assert_eq!((huge.status, huge.code()), (413, "payload_too_large".to_owned()));
        big.truncate(5 * 1024 * 1024);
        assert_eq!(upload(&world, &world.resident, id, "scan.pdf", "application/pdf", &big).status, 201, "exactly 5 MB is fine");
        assert_eq!(upload(&world, &world.resident, id, "c.pdf", "application/pdf", b"%PDF-1.7 small").status, 201);
        let fourth = upload(&world, &world.resident, id, "d.pdf", "application/pdf", b"%PDF-1.7 small");
        assert_eq!((fourth.status, fourth.code()), (409, "too_many_attachments".to_owned()));

        // Someone else sees nothing of it — not the appeal, not its files, not in their list.
        let stranger = app.resident("stranger");
        let theirs = stranger.bearer(app, "GET", &format!("/api/v1/appeals/{id}"), None);
        assert_eq!(theirs.status, 404);
        let file_path = format!("/api/v1/appeals/{id}/attachments/{}", photo["id"]);
        assert_eq!(stranger.bearer(app, "GET", &file_path, None).status, 404);
        assert_eq!(upload(&world, &stranger, id, "x.png", "image/png", PNG).status, 404);
        assert_eq!(stranger.bearer(app, "GET", "/api/v1/appeals", None).json(), json!({"items": []}));
        let mine = world.resident.bearer(app, "GET", &file_path, None);
        assert_eq!((mine.status, mine.content_type.as_str()), (200, "image/png"));

        // The office: filters, the full view (with the filer), take → answer → close, once each.
        let op = &world.operator;
        let listed = op.bearer(app, "GET", "/api/v1/operator/appeals?status=new&category=complaint", None).json();
        assert_eq!(listed["items"][0]["id"], id);
        assert_eq!(listed["items"][0]["resident"]["full_name"], kabinet_e2e::fixtures::OWNER);
        assert_eq!(op.bearer(app, "GET", "/api/v1/operator/appeals?overdue=true", None).json()["items"], json!([]));
        assert_eq!(op.bearer(app, "GET", "/api/v1/operator/appeals?status=closed", None).json()["items"], json!([]));
        let summary = op.bearer(app, "GET", "/api/v1/operator/summary", None).json();
        assert_eq!((summary["new_appeals"].as_i64(), summary["overdue_appeals"].as_i64()), (Some(1), Some(0)));
        let full = op.bearer(app, "GET", &format!("/api/v1/operator/appeals/{id}"), None).json();
        assert_eq!(full["attachments"].as_array().unwrap().len(), 3);
        assert!(full["text"].as_str().unwrap().contains("Проверьте"));
        let staff_file = op.bearer(app, "GET", &format!("/api/v1/operator/appeals/{id}/attachments/{}", photo["id"]), None);
        assert_eq!(staff_file.status, 200);
        assert_eq!(world.resident.bearer(app, "GET", &format!("/api/v1/operator/appeals/{id}"), None).status, 403);

        let take = |path: &str| op.bearer(app, "POST", &format!("/api/v1/operator/appeals/{id}/{path}"), None);
        assert_eq!(take("take").json()["status"], "in_progress");
        assert_eq!((take("take").status, take("take").code()), (409, "appeal_status".to_owned()));
        let empty = op.bearer(app, "POST", &format!("/api/v1/operator/appeals/{id}/answer"), Some(json!({"text": " "})));
        assert_eq!(empty.status, 400);
        let answered = op.bearer(app, "POST", &format!("/api/v1/operator/appeals/{id}/answer"),
            Some(json!({"text": "Давление восстановлено 22 ноября."})));
        assert_eq!(answered.json()["status"], "answered", "{}", answered.body);
        let late = upload(&world, &world.resident, id, "e.png", "image/png", PNG);
        assert_eq!((late.status, late.code()), (409, "appeal_status".to_owned()));
        let seen = world.resident.bearer(app, "GET", &format!("/api/v1/appeals/{id}"), None).json();
        assert_eq!(seen["status"], "answered");
        assert_eq!(seen["answer"]["text"], "Давление восстановлено 22 ноября.");
        assert_eq!(take("close").json()["status"], "closed");
        assert_eq!(take("close").status, 409);
        let again = op.bearer(app, "POST", &format!("/api/v1/operator/appeals/{id}/answer"), Some(json!({"text": "ещё"})));
        assert_eq!(again.status, 409);

        // Staff reads of the appeal are in the audit log.
        let audit = op.bearer(app, "GET", "/api/v1/operator/audit?target_kind=appeal", None).json();
        let actions: Vec<&str> = audit["items"].as_array().unwrap().iter().filter_map(|e| e["action"].as_str()).collect();
        for action in ["appeal.file", "appeal.view", "appeal.view_attachment", "appeal.take", "appeal.answer", "appeal.close"] {
            assert!(actions.contains(&action), "{action} in {actions:?}");
        }
    }

    fn overdue_appeals_stand_out_for_the_office(backend) {
        let world = World::with_env(backend, &[("KABINET_TIMEZONE", "UTC")]);
        let app = &world.app;
        let filed = world.resident.bearer(app, "POST", "/api/v1/appeals",
            Some(json!({"category": "proposal", "subject": "Лавочка", "text": "Поставьте лавочку у подъезда."}))).json();
        let id = filed["id"].as_i64().unwrap();
        // Its deadline passes (as if ten working days went by).
        world.app.db.execute(&format!("UPDATE appeals SET deadline = '2020-01-10' WHERE id = {id}"));
        let op = &world.operator;
        let overdue = op.bearer(app, "GET", "/api/v1/operator/appeals?overdue=true", None).json();
        assert_eq!(overdue["items"][0]["id"], id);
        assert_eq!(overdue["items"][0]["overdue"], true);
        assert_eq!(op.bearer(app, "GET", "/api/v1/operator/summary", None).json()["overdue_appeals"], 1);
        assert_eq!(world.resident.bearer(app, "GET", "/api/v1/appeals", None).json()["items"][0]["overdue"], true);
        // Answered, it is no longer overdue.
        op.bearer(app, "POST", &format!("/api/v1/operator/appeals/{id}/answer"), Some(json!({"text": "Поставим весной."})));
        assert_eq!(op.bearer(app, "GET", "/api/v1/operator/appeals?overdue=true", None).json()["items"], json!([]));
        assert_eq!(op.bearer(app, "GET", "/api/v1/operator/summary", None).json()["overdue_appeals"], 0);
    }
}
