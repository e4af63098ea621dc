//! The integrators' (billing system) bulk uploads.

use serde::{Deserialize, Serialize};

use super::accounts::{AccountStatus, Address};
use crate::money::AreaCenti;

/// One row of `PUT /api/v1/integration/houses`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"id": "H-0001", "settlement": "г. Кызыл", "street": "ул. Ленина", "house": "12", "reading_window": {"start_day": 20, "end_day": 25}})))]
pub struct HouseRow {
    /// The billing system's id of the house.
    pub id: String,
    pub settlement: String,
    pub street: String,
    pub house: String,
    /// Overrides the default window (the 20th–25th) for this house.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reading_window: Option<WindowDays>,
}

/// Days of the month readings are accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WindowDays {
    pub start_day: u8,
    pub end_day: u8,
}

/// One row of `PUT /api/v1/integration/accounts`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"number": "100200300", "house_id": "H-0001", "owner_name": "Иванова Мария Сергеевна",
    "address": {"settlement": "г. Кызыл", "street": "ул. Ленина", "house": "12", "flat": "7"}, "heated_area": "54.30", "residents": 3, "status": "open"})))]
pub struct AccountRow {
    /// 6–12 digits.
    pub number: String,
    /// The billing system's house id (see `PUT /integration/houses`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub house_id: Option<String>,
    pub owner_name: String,
    pub address: Address,
    /// Heated area in m², a decimal string.
    pub heated_area: AreaCenti,
    pub residents: i32,
    #[serde(default)]
    pub status: AccountStatus,
}

/// A row that was not saved, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RowError {
    /// Counts from 1 (array index + 1, or the NDJSON line).
    pub line: u64,
    pub reason: String,
}

/// The answer to a bulk upload: bad rows never block good ones.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"created": 9998, "updated": 0, "unchanged": 0, "errors": [{"line": 17, "reason": "number: must be 6–12 digits"}, {"line": 4096, "reason": "house_id: unknown house \"H-9999\""}], "errors_omitted": 0})))]
pub struct BulkResult {
    pub created: u64,
    pub updated: u64,
    pub unchanged: u64,
    /// The first 1 000 bad rows, by line.
    pub errors: Vec<RowError>,
    /// Bad rows beyond the first 1 000, counted but not listed (keeps memory bounded).
    #[serde(default)]
    pub errors_omitted: u64,
}

impl BulkResult {
    /// Most bad rows an answer lists.
    pub const MAX_ERRORS: usize = 1000;

    /// Longest `reason` kept, in characters: a reason says what is wrong, it does not repeat
    /// the rejected value, so 3 500 bad rows cannot turn into a 60 MB answer.
    pub const MAX_REASON_CHARS: usize = 160;

    /// Records a bad row, listing it while fewer than [`Self::MAX_ERRORS`] are listed.
    pub fn add_error(&mut self, mut error: RowError) {
        if self.errors.len() < Self::MAX_ERRORS {
            error.reason = short_reason(&error.reason);
            self.errors.push(error);
        } else {
            self.errors_omitted += 1;
        }
    }

    /// Adds another part's counts and errors.
    pub fn merge(&mut self, part: BulkResult) {
        self.created += part.created;
        self.updated += part.updated;
        self.unchanged += part.unchanged;
        self.errors_omitted += part.errors_omitted;
        for e in part.errors {
            self.add_error(e);
        }
    }
}

/// `POST /api/v1/integration/accounts/{number}/owner-change`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"new_owner_name": "Кара-оол Айдын Борисович", "effective_date": "2026-12-01"})))]
pub struct OwnerChangeRequest {
    pub new_owner_name: String,
    /// `YYYY-MM-DD`.
    #[cfg_attr(feature = "openapi", schema(format = Date))]
    pub effective_date: String,
}

/// What an owner change did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OwnerChangeResult {
    /// Users unlinked by this call (0 when repeated).
    pub unlinked: i64,
    /// False when the same change had already been reported.
    pub applied: bool,
}

/// A row error's reason without the values it may quote (anything in double quotes becomes
/// `"…"`), cut to [`BulkResult::MAX_REASON_CHARS`].
pub fn short_reason(reason: &str) -> String {
    let mut out = String::with_capacity(reason.len().min(BulkResult::MAX_REASON_CHARS));
    let mut quoted = false;
    for c in reason.chars() {
        if c == '"' {
            if !quoted {
                out.push_str("\"…");
            } else {
                out.push('"');
            }
            quoted = !quoted;
        } else if !quoted {
            out.push(c);
        }
    }
    if out.chars().count() > BulkResult::MAX_REASON_CHARS {
        out = out.chars().take(BulkResult::MAX_REASON_CHARS - 1).collect();
        out.push('…');
    }
    out
}

#[cfg(test)]
mod reason_tests {
    use super::*;

    #[test]
    fn reasons_drop_quoted_values_and_stay_short() {
        assert_eq!(
            short_reason("invalid row: invalid type: string \"AAAAAAAA\", expected u32"),
            "invalid row: invalid type: string \"…\", expected u32"
        );
        let long = "x".repeat(10_000);
        assert_eq!(
            short_reason(&long).chars().count(),
            BulkResult::MAX_REASON_CHARS
        );
    }
}
