//! The one error envelope of the API: `{"error": {"code", "message", "fields"?}}`.
//!
//! `code` is a stable snake_case identifier the SPA translates; `message` is English text for
//! integrators' logs; `fields` maps a request field to the code of what is wrong with it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Every error code the API can answer with. New codes are added here so the SPA's
/// translation table and the OpenAPI schema list them all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// 400: the body, query or path could not be parsed, or a field is invalid.
    Validation,
    /// 401: no valid credentials, or the session has ended.
    Unauthorized,
    /// 401: wrong login or password (the same answer whether or not the login exists).
    InvalidCredentials,
    /// 403: authenticated, but not allowed.
    Forbidden,
    /// 403: a resident must accept the current Rules first.
    RulesNotAccepted,
    /// 403: the user is blocked (Rules 2.3); ask the service office.
    AccountBlocked,
    /// 403: a cookie-authenticated write without the matching `X-CSRF-Token` header.
    CsrfFailed,
    /// 403: the token or API key lacks the scope this endpoint needs.
    InsufficientScope,
    /// 404: no such resource (or not visible to the caller).
    NotFound,
    /// 405: the path exists, the method does not.
    MethodNotAllowed,
    /// 406/415: unsupported representation.
    UnsupportedMediaType,
    /// 409: conflicts with the current state (duplicate login, …).
    Conflict,
    /// 413: the body is larger than the endpoint accepts.
    PayloadTooLarge,
    /// 422: consent to personal-data processing cannot be withdrawn online.
    PersonalDataRequired,
    /// 422: unknown account, wrong, used, locked or expired link code (one answer for all).
    InvalidLinkCode,
    /// 422: the registered name is not the owner's; link as a family member instead.
    OwnerNameMismatch,
    /// 409: the account is already linked to this user.
    AlreadyLinked,
    /// 403: signing in with a password is locked for this login after many failed attempts
    /// (Rules 2.3); a password reset by e-mail (or the office) unlocks it. Open sessions go on.
    PasswordLocked,
    /// 429: too many attempts; see `Retry-After`.
    Throttled,
    /// 503: the server is at capacity for this kind of work (password checks); see `Retry-After`.
    Busy,
    /// 500: a bug; details are in the server log, never in the answer.
    Internal,
    /// 503: the database is unreachable; retry later.
    DatabaseUnavailable,
}

impl ErrorCode {
    /// The snake_case name as it appears on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Validation => "validation",
            Self::Unauthorized => "unauthorized",
            Self::InvalidCredentials => "invalid_credentials",
            Self::Forbidden => "forbidden",
            Self::RulesNotAccepted => "rules_not_accepted",
            Self::AccountBlocked => "account_blocked",
            Self::CsrfFailed => "csrf_failed",
            Self::InsufficientScope => "insufficient_scope",
            Self::NotFound => "not_found",
            Self::MethodNotAllowed => "method_not_allowed",
            Self::UnsupportedMediaType => "unsupported_media_type",
            Self::Conflict => "conflict",
            Self::PayloadTooLarge => "payload_too_large",
            Self::PersonalDataRequired => "personal_data_required",
            Self::InvalidLinkCode => "invalid_link_code",
            Self::OwnerNameMismatch => "owner_name_mismatch",
            Self::AlreadyLinked => "already_linked",
            Self::PasswordLocked => "password_locked",
            Self::Throttled => "throttled",
            Self::Busy => "busy",
            Self::Internal => "internal",
            Self::DatabaseUnavailable => "database_unavailable",
        }
    }
}

/// The inside of the envelope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorDetail {
    pub code: ErrorCode,
    /// Human-readable English explanation; the SPA shows its own translation of `code`.
    #[cfg_attr(
        feature = "openapi",
        schema(example = "the database is unavailable, try again later")
    )]
    pub message: String,
    /// Per-field problems of a 400, keyed by the request field name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: BTreeMap<String, String>,
}

/// `{"error": {...}}`: the body of every non-2xx answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "error": {"code": "database_unavailable", "message": "the database is unavailable, try again later"}
})))]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

impl ErrorBody {
    /// An envelope without field details.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            error: ErrorDetail {
                code,
                message: message.into(),
                fields: BTreeMap::new(),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn envelope_serialises_in_the_documented_shape() {
        let body = ErrorBody::new(ErrorCode::DatabaseUnavailable, "down");
        let json = serde_json::to_value(&body).unwrap_or_default();
        assert_eq!(
            json,
            serde_json::json!({"error": {"code": "database_unavailable", "message": "down"}})
        );
    }

    #[test]
    fn code_names_match_serde_names() {
        for code in [
            ErrorCode::Validation,
            ErrorCode::NotFound,
            ErrorCode::MethodNotAllowed,
            ErrorCode::DatabaseUnavailable,
            ErrorCode::PayloadTooLarge,
            ErrorCode::RulesNotAccepted,
            ErrorCode::InvalidCredentials,
            ErrorCode::PersonalDataRequired,
            ErrorCode::PasswordLocked,
            ErrorCode::Busy,
        ] {
            let wire = serde_json::to_value(code).unwrap_or_default();
            assert_eq!(wire, serde_json::json!(code.as_str()));
        }
    }
}
