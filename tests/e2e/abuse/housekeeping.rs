//! Housekeeping (`kabinet prune`): throttle counters past their window are deleted and reset
//! links are blanked out of the outbox once they expire.

use kabinet_e2e::{both_backends, kabinet, TestApp};
use serde_json::json;

use super::{execute, login_from, outbox};

fn throttle_rows(app: &TestApp) -> i64 {
    let mut conn = app.db_conn();
    kabinet_api::with_conn!(&mut conn, |c| {
        use diesel::prelude::*;
        kabinet_api::db::schema::auth_throttles::table
            .count()
            .get_result::<i64>(c)
    })
    .expect("count auth_throttles")
}

fn prune(app: &TestApp) {
    let out = kabinet(&app.db, &["prune"]);
    assert!(
        out.status.success(),
        "prune: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

both_backends! {
    fn prune_deletes_old_counters_and_blanks_expired_reset_links(backend) {
        let app = TestApp::spawn(backend);
        app.register("tidy");
        for n in 0..3 {
            assert_eq!(login_from(&app, "203.0.113.40", "tidy", "wrong-pass-1").status, 401, "failure {n}");
        }
        let asked = app.call("POST", "/api/v1/auth/password-reset", Some(json!({"email": "tidy@example.ru"})));
        assert_eq!(asked.status, 202);
        assert!(throttle_rows(&app) > 0, "the failures are counted");
        let mail = outbox(&app, "tidy@example.ru");
        assert!(mail.iter().any(|m| m.body.contains("reset-password?token=")), "{mail:?}");

        prune(&app);
        assert!(throttle_rows(&app) > 0, "current counters are kept");
        assert!(outbox(&app, "tidy@example.ru").iter().any(|m| m.body.contains("reset-password?token=")), "a live link is kept");

        execute(&app, "UPDATE auth_throttles SET window_start = '2020-01-01 00:00:00'");
        execute(&app, "UPDATE outbox SET scrub_after = '2020-01-01 00:00:00' WHERE scrub IS NOT NULL");
        prune(&app);
        assert_eq!(throttle_rows(&app), 0, "old counters are deleted");
        let mail = outbox(&app, "tidy@example.ru");
        assert!(!mail.is_empty());
        assert!(mail.iter().all(|m| !m.body.contains("reset-password?token=")), "{mail:?}");
    }

    fn a_sent_reset_link_is_not_kept_in_the_outbox(backend) {
        let app = TestApp::spawn(backend);
        app.register("sent.mail");
        let asked = app.call("POST", "/api/v1/auth/password-reset", Some(json!({"email": "sent.mail@example.ru"})));
        assert_eq!(asked.status, 202);
        let mail = outbox(&app, "sent.mail@example.ru");
        let message = mail.iter().find(|m| m.body.contains("reset-password?token=")).expect("a reset link");
        // What the delivery worker does once the message is handed to the mail server.
        let mut conn = app.db_conn();
        kabinet_api::db::models::outbox::mark_sent(&mut conn, message.id).expect("mark sent");
        let after = outbox(&app, "sent.mail@example.ru");
        let sent = after.iter().find(|m| m.id == message.id).expect("still listed");
        assert!(!sent.body.contains("token="), "{}", sent.body);
        assert!(sent.body.contains(kabinet_api::db::models::outbox::SCRUBBED), "{}", sent.body);
    }
}
