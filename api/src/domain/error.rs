//! `DomainError`: why the domain refused, in its own terms — fields that break a rule, a
//! business rule by its stable code (the shared `ErrorCode` table), a wait, storage trouble or
//! a broken invariant. Domain functions return it; only `http/` turns it into an `ApiError`
//! and so into a status.

use std::collections::BTreeMap;

use kabinet_shared::ErrorCode;

use crate::db::StoreError;

/// A refusal or failure of a domain rule.
#[derive(Debug, thiserror::Error)]
pub enum DomainError {
    /// Input that breaks field rules; `fields` maps each field to its code.
    #[error("{message}")]
    Invalid {
        message: String,
        fields: BTreeMap<String, String>,
    },
    /// A business rule said no; the code says which.
    #[error("{}", .0.message())]
    Rule(ErrorCode),
    /// A business rule said no, with the numbers behind it (`details` on the wire).
    #[error("{}", .code.message())]
    Refused {
        code: ErrorCode,
        details: BTreeMap<String, String>,
    },
    /// Too many attempts; the caller may try again after this many seconds.
    #[error("too many attempts")]
    Throttled { retry_after_secs: u64 },
    /// The database failed or is unreachable.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A broken invariant; the text goes to the log only.
    #[error("{0}")]
    Internal(String),
}

impl DomainError {
    /// Not there, or not the caller's (one answer for both).
    pub const NOT_FOUND: Self = Self::Rule(ErrorCode::NotFound);

    /// Fields that break a rule, for one field.
    pub fn field(field: &str, code: &str, message: impl Into<String>) -> Self {
        let mut fields = BTreeMap::new();
        fields.insert(field.to_owned(), code.to_owned());
        Self::Invalid {
            message: message.into(),
            fields,
        }
    }

    /// Invalid input that is not about one field.
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::Invalid {
            message: message.into(),
            fields: BTreeMap::new(),
        }
    }
}

impl From<ErrorCode> for DomainError {
    fn from(code: ErrorCode) -> Self {
        Self::Rule(code)
    }
}

impl From<diesel::result::Error> for DomainError {
    fn from(err: diesel::result::Error) -> Self {
        Self::Store(err.into())
    }
}

impl From<anyhow::Error> for DomainError {
    fn from(err: anyhow::Error) -> Self {
        Self::Internal(err.to_string())
    }
}
