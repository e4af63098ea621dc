//! Time as stored (naive UTC) and as sent (RFC 3339 with `Z`).

use chrono::{NaiveDateTime, SecondsFormat, Utc};

/// Now, in the form the database stores.
pub fn now() -> NaiveDateTime {
    Utc::now().naive_utc()
}

/// RFC 3339 in UTC, second precision: `2026-11-24T15:00:00Z`.
pub fn rfc3339(at: NaiveDateTime) -> String {
    at.and_utc().to_rfc3339_opts(SecondsFormat::Secs, true)
}
