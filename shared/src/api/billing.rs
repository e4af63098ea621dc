//! «История начислений и оплат», «Оплатить» and «Квитанция»: what the billing system uploads,
//! the month-by-month statement a resident reads, and online payments. Money is `Kopecks` (a
//! decimal string on the wire), quantities are `Quantity`; never floating point.

use serde::{Deserialize, Serialize};

use crate::money::{Kopecks, Quantity};

/// What a charge line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ChargeKind {
    /// The month's charge for a service.
    Regular,
    /// A correction of earlier months (may be negative), with its grounds in `comment`.
    Recalculation,
    /// A late-payment penalty (пени).
    Penalty,
}

impl ChargeKind {
    /// Every kind.
    pub const ALL: [Self; 3] = [Self::Regular, Self::Recalculation, Self::Penalty];

    /// Stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Regular => "regular",
            Self::Recalculation => "recalculation",
            Self::Penalty => "penalty",
        }
    }

    /// Parses a stored name.
    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == value)
    }
}

/// How a payment reached the supplier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PaymentChannel {
    Bank,
    Office,
    Agent,
    /// Paid in Kabinet through the payment provider.
    Online,
}

impl PaymentChannel {
    /// Every channel.
    pub const ALL: [Self; 4] = [Self::Bank, Self::Office, Self::Agent, Self::Online];

    /// Stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Bank => "bank",
            Self::Office => "office",
            Self::Agent => "agent",
            Self::Online => "online",
        }
    }

    /// Parses a stored name.
    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == value)
    }
}

/// One row of `POST /api/v1/integration/charges?period=YYYY-MM`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"account": "100200300", "service": "heating", "quantity": "1.2340", "unit": "Gcal", "tariff": "2456.18", "amount": "3030.93", "kind": "regular"})))]
#[serde(deny_unknown_fields)]
pub struct ChargeRow {
    pub account: String,
    /// A service code: `heating`, `hot_water`, … (lowercase letters, digits, `_`).
    pub service: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quantity: Option<Quantity>,
    /// `Gcal`, `m3`, …
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Price per unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tariff: Option<Kopecks>,
    /// Negative only for a recalculation.
    pub amount: Kopecks,
    pub kind: ChargeKind,
    /// The grounds of a recalculation or penalty, shown to the resident.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// The answer to a charges upload.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"accounts": 2, "rows": 5, "errors": [{"line": 3, "reason": "account: unknown account"}], "errors_omitted": 0})))]
pub struct ChargesResult {
    /// Accounts whose period was replaced by this upload.
    pub accounts: u64,
    /// Charge rows stored.
    pub rows: u64,
    /// The first 1 000 bad rows, by line. An account with a bad row keeps its previous charges.
    pub errors: Vec<crate::api::integration::RowError>,
    #[serde(default)]
    pub errors_omitted: u64,
}

/// One row of `POST /api/v1/integration/payments`: a payment made outside Kabinet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"external_id": "SB-2026-11-000123", "account": "100200300", "amount": "3500.00", "paid_at": "2026-11-10T12:30:00+03:00", "channel": "bank"})))]
#[serde(deny_unknown_fields)]
pub struct PaymentRow {
    /// The payment's id in the channel's system; a repeat with the same data is `unchanged`.
    pub external_id: String,
    pub account: String,
    pub amount: Kopecks,
    /// RFC 3339 date-time, or a date (`YYYY-MM-DD`, taken as noon in the supplier's zone).
    pub paid_at: String,
    /// `bank`, `office` or `agent` (`online` payments come from Kabinet itself).
    pub channel: PaymentChannel,
}

/// The answer to a payments upload.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"created": 120, "unchanged": 3, "errors": [], "errors_omitted": 0})))]
pub struct PaymentsResult {
    pub created: u64,
    /// Already recorded with the same data.
    pub unchanged: u64,
    pub errors: Vec<crate::api::integration::RowError>,
    #[serde(default)]
    pub errors_omitted: u64,
}

/// A charge line in a statement month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatementCharge {
    pub service: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quantity: Option<Quantity>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tariff: Option<Kopecks>,
    pub amount: Kopecks,
    pub kind: ChargeKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// A payment in a statement month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatementPayment {
    /// RFC 3339 in the supplier's zone.
    #[cfg_attr(feature = "openapi", schema(format = DateTime))]
    pub paid_at: String,
    pub amount: Kopecks,
    pub channel: PaymentChannel,
}

/// One month of a statement: `opening + charged − paid = closing`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatementMonth {
    /// `YYYY-MM`.
    pub period: String,
    /// Balance at the start of the month (> 0 debt, < 0 credit).
    pub opening: Kopecks,
    /// Every charge of the month: regular, recalculations and penalties.
    pub charged: Kopecks,
    /// Payments made during the month (by the supplier's calendar).
    pub paid: Kopecks,
    pub closing: Kopecks,
    pub charges: Vec<StatementCharge>,
    pub payments: Vec<StatementPayment>,
}

/// Sums over the statement's months.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatementTotals {
    pub charged: Kopecks,
    pub paid: Kopecks,
}

/// `GET /api/v1/accounts/{number}/statement?from=YYYY-MM&to=YYYY-MM`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Statement {
    pub account: String,
    /// `YYYY-MM`.
    pub from: String,
    /// `YYYY-MM`.
    pub to: String,
    /// Oldest first, one per month from `from` to `to`.
    pub months: Vec<StatementMonth>,
    pub totals: StatementTotals,
    /// Today's balance: > 0 is owed, < 0 is a credit.
    pub debt: Kopecks,
}

/// One charge in `GET /api/v1/accounts/{number}/charges` (newest period first).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChargeItem {
    pub id: i64,
    /// `YYYY-MM`.
    pub period: String,
    pub service: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quantity: Option<Quantity>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tariff: Option<Kopecks>,
    pub amount: Kopecks,
    pub kind: ChargeKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// One payment in `GET /api/v1/accounts/{number}/payments` (newest first).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PaymentItem {
    pub id: i64,
    #[cfg_attr(feature = "openapi", schema(format = DateTime))]
    pub paid_at: String,
    pub amount: Kopecks,
    pub channel: PaymentChannel,
}

/// `POST /api/v1/accounts/{number}/payments` (with an `Idempotency-Key` header).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"amount": "3541.20"})))]
#[serde(deny_unknown_fields)]
pub struct PayRequest {
    /// At least 1.00 and at most the configured maximum. No fee is added.
    pub amount: Kopecks,
}

/// Where an online payment is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OnlinePaymentStatus {
    /// Created; the payer has not finished at the provider yet.
    Pending,
    /// Credited to the account.
    Succeeded,
    /// Declined, cancelled or expired; nothing was credited.
    Failed,
}

impl OnlinePaymentStatus {
    /// Stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Succeeded => "succeeded",
            Self::Failed => "failed",
        }
    }

    /// Parses a stored name.
    pub fn parse(value: &str) -> Option<Self> {
        [Self::Pending, Self::Succeeded, Self::Failed]
            .into_iter()
            .find(|s| s.as_str() == value)
    }
}

/// 201 answer to `POST …/payments`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"id": "pay_3f9c2a7d1e6b4c0a9d8e7f6a5b4c3d2e", "status": "pending", "amount": "3541.20", "confirmation_url": "/sandbox/payments/pay_3f9c2a7d1e6b4c0a9d8e7f6a5b4c3d2e"})))]
pub struct PaymentCreated {
    pub id: String,
    pub status: OnlinePaymentStatus,
    pub amount: Kopecks,
    /// Where to send the payer: the provider's page (the built-in sandbox's own page by default).
    pub confirmation_url: String,
}

/// `GET /api/v1/payments/{id}`: the payer's own online payment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OnlinePayment {
    pub id: String,
    pub account: String,
    pub amount: Kopecks,
    pub status: OnlinePaymentStatus,
    #[cfg_attr(feature = "openapi", schema(format = DateTime))]
    pub created_at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(format = DateTime))]
    pub completed_at: Option<String>,
}

/// What the sandbox provider's page shows the payer: `GET /api/v1/sandbox/payments/{id}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SandboxPayment {
    pub id: String,
    pub amount: Kopecks,
    pub status: OnlinePaymentStatus,
    /// The payee as the receipt names it.
    pub payee: String,
    /// The 54-FZ receipt item.
    pub description: String,
    /// Where the payer returns afterwards (Kabinet's return page).
    pub return_url: String,
}

/// The body of a payment provider's webhook (`POST /api/v1/payments/webhook/sandbox`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"event_id": "evt_6a1f0c9b2d", "payment_id": "pay_3f9c2a7d1e6b4c0a9d8e7f6a5b4c3d2e", "status": "succeeded", "amount": "3541.20"})))]
pub struct WebhookEvent {
    /// Unique per event; a repeat is answered 200 and changes nothing.
    pub event_id: String,
    pub payment_id: String,
    /// `succeeded` or `failed`.
    pub status: OnlinePaymentStatus,
    pub amount: Kopecks,
}
