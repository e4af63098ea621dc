//! Password guessing from one address: the per-(address, login) back-off, the per-address
//! volume limit, concurrency, memory under a burst, and current-password checks.

use std::sync::Barrier;

use kabinet_e2e::identity::PASSWORD;
use kabinet_e2e::{both_backends, SpawnOptions, TestApp, TestDb};
use serde_json::json;

use super::{assert_throttled, field, login_from, unset, user_detail, NEW_PASSWORD};

/// 25 attempts at `login` from 203.0.113.5: the first 5 are 401, every later one (even with
/// the right password) is 429.
fn hammer(app: &TestApp, login: &str) {
    for n in 1..=25 {
        let password = if n == 6 { PASSWORD } else { "wrong-pass-1" };
        let answer = login_from(app, "203.0.113.5", login, password);
        if n <= 5 {
            assert_eq!(answer.status, 401, "attempt {n}: {}", answer.body);
            assert_eq!(answer.code(), "invalid_credentials", "attempt {n}");
        } else {
            assert_throttled(&answer, &format!("attempt {n} at {login}"));
        }
    }
}

both_backends! {
    fn a_stranger_guessing_from_one_address_stops_only_that_address(backend) {
        let app = TestApp::spawn(backend);
        let victim = app.resident("victim");
        let chief = app.staff("chief", true);

        hammer(&app, "victim");
        assert_eq!(victim.bearer(&app, "GET", "/api/v1/me", None).status, 200, "her session goes on");
        let counted = user_detail(&app, &chief, victim.user_id());
        assert_eq!(counted["recent_failed_logins"], 5, "refused attempts are not failures: {counted}");
        let home = login_from(&app, "198.51.100.20", "victim", PASSWORD);
        assert_eq!(home.status, 200, "the owner signs in from home: {}", home.body);
        let detail = user_detail(&app, &chief, victim.user_id());
        assert!(unset(&detail, "blocked_at"), "{detail}");
        assert!(detail.get("password_locked_at").is_none(), "{detail}");

        hammer(&app, "chief");
        let office = login_from(&app, "198.51.100.21", "chief", PASSWORD);
        assert_eq!(office.status, 200, "the admin signs in from the office: {}", office.body);
    }

    fn one_addresss_failures_for_one_login_do_not_stop_another_login_there(backend) {
        let app = TestApp::spawn(backend);
        app.register("anna.a");
        app.register("boris.b");
        for n in 1..=5 {
            assert_eq!(login_from(&app, "203.0.113.7", "anna.a", "wrong-pass-1").status, 401, "attempt {n}");
        }
        assert_throttled(&login_from(&app, "203.0.113.7", "anna.a", PASSWORD), "anna from .7");
        let boris = login_from(&app, "203.0.113.7", "boris.b", PASSWORD);
        assert_eq!(boris.status, 200, "a neighbour behind the same address: {}", boris.body);
    }

    fn an_address_failing_across_many_logins_waits_for_its_hour(backend) {
        let app = TestApp::spawn_with(TestDb::create(backend), SpawnOptions {
            env: vec![("KABINET_LOGIN_IP_FAILURES_PER_HOUR".into(), "10".into())],
            ..Default::default()
        });
        app.register("real.user");
        for n in 0..10 {
            let answer = login_from(&app, "203.0.113.9", &format!("unknown.{n}"), "wrong-pass-1");
            assert_eq!(answer.status, 401, "failure {n}: {}", answer.body);
        }
        assert_throttled(&login_from(&app, "203.0.113.9", "unknown.10", "wrong-pass-1"), "11th, new login");
        assert_throttled(&login_from(&app, "203.0.113.9", "real.user", PASSWORD), "11th, right password");
        let elsewhere = login_from(&app, "203.0.113.10", "real.user", PASSWORD);
        assert_eq!(elsewhere.status, 200, "{}", elsewhere.body);
    }

    fn forty_concurrent_guesses_from_one_address_get_exactly_five_checks(backend) {
        let app = TestApp::spawn(backend);
        app.register("target");
        let barrier = Barrier::new(40);
        let statuses: Vec<u16> = std::thread::scope(|scope| {
            let runs: Vec<_> = (0..40)
                .map(|_| scope.spawn(|| {
                    barrier.wait();
                    login_from(&app, "203.0.113.11", "target", "wrong-pass-1").status
                }))
                .collect();
            runs.into_iter().map(|r| r.join().expect("login thread")).collect()
        });
        let count = |s: u16| statuses.iter().filter(|&&x| x == s).count();
        assert_eq!((count(401), count(429)), (5, 35), "{statuses:?}");
    }

    fn two_hundred_concurrent_sign_ins_are_answered_within_bounded_memory(backend) {
        let app = TestApp::spawn(backend);
        app.register("popular");
        let barrier = Barrier::new(200);
        let answers: Vec<kabinet_e2e::Answer> = std::thread::scope(|scope| {
            let runs: Vec<_> = (0..200_u16)
                .map(|i| {
                    let (app, barrier) = (&app, &barrier);
                    scope.spawn(move || {
                        // 10 wrong passwords for the user (fewer than the lock needs), 10 for
                        // unknown logins, the rest right.
                        let (login, password) = match i % 20 {
                            0 => ("popular".to_owned(), "wrong-pass-1"),
                            10 => (format!("nobody.{i}"), "wrong-pass-1"),
                            _ => ("popular".to_owned(), PASSWORD),
                        };
                        let ip = format!("10.1.{}.{}", i / 100, i % 100 + 1);
                        barrier.wait();
                        login_from(app, &ip, &login, password)
                    })
                })
                .collect();
            runs.into_iter().map(|r| r.join().expect("login thread")).collect()
        });
        for answer in &answers {
            assert!(matches!(answer.status, 200 | 401 | 503), "{} {}", answer.status, answer.body);
            if answer.status == 503 {
                assert_eq!(answer.code(), "busy");
                assert!(answer.header("Retry-After").is_some(), "{}", answer.body);
            }
        }
        let rss = app.rss_kib();
        let count = |s: u16| answers.iter().filter(|a| a.status == s).count();
        println!("after 200 concurrent sign-ins: RSS {rss} KiB; 200×{} 401×{} 503×{}", count(200), count(401), count(503));
        assert!(rss > 0, "could not read the server's memory");
        assert!(rss < 300 * 1024, "RSS {rss} KiB");
    }

    fn current_password_guesses_count_like_sign_in_failures(backend) {
        let app = TestApp::spawn(backend);
        let me = app.resident("guessed");
        let change = json!({"current_password": "wrong-pass-1", "new_password": NEW_PASSWORD});
        for n in 1..=5 {
            let answer = me.bearer(&app, "PUT", "/api/v1/me/password", Some(change.clone()));
            assert_eq!(answer.status, 400, "guess {n}: {}", answer.body);
            assert_eq!(field(&answer, "current_password"), "wrong", "guess {n}");
        }
        let sixth = me.bearer(&app, "PUT", "/api/v1/me/password", Some(change));
        assert_throttled(&sixth, "6th current-password guess");
        // The same counter as sign-in: this address (127.0.0.1, direct) now waits for the login.
        assert_throttled(&app.try_login("guessed", PASSWORD), "sign-in after the guesses");
    }
}
