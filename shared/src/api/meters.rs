//! «Данные счётчиков»: meters, readings, tariffs, and the billing system's side of them.
//! Meter values travel as decimal strings printed with the meter's own decimal places; a
//! request's `value` is a string too and is checked against the meter (`reading::MeterValue`).

use serde::{Deserialize, Serialize};

use crate::money::Kopecks;
use crate::reading::Service;

/// Where a meter is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MeterStatus {
    #[default]
    Active,
    /// Replaced by another meter (its final reading is kept).
    Replaced,
    /// Taken out without a successor.
    Removed,
}

impl MeterStatus {
    /// Stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Replaced => "replaced",
            Self::Removed => "removed",
        }
    }

    /// Parses a stored name.
    pub fn parse(value: &str) -> Option<Self> {
        [Self::Active, Self::Replaced, Self::Removed]
            .into_iter()
            .find(|s| s.as_str() == value)
    }
}

/// The meter a new one replaces, and the old meter's final reading.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Replaces {
    /// The billing system's id of the old meter.
    pub id: String,
    /// The old meter's reading when it was taken out.
    pub final_reading: String,
}

/// A reading the billing system already billed, sent with the meter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BilledReading {
    pub value: String,
    #[cfg_attr(feature = "openapi", schema(format = Date))]
    pub taken_on: String,
    /// `YYYY-MM`.
    pub period: String,
}

/// One row of `PUT /api/v1/integration/meters` (scope `meters:write`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"id": "M-1001", "account": "100200300", "service": "hot_water",
    "serial_number": "ГВ-4411-07", "model": "СГВ-15", "installed_on": "2024-03-01", "decimals": 3,
    "verification_due": "2030-03-01", "status": "active", "initial_reading": "0.000"})))]
pub struct MeterRow {
    /// The billing system's meter id: the `{id}` of every meter URL.
    pub id: String,
    /// The account number.
    pub account: String,
    pub service: Service,
    pub serial_number: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(format = Date))]
    pub installed_on: Option<String>,
    /// Decimal places the meter shows (0–4).
    pub decimals: u8,
    /// The day the verification (поверка) expires.
    #[cfg_attr(feature = "openapi", schema(format = Date))]
    pub verification_due: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<MeterStatus>,
    /// This meter replaces another (which becomes `replaced`, its final reading recorded).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replaces: Option<Replaces>,
    /// The reading the meter started from (the floor for the first reading).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initial_reading: Option<String>,
    /// The last reading the billing system billed, if it wants it shown for reconciliation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_billed: Option<BilledReading>,
}

/// One row of `PUT /api/v1/integration/tariffs` (scope `tariffs:write`); the key is
/// `(service, valid_from)`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"service": "hot_water", "price": "198.24", "unit": "m3", "valid_from": "2026-07-01"})))]
pub struct TariffRow {
    pub service: Service,
    /// Roubles per unit.
    pub price: Kopecks,
    /// `m3` or `gcal` (must match the service).
    pub unit: String,
    #[cfg_attr(feature = "openapi", schema(format = Date))]
    pub valid_from: String,
    /// Last day it applies; absent = until further notice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(format = Date))]
    pub valid_to: Option<String>,
}

/// Where a reading stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReadingStatus {
    /// Waiting for the billing of its period.
    Received,
    /// Used for the charges of its period: locked.
    Billed,
    /// Refused by an operator (the reason is shown).
    Rejected,
    /// Replaced by a later submission in the same period (kept in history).
    Superseded,
}

impl ReadingStatus {
    /// Stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Received => "received",
            Self::Billed => "billed",
            Self::Rejected => "rejected",
            Self::Superseded => "superseded",
        }
    }

    /// Parses a stored name.
    pub fn parse(value: &str) -> Option<Self> {
        [
            Self::Received,
            Self::Billed,
            Self::Rejected,
            Self::Superseded,
        ]
        .into_iter()
        .find(|s| s.as_str() == value)
    }
}

/// Who entered a reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReadingSource {
    Resident,
    Operator,
    Integrator,
    PersonalToken,
    Estimated,
}

impl ReadingSource {
    /// Stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Resident => "resident",
            Self::Operator => "operator",
            Self::Integrator => "integrator",
            Self::PersonalToken => "personal_token",
            Self::Estimated => "estimated",
        }
    }

    /// Parses a stored name.
    pub fn parse(value: &str) -> Option<Self> {
        [
            Self::Resident,
            Self::Operator,
            Self::Integrator,
            Self::PersonalToken,
            Self::Estimated,
        ]
        .into_iter()
        .find(|s| s.as_str() == value)
    }
}

/// The reading last billed, beside the current one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LastBilled {
    pub value: String,
    #[cfg_attr(feature = "openapi", schema(format = Date))]
    pub taken_on: String,
    /// `YYYY-MM`.
    pub period: String,
}

/// The latest reading submitted (not superseded).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CurrentReading {
    pub value: String,
    #[cfg_attr(feature = "openapi", schema(format = Date))]
    pub taken_on: String,
    pub status: ReadingStatus,
    /// The number to quote to the office.
    pub number: String,
    /// `YYYY-MM`: the period it counts for.
    pub period: String,
    /// Why an operator rejected it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reject_reason: Option<String>,
}

/// The reading window of the meter's house, in the supplier's time zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MeterWindow {
    pub open: bool,
    /// Days left including today, while open.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days_left: Option<u32>,
    /// The first day of the current window if open, else of the next one.
    #[cfg_attr(feature = "openapi", schema(format = Date))]
    pub next_opens_on: String,
    /// The last day of the current (or next) window.
    #[cfg_attr(feature = "openapi", schema(format = Date))]
    pub closes_on: String,
    /// `YYYY-MM`: the period a reading submitted today counts for.
    pub period: String,
}

/// One meter in `GET /api/v1/accounts/{number}/meters`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MeterView {
    /// The billing system's id (the `{id}` in meter URLs).
    pub id: String,
    pub service: Service,
    /// `m3` or `gcal`.
    pub unit: String,
    pub serial_number: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    pub decimals: u8,
    /// `active`, or `replaced` / `removed` (kept to show its history; takes no readings).
    pub status: MeterStatus,
    #[cfg_attr(feature = "openapi", schema(format = Date))]
    pub verification_due: String,
    /// From 60 days before the verification is due (and after).
    pub verification_warning: bool,
    /// Past its verification date: readings are refused until it is verified.
    pub verification_expired: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_billed: Option<LastBilled>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current: Option<CurrentReading>,
    /// Current − last billed (absent without both).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consumption: Option<String>,
    /// The value a new reading must not go under.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub floor: Option<String>,
    pub window: MeterWindow,
}

/// `POST /api/v1/accounts/{number}/meters/{id}/readings`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"value": "123.456", "taken_on": "2026-11-21"})))]
pub struct SubmitReading {
    /// A decimal string with at most the meter's decimal places (a comma is accepted).
    pub value: String,
    /// Defaults to today (supplier's time zone); never in the future.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(format = Date))]
    pub taken_on: Option<String>,
    /// Accept a value the checks call unusual (it is flagged for the operator).
    #[serde(default)]
    pub confirm_unusual: bool,
}

/// One meter of the one-form submission.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReadingEntry {
    pub meter_id: String,
    pub value: String,
}

/// `POST /api/v1/accounts/{number}/readings`: every meter of the account at once, all or
/// nothing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"readings": [{"meter_id": "M-1001", "value": "123.456"}, {"meter_id": "M-1002", "value": "4.1234"}]})))]
pub struct SubmitReadings {
    pub readings: Vec<ReadingEntry>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(format = Date))]
    pub taken_on: Option<String>,
    #[serde(default)]
    pub confirm_unusual: bool,
}

/// A saved reading (the answer to a submission).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Reading {
    pub id: i64,
    /// Quote it to the office: «показания № 2611-000123».
    pub number: String,
    pub meter_id: String,
    pub value: String,
    #[cfg_attr(feature = "openapi", schema(format = Date))]
    pub taken_on: String,
    /// `YYYY-MM`: the period it counts for (the next one when sent outside the window).
    pub period: String,
    /// Whether it arrived inside the window (else it waits for `period`).
    pub in_window: bool,
    pub status: ReadingStatus,
    pub source: ReadingSource,
    /// Confirmed as unusual: an operator will look at it.
    pub flagged: bool,
}

/// `POST /api/v1/accounts/{number}/readings`: one saved reading per meter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReadingsSaved {
    pub items: Vec<Reading>,
}

/// `POST …/meters/{id}/readings/preview`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"value": "130.500"})))]
pub struct PreviewRequest {
    pub value: String,
}

/// What a reading would cost at today's tariff; nothing is saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Preview {
    /// Since the last billed reading (or the meter's initial reading).
    pub consumption: String,
    pub unit: String,
    /// Price per unit; absent when no tariff applies today.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tariff: Option<Kopecks>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Kopecks>,
}

/// One row of a meter's history (`GET …/meters/{id}/readings`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HistoryItem {
    pub id: i64,
    pub number: String,
    pub value: String,
    #[cfg_attr(feature = "openapi", schema(format = Date))]
    pub taken_on: String,
    /// In the supplier's offset.
    #[cfg_attr(feature = "openapi", schema(format = DateTime))]
    pub submitted_at: String,
    pub period: String,
    pub status: ReadingStatus,
    pub source: ReadingSource,
    pub flagged: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reject_reason: Option<String>,
}

/// One month of `GET …/meters/{id}/consumption` (the chart).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MonthlyUse {
    /// `YYYY-MM`.
    pub period: String,
    /// Absent for a month without a reading to compare.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consumption: Option<String>,
}

/// One reading of `GET /api/v1/integration/readings` (scope `readings:read`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExportedReading {
    pub id: i64,
    pub number: String,
    pub account: String,
    pub meter_id: String,
    pub value: String,
    #[cfg_attr(feature = "openapi", schema(format = Date))]
    pub taken_on: String,
    #[cfg_attr(feature = "openapi", schema(format = DateTime))]
    pub submitted_at: String,
    pub period: String,
    pub source: ReadingSource,
    pub status: ReadingStatus,
    pub flagged: bool,
}

/// A reading the billing system used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BilledRef {
    /// The reading's `id` from the export.
    pub id: i64,
    /// `YYYY-MM`.
    pub period: String,
}

/// `POST /api/v1/integration/readings/billed`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"readings": [{"id": 101, "period": "2026-11"}]})))]
pub struct BilledRequest {
    pub readings: Vec<BilledRef>,
}

/// A reading an operator should look at (`GET /api/v1/operator/readings/flagged`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FlaggedReading {
    pub id: i64,
    pub number: String,
    pub account: String,
    pub meter_id: String,
    pub service: Service,
    pub value: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<String>,
    #[cfg_attr(feature = "openapi", schema(format = Date))]
    pub taken_on: String,
    pub period: String,
    pub status: ReadingStatus,
    /// `daily_limit`, `above_average` or `zero_use`.
    pub flag_reason: String,
    #[cfg_attr(feature = "openapi", schema(format = DateTime))]
    pub submitted_at: String,
}

/// `POST /api/v1/operator/readings/{id}/reject`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"reason": "Фото счётчика показывает 123,4 — исправьте, пожалуйста"})))]
pub struct RejectRequest {
    /// Shown to the resident.
    pub reason: String,
}
