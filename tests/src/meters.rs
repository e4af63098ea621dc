//! Starting points for the readings tests: a [`World`] whose account has a hot-water meter
//! (3 decimals) and a heat meter (4 decimals), both with a billed reading from last month, the
//! demo tariffs, a billing key with every readings scope, and the window open all month
//! (`KABINET_READING_WINDOW=1-31`, `KABINET_TIMEZONE=UTC`) unless a test asks otherwise.

use chrono::{Duration, NaiveDate, Utc};
use kabinet_shared::api::integration::BulkResult;
use kabinet_shared::api::meters::{MeterView, Reading};
use kabinet_shared::api::page::Page;
use serde_json::{json, Value};

use crate::fixtures::{World, ACCOUNT};
use crate::http::Answer;
use crate::identity::Session;
use crate::Backend;

/// The hot-water meter (3 decimals).
pub const HOT: &str = "M-HOT-1";
/// The heat meter (4 decimals).
pub const HEAT: &str = "M-HEAT-1";
/// Scopes of [`Meters::key`].
pub const SCOPES: &str =
    "houses:write,accounts:write,meters:write,tariffs:write,readings:read,readings:write";

/// Today in UTC (the zone these tests give the server).
pub fn today() -> NaiveDate {
    Utc::now().date_naive()
}

/// `YYYY-MM` of a date.
pub fn period(day: NaiveDate) -> String {
    day.format("%Y-%m").to_string()
}

/// A meter row for the fixture's account.
pub fn meter_row(id: &str, service: &str, decimals: u8, due: NaiveDate) -> Value {
    json!({"id": id, "account": ACCOUNT, "service": service, "serial_number": format!("SN-{id}"),
        "decimals": decimals, "verification_due": due.to_string()})
}

/// The world with meters.
pub struct Meters {
    pub world: World,
    /// A billing key with every readings scope.
    pub key: String,
}

impl Meters {
    /// Two meters with last month's billed readings (hot water 100.000 m³, heat 5.0000 Gcal,
    /// taken 30 days ago) and tariffs, the window open.
    pub fn new(backend: Backend) -> Self {
        Self::with_env(backend, &[("KABINET_READING_WINDOW", "1-31")])
    }

    /// The same with other server settings (the zone stays UTC unless given).
    pub fn with_env(backend: Backend, env: &[(&str, &str)]) -> Self {
        let mut all = vec![("KABINET_TIMEZONE", "UTC")];
        all.extend_from_slice(env);
        Self::on(World::with_env(backend, &all))
    }

    /// The meters, their billed readings and the tariffs on `world` (whose server has the
    /// window open today).
    pub fn on(world: World) -> Self {
        let key = world.app.api_client("billing-readings", SCOPES);
        let month_ago = today() - Duration::days(30);
        let mut hot = meter_row(HOT, "hot_water", 3, today() + Duration::days(900));
        hot["last_billed"] = json!({"value": "100.000", "taken_on": month_ago.to_string(), "period": period(month_ago)});
        let mut heat = meter_row(HEAT, "heating", 4, today() + Duration::days(900));
        heat["last_billed"] = json!({"value": "5.0000", "taken_on": month_ago.to_string(), "period": period(month_ago)});
        let this = Self { world, key };
        let result = this.put("/api/v1/integration/meters", json!([hot, heat]));
        assert_eq!((result.created, result.errors.len()), (2, 0), "{result:?}");
        let tariffs = json!([
            {"service": "hot_water", "price": "198.24", "unit": "m3", "valid_from": "2020-01-01"},
            {"service": "heating", "price": "2345.67", "unit": "gcal", "valid_from": "2020-01-01"}
        ]);
        assert_eq!(this.put("/api/v1/integration/tariffs", tariffs).created, 2);
        this
    }

    /// A bulk upload with the billing key.
    pub fn put(&self, path: &str, rows: Value) -> BulkResult {
        self.world
            .app
            .integration(
                "PUT",
                path,
                &self.key,
                "application/json",
                &rows.to_string(),
            )
            .expect(200)
    }

    /// A call with the billing key.
    pub fn billing(&self, method: &str, path: &str, body: Option<Value>) -> Answer {
        crate::http::call_with(
            method,
            &self.world.app.url(path),
            body,
            &[("Authorization", &format!("Bearer {}", self.key))],
        )
    }

    /// The resident.
    pub fn resident(&self) -> &Session {
        &self.world.resident
    }

    /// The resident's meters.
    pub fn view(&self) -> Vec<MeterView> {
        self.resident()
            .get::<Page<MeterView>>(
                &self.world.app,
                &format!("/api/v1/accounts/{ACCOUNT}/meters"),
            )
            .items
    }

    /// One meter of the resident's view.
    pub fn meter(&self, id: &str) -> MeterView {
        self.view()
            .into_iter()
            .find(|m| m.id == id)
            .unwrap_or_else(|| panic!("meter {id} not in the view"))
    }

    /// Submits one reading as the resident.
    pub fn submit(&self, meter: &str, body: Value) -> Answer {
        self.resident().bearer(
            &self.world.app,
            "POST",
            &format!("/api/v1/accounts/{ACCOUNT}/meters/{meter}/readings"),
            Some(body),
        )
    }

    /// Submits one reading that must be accepted.
    pub fn accepted(&self, meter: &str, value: &str) -> Reading {
        self.submit(meter, json!({"value": value})).expect(201)
    }
}
