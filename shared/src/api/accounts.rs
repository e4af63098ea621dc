//! Utility accounts (лицевые счета): what residents see, link, and unlink; what operators
//! issue codes for and disconnect.

use serde::{Deserialize, Serialize};

use crate::money::{AreaCenti, Kopecks};

/// Postal address of an account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Address {
    /// Settlement, e.g. "г. Кызыл".
    pub settlement: String,
    pub street: String,
    pub house: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flat: Option<String>,
}

/// Open or closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AccountStatus {
    #[default]
    Open,
    Closed,
}

impl AccountStatus {
    /// Stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Closed => "closed",
        }
    }

    /// Parses a stored name.
    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "open" => Some(Self::Open),
            "closed" => Some(Self::Closed),
            _ => None,
        }
    }
}

/// Balance = charges − payments: positive is a debt, negative a credit (overpayment).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Balance {
    /// Signed amount: > 0 debt, < 0 credit.
    pub amount: Kopecks,
    /// `debt`, `credit` or `settled`.
    pub state: BalanceState,
}

/// Which side of zero the balance is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum BalanceState {
    Debt,
    Credit,
    Settled,
}

impl Balance {
    /// Classifies a signed amount.
    pub fn of(amount: Kopecks) -> Self {
        let state = match amount.0 {
            a if a > 0 => BalanceState::Debt,
            a if a < 0 => BalanceState::Credit,
            _ => BalanceState::Settled,
        };
        Self { amount, state }
    }
}

/// One linked account in `GET /api/v1/accounts`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountSummary {
    pub number: String,
    pub address: Address,
    pub owner_name: String,
    pub status: AccountStatus,
    pub balance: Balance,
    /// Whether this user linked as a family member registered in the owner's name.
    pub as_family_member: bool,
}

/// The last payment credited to an account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LastPayment {
    /// `YYYY-MM-DD`.
    #[cfg_attr(feature = "openapi", schema(format = Date))]
    pub paid_on: String,
    pub amount: Kopecks,
    pub source: String,
}

/// When readings are accepted for the current period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReadingWindow {
    /// First day of the month readings are accepted (default 20).
    pub start_day: u8,
    /// Last day (default 25).
    pub end_day: u8,
    /// Whether today is inside the window.
    pub open: bool,
    /// The next day the window opens (`YYYY-MM-DD`), or today's window's first day.
    #[cfg_attr(feature = "openapi", schema(format = Date))]
    pub next_opens_on: String,
}

/// A meter as «Общая информация» lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MeterSummary {
    /// `hot_water` (m³) or `heating` (Gcal).
    pub service: String,
    pub serial_number: String,
    /// Date the meter's verification (поверка) expires, `YYYY-MM-DD`.
    #[cfg_attr(feature = "openapi", schema(format = Date))]
    pub verification_due: String,
}

/// `GET /api/v1/accounts/{number}`: «Общая информация».
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountDetail {
    pub number: String,
    pub address: Address,
    pub owner_name: String,
    pub heated_area: AreaCenti,
    pub residents: i32,
    pub status: AccountStatus,
    pub balance: Balance,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_payment: Option<LastPayment>,
    /// The meters in service on the account.
    pub meters: Vec<MeterSummary>,
    pub reading_window: ReadingWindow,
    pub as_family_member: bool,
}

/// `POST /api/v1/accounts/link`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"account_number": "100200300", "code": "K7M2Q9XRT4"})))]
pub struct LinkRequest {
    pub account_number: String,
    /// The code from the service office (case and spaces ignored).
    pub code: String,
    /// I register as a family member in the owner's name (Rules §5).
    #[serde(default)]
    pub as_family_member: bool,
}

/// `POST /api/v1/operator/accounts/{number}/link-codes`: shown once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"code": "K7M2Q9XRT4", "account_number": "100200300", "expires_at": "2026-12-24T09:00:00Z", "expires_on": "2026-12-24"})))]
pub struct LinkCode {
    /// 10 characters from an alphabet without 0/O, 1/I/L.
    pub code: String,
    pub account_number: String,
    #[cfg_attr(feature = "openapi", schema(format = DateTime))]
    pub expires_at: String,
    /// The last day the code works, in the supplier's time zone (what the slip prints).
    #[cfg_attr(feature = "openapi", schema(format = Date))]
    pub expires_on: String,
}

/// Why a user is disconnected from an account (Rules 2.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DisconnectReason {
    WrittenRequest,
    OwnerChange,
    Other,
}

impl DisconnectReason {
    /// Stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::WrittenRequest => "written_request",
            Self::OwnerChange => "owner_change",
            Self::Other => "other",
        }
    }
}

/// `POST /api/v1/operator/accounts/{number}/disconnect`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"user_id": 5, "reason": "written_request", "note": "заявление №17 от 24.11.2026"})))]
pub struct DisconnectRequest {
    /// One user; absent = every linked user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<i64>,
    pub reason: DisconnectReason,
    #[serde(default)]
    pub note: String,
}

/// How many users were disconnected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DisconnectResult {
    pub disconnected: i64,
}

/// A user linked to an account, as operators see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LinkedUser {
    pub user_id: i64,
    pub login: String,
    pub full_name: String,
    pub as_family_member: bool,
    #[cfg_attr(feature = "openapi", schema(format = DateTime))]
    pub linked_at: String,
}

/// Wrong link codes a user tried on an account (within the last day), as operators see them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LinkAttempts {
    pub user_id: i64,
    /// Wrong tries; at 5 the user must wait (the code stays valid for everyone else).
    pub failures: i64,
    #[cfg_attr(feature = "openapi", schema(format = DateTime))]
    pub last_at: String,
}

/// `GET /api/v1/operator/accounts/{number}` (audited).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OperatorAccount {
    pub number: String,
    pub address: Address,
    pub owner_name: String,
    pub heated_area: AreaCenti,
    pub residents: i32,
    pub status: AccountStatus,
    pub balance: Balance,
    pub linked_users: Vec<LinkedUser>,
    /// Whether a code is waiting to be used.
    pub active_code: bool,
    /// Users who tried wrong codes on this account recently.
    #[serde(default)]
    pub failed_link_attempts: Vec<LinkAttempts>,
}

/// One account in the operator's search (`GET /api/v1/operator/accounts?q=`): by number as
/// people write it ("100 200 303"), by the owner's name, or by address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OperatorAccountListItem {
    pub number: String,
    pub address: Address,
    pub owner_name: String,
    pub status: AccountStatus,
    /// Users linked to it now.
    pub linked_users: i64,
}
