//! One-line starting points for a test, typed with the `shared` DTOs: `World::new(backend)` is
//! a running server with an operator, an integrator key (every scope the API has), one house
//! and account uploaded by that key, and a resident — the account's owner — who has linked it
//! with an office code. Each area's tests start from here instead of repeating the set-up.

use kabinet_shared::api::accounts::{AccountDetail, AccountSummary, LinkCode};
use kabinet_shared::api::integration::BulkResult;
use kabinet_shared::api::page::Page;
use serde::de::DeserializeOwned;
use serde_json::json;

use crate::http::Answer;
use crate::identity::{registration, Session, PASSWORD};
use crate::{Backend, TestApp};

/// The owner of the fixture's account, as registered.
pub const OWNER: &str = "Иванова Мария Сергеевна";
/// The fixture's account number.
pub const ACCOUNT: &str = "100200300";
/// Scopes of the fixture's integrator key.
pub const SCOPES: &str = "houses:write,accounts:write";

impl Answer {
    /// The body as a `shared` DTO, after checking the status (panics with the body otherwise).
    pub fn expect<T: DeserializeOwned>(&self, status: u16) -> T {
        assert_eq!(self.status, status, "unexpected answer: {}", self.body);
        serde_json::from_str(&self.body)
            .unwrap_or_else(|err| panic!("not the expected shape ({err}): {}", self.body))
    }
}

impl Session {
    /// `GET path` with this session's bearer token, as a DTO (200 expected).
    pub fn get<T: DeserializeOwned>(&self, app: &TestApp, path: &str) -> T {
        self.bearer(app, "GET", path, None).expect(200)
    }
}

/// A server with an operator, an integrator and a resident who has linked their account.
pub struct World {
    pub app: TestApp,
    pub operator: Session,
    pub resident: Session,
    /// The integrator's API key.
    pub integrator: String,
    /// The linked account's number.
    pub account: String,
}

impl World {
    /// Builds the world on `backend`.
    pub fn new(backend: Backend) -> Self {
        Self::with_env(backend, &[])
    }

    /// Builds the world on `backend` with extra server settings (`KABINET_…` variables).
    pub fn with_env(backend: Backend, env: &[(&str, &str)]) -> Self {
        let options = crate::SpawnOptions {
            env: env
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
            ..crate::SpawnOptions::default()
        };
        Self::on(TestApp::spawn_with(crate::TestDb::create(backend), options))
    }

    /// Builds the world on a running server (its database fresh).
    pub fn on(app: TestApp) -> Self {
        let integrator = app.api_client("billing", SCOPES);
        let houses =
            json!([{"id": "H-1", "settlement": "г. Кызыл", "street": "ул. Ленина", "house": "12"}]);
        let put = |path: &str, body: String| -> BulkResult {
            app.integration("PUT", path, &integrator, "application/json", &body)
                .expect(200)
        };
        assert_eq!(
            put("/api/v1/integration/houses", houses.to_string()).created,
            1
        );
        let accounts = json!([{"number": ACCOUNT, "owner_name": OWNER, "house_id": "H-1",
            "address": {"settlement": "г. Кызыл", "street": "ул. Ленина", "house": "12", "flat": "7"},
            "heated_area": "54.30", "residents": 3}]);
        assert_eq!(
            put("/api/v1/integration/accounts", accounts.to_string()).created,
            1
        );
        let operator = app.staff("operator1", false);
        let code: LinkCode = operator
            .bearer(
                &app,
                "POST",
                &format!("/api/v1/operator/accounts/{ACCOUNT}/link-codes"),
                None,
            )
            .expect(201);
        let mut body = registration("owner");
        body["full_name"] = json!(OWNER);
        assert_eq!(
            app.call("POST", "/api/v1/auth/register", Some(body)).status,
            201
        );
        let resident = app.login("owner", PASSWORD);
        let linked = resident.bearer(
            &app,
            "POST",
            "/api/v1/accounts/link",
            Some(json!({"account_number": ACCOUNT, "code": code.code})),
        );
        assert_eq!(linked.status, 204, "{}", linked.body);
        Self {
            app,
            operator,
            resident,
            integrator,
            account: ACCOUNT.to_owned(),
        }
    }

    /// The resident's view of the linked account.
    pub fn account_detail(&self) -> AccountDetail {
        self.resident
            .get(&self.app, &format!("/api/v1/accounts/{}", self.account))
    }

    /// The resident's accounts.
    pub fn accounts(&self) -> Vec<AccountSummary> {
        self.resident
            .get::<Page<AccountSummary>>(&self.app, "/api/v1/accounts")
            .items
    }
}
