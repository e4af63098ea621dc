//! Helpers for tests that need users: register, sign in (bearer and cookie sessions), create
//! staff through the CLI, read the database directly.

use serde_json::{json, Value};

use crate::http::{self, Answer};
use crate::TestApp;

/// A password that passes the policy.
pub const PASSWORD: &str = "Тёплый-дом-2026";

/// A signed-in session: the tokens from the body and the cookies from the same answer.
#[derive(Debug, Clone)]
pub struct Session {
    pub access: String,
    pub refresh: String,
    pub cookie_access: String,
    pub cookie_refresh: String,
    pub csrf: String,
    pub user: Value,
}

impl Session {
    fn from_login(answer: &Answer) -> Self {
        assert_eq!(answer.status, 200, "login failed: {}", answer.body);
        let body = answer.json();
        Self {
            access: body["access_token"].as_str().unwrap_or_default().to_owned(),
            refresh: body["refresh_token"]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
            cookie_access: answer.cookie("kabinet_access").unwrap_or_default(),
            cookie_refresh: answer.cookie("kabinet_refresh").unwrap_or_default(),
            csrf: answer.cookie("kabinet_csrf").unwrap_or_default(),
            user: body["user"].clone(),
        }
    }

    /// The user id.
    pub fn user_id(&self) -> i64 {
        self.user["id"].as_i64().unwrap_or_default()
    }

    /// A call with `Authorization: Bearer <access token>`.
    pub fn bearer(&self, app: &TestApp, method: &str, path: &str, body: Option<Value>) -> Answer {
        let auth = format!("Bearer {}", self.access);
        http::call_with(method, &app.url(path), body, &[("Authorization", &auth)])
    }

    /// A bearer call with extra headers (`Idempotency-Key`).
    pub fn bearer_with(
        &self,
        app: &TestApp,
        method: &str,
        path: &str,
        body: Option<Value>,
        headers: &[(&str, &str)],
    ) -> Answer {
        let auth = format!("Bearer {}", self.access);
        let mut all = vec![("Authorization", auth.as_str())];
        all.extend_from_slice(headers);
        http::call_with(method, &app.url(path), body, &all)
    }

    /// A call as the SPA makes it: cookies, plus the CSRF header when `csrf` is true.
    pub fn cookie(
        &self,
        app: &TestApp,
        method: &str,
        path: &str,
        body: Option<Value>,
        csrf: bool,
    ) -> Answer {
        let cookies = format!(
            "kabinet_access={}; kabinet_refresh={}; kabinet_csrf={}",
            self.cookie_access, self.cookie_refresh, self.csrf
        );
        let mut headers = vec![("Cookie", cookies.as_str())];
        if csrf {
            headers.push(("X-CSRF-Token", self.csrf.as_str()));
        }
        http::call_with(method, &app.url(path), body, &headers)
    }
}

/// `POST /auth/login` as a client at address `ip` (through `X-Forwarded-For`, which the test
/// servers believe from 127.0.0.1).
pub fn login_from(app: &TestApp, ip: &str, login: &str, password: &str) -> Answer {
    app.call_from(
        ip,
        "POST",
        "/api/v1/auth/login",
        Some(json!({"login": login, "password": password})),
        &[],
    )
}

/// A registration body for `login` with valid defaults.
pub fn registration(login: &str) -> Value {
    json!({
        "login": login,
        "full_name": "Петрова Анна Сергеевна",
        "email": format!("{login}@example.ru"),
        "phone": "+7 (912) 345-67-89",
        "password": PASSWORD,
        "rules_version": 1,
        "consents": {"personal_data": true, "email": true, "sms": false, "service_info": true}
    })
}

impl TestApp {
    /// Registers a resident with valid defaults; returns the answer's JSON.
    pub fn register(&self, login: &str) -> Value {
        let answer = self.call("POST", "/api/v1/auth/register", Some(registration(login)));
        assert_eq!(answer.status, 201, "register {login}: {}", answer.body);
        answer.json()
    }

    /// `POST /auth/login`.
    pub fn try_login(&self, login: &str, password: &str) -> Answer {
        self.call(
            "POST",
            "/api/v1/auth/login",
            Some(json!({"login": login, "password": password})),
        )
    }

    /// Signs in and returns the session.
    pub fn login(&self, login: &str, password: &str) -> Session {
        Session::from_login(&self.try_login(login, password))
    }

    /// The code of the newest e-mail verification message to `email` (read from the outbox).
    pub fn verification_code(&self, email: &str) -> String {
        let mut conn = self.db_conn();
        let mail =
            kabinet_api::db::models::outbox::for_recipient(&mut conn, email).expect("outbox");
        mail.iter()
            .find_map(|m| {
                let (_, rest) = m.body.split_once("verify-email?code=")?;
                Some(rest.chars().take(6).collect::<String>())
            })
            .unwrap_or_else(|| panic!("no verification message to {email}"))
    }

    /// Verifies `session`'s address `email` with the code sent to it.
    pub fn verify_email(&self, session: &Session, email: &str) {
        let code = self.verification_code(email);
        let answer = session.bearer(
            self,
            "POST",
            "/api/v1/me/email/verify",
            Some(json!({ "code": code })),
        );
        assert_eq!(answer.status, 204, "verify {email}: {}", answer.body);
    }

    /// Registers and signs in a resident.
    pub fn resident(&self, login: &str) -> Session {
        self.register(login);
        self.login(login, PASSWORD)
    }

    /// Creates a staff member with `kabinet create-operator` and signs them in.
    pub fn staff(&self, login: &str, admin: bool) -> Session {
        use std::io::Write;
        let mut args = vec![
            "create-operator".to_owned(),
            "--login".into(),
            login.into(),
            "--full-name".into(),
            "Смирнова Ольга Петровна".into(),
            "--email".into(),
            format!("{login}@office.example.ru"),
            "--phone".into(),
            "+79990000001".into(),
        ];
        if admin {
            args.push("--admin".into());
        }
        let mut child = std::process::Command::new(crate::binary())
            .args(&args)
            .env("DATABASE_URL", self.db.url())
            .env("RUST_LOG", "warn")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("create-operator runs");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(format!("{PASSWORD}\n").as_bytes())
            .expect("write password");
        let out = child.wait_with_output().expect("create-operator ends");
        assert!(
            out.status.success(),
            "create-operator: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        self.login(login, PASSWORD)
    }

    /// Creates an integrator API client with `kabinet create-api-client`; returns its key.
    pub fn api_client(&self, name: &str, scopes: &str) -> String {
        let out = std::process::Command::new(crate::binary())
            .args(["create-api-client", "--name", name, "--scopes", scopes])
            .env("DATABASE_URL", self.db.url())
            .env("RUST_LOG", "warn")
            .output()
            .expect("create-api-client runs");
        assert!(
            out.status.success(),
            "create-api-client: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        text.lines()
            .find_map(|l| l.split("keep it secret): ").nth(1))
            .map(|k| k.trim().to_owned())
            .unwrap_or_else(|| panic!("no key printed: {text}"))
    }

    /// A call with an integrator key and an explicit content type (raw body).
    pub fn integration(
        &self,
        method: &str,
        path: &str,
        key: &str,
        content_type: &str,
        body: &str,
    ) -> Answer {
        crate::http::send_raw(
            method,
            &self.url(path),
            &[
                ("Authorization", &format!("Bearer {key}")),
                ("Content-Type", content_type),
            ],
            body,
        )
    }

    /// A direct database connection (for reading the outbox and history tables).
    pub fn db_conn(&self) -> kabinet_api::db::DbConnection {
        kabinet_api::db::pool::establish(&self.db.url()).expect("connect")
    }
}
