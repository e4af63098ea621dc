//! `ApiError`: the one error type of the HTTP layer, rendered as the JSON envelope of
//! `kabinet_shared::ErrorBody`. Internal details are logged, never sent to the client.

use std::collections::BTreeMap;

use actix_web::http::{header, StatusCode};
use actix_web::{HttpResponse, ResponseError};
use kabinet_shared::{ErrorBody, ErrorCode, ErrorDetail};

use crate::db::StoreError;

/// Everything a handler can fail with; each variant names its status.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 400: malformed input; `fields` names each offending field.
    #[error("{message}")]
    Validation {
        message: String,
        fields: BTreeMap<String, String>,
    },
    /// 401: missing or invalid credentials.
    #[error("authentication required")]
    Unauthorized,
    /// 401: wrong login or password.
    #[error("wrong login or password")]
    InvalidCredentials,
    /// 403: the caller may not do this.
    #[error("forbidden")]
    Forbidden,
    /// 403: the current Rules must be accepted first.
    #[error("accept the current Rules first (POST /api/v1/me/accept-rules)")]
    RulesNotAccepted,
    /// 403: the user is blocked.
    #[error("this user is blocked; contact the service office")]
    AccountBlocked,
    /// 403: cookie-authenticated write without the CSRF header.
    #[error("missing or wrong X-CSRF-Token header")]
    CsrfFailed,
    /// 403: the credential lacks the scope.
    #[error("the credential lacks the scope {0}")]
    InsufficientScope(&'static str),
    /// 422: the link code does not open this account (never says which part is wrong).
    #[error("this account number and code do not match an active code")]
    InvalidLinkCode,
    /// 422: the user's name is not the owner's.
    #[error("your registered name differs from the account owner's; link as a family member if you are one")]
    OwnerNameMismatch,
    /// 409: already linked.
    #[error("this account is already linked to you")]
    AlreadyLinked,
    /// 422: personal-data consent cannot be withdrawn online.
    #[error("consent to personal-data processing cannot be withdrawn online; ask the service office to close the account")]
    PersonalDataRequired,
    /// 404: no such resource, or not the caller's.
    #[error("not found")]
    NotFound,
    /// 405: the path exists with other methods.
    #[error("method not allowed")]
    MethodNotAllowed,
    /// 409: conflicts with existing data.
    #[error("{0}")]
    Conflict(String),
    /// 413: the request body is too large.
    #[error("request body too large")]
    PayloadTooLarge,
    /// 415: the request body is not JSON.
    #[error("unsupported media type")]
    UnsupportedMediaType,
    /// 403: password sign-in is locked for this login (reset the password by e-mail).
    #[error("signing in with a password is locked for this login after many failed attempts; reset the password by e-mail or contact the service office")]
    PasswordLocked,
    /// 429: throttled; retry after this many seconds.
    #[error("too many attempts")]
    Throttled { retry_after_secs: u64 },
    /// 503: the password-hashing pool is full; retry after this many seconds.
    #[error("the server is busy, try again in a moment")]
    Busy { retry_after_secs: u64 },
    /// 503: the database is unreachable.
    #[error("the database is unavailable, try again later")]
    DatabaseUnavailable,
    /// 500: a bug or an unexpected state; the string goes to the log only.
    #[error("internal error")]
    Internal(String),
}

impl ApiError {
    /// A 400 for one field.
    pub fn field(field: &str, code: &str, message: impl Into<String>) -> Self {
        let mut fields = BTreeMap::new();
        fields.insert(field.to_owned(), code.to_owned());
        Self::Validation {
            message: message.into(),
            fields,
        }
    }

    /// A 400 without field details.
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::Validation {
            message: message.into(),
            fields: BTreeMap::new(),
        }
    }

    fn code(&self) -> ErrorCode {
        match self {
            Self::Validation { .. } => ErrorCode::Validation,
            Self::Unauthorized => ErrorCode::Unauthorized,
            Self::InvalidCredentials => ErrorCode::InvalidCredentials,
            Self::Forbidden => ErrorCode::Forbidden,
            Self::RulesNotAccepted => ErrorCode::RulesNotAccepted,
            Self::AccountBlocked => ErrorCode::AccountBlocked,
            Self::CsrfFailed => ErrorCode::CsrfFailed,
            Self::InsufficientScope(_) => ErrorCode::InsufficientScope,
            Self::PersonalDataRequired => ErrorCode::PersonalDataRequired,
            Self::InvalidLinkCode => ErrorCode::InvalidLinkCode,
            Self::OwnerNameMismatch => ErrorCode::OwnerNameMismatch,
            Self::AlreadyLinked => ErrorCode::AlreadyLinked,
            Self::NotFound => ErrorCode::NotFound,
            Self::MethodNotAllowed => ErrorCode::MethodNotAllowed,
            Self::Conflict(_) => ErrorCode::Conflict,
            Self::PayloadTooLarge => ErrorCode::PayloadTooLarge,
            Self::UnsupportedMediaType => ErrorCode::UnsupportedMediaType,
            Self::PasswordLocked => ErrorCode::PasswordLocked,
            Self::Throttled { .. } => ErrorCode::Throttled,
            Self::Busy { .. } => ErrorCode::Busy,
            Self::DatabaseUnavailable => ErrorCode::DatabaseUnavailable,
            Self::Internal(_) => ErrorCode::Internal,
        }
    }

    /// The envelope sent to the client.
    pub fn body(&self) -> ErrorBody {
        let fields = match self {
            Self::Validation { fields, .. } => fields.clone(),
            _ => BTreeMap::new(),
        };
        ErrorBody {
            error: ErrorDetail {
                code: self.code(),
                message: self.to_string(),
                fields,
            },
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::Validation { .. } => StatusCode::BAD_REQUEST,
            Self::Unauthorized | Self::InvalidCredentials => StatusCode::UNAUTHORIZED,
            Self::Forbidden
            | Self::RulesNotAccepted
            | Self::AccountBlocked
            | Self::CsrfFailed
            | Self::PasswordLocked
            | Self::InsufficientScope(_) => StatusCode::FORBIDDEN,
            Self::PersonalDataRequired | Self::InvalidLinkCode | Self::OwnerNameMismatch => {
                StatusCode::UNPROCESSABLE_ENTITY
            }
            Self::AlreadyLinked => StatusCode::CONFLICT,
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Self::Conflict(_) => StatusCode::CONFLICT,
            Self::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::Throttled { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::DatabaseUnavailable | Self::Busy { .. } => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let Self::Internal(detail) = self {
            log::error!("internal error: {detail}");
        }
        let mut response = HttpResponse::build(self.status_code());
        match self {
            Self::Throttled { retry_after_secs } | Self::Busy { retry_after_secs } => {
                response.insert_header((header::RETRY_AFTER, retry_after_secs.to_string()));
            }
            Self::DatabaseUnavailable => {
                response.insert_header((header::RETRY_AFTER, "5"));
            }
            _ => {}
        }
        response.json(self.body())
    }
}

impl From<StoreError> for ApiError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::Unavailable(detail) => {
                log::warn!("database unavailable: {detail}");
                Self::DatabaseUnavailable
            }
            StoreError::Query(diesel::result::Error::NotFound) => Self::NotFound,
            other => Self::Internal(other.to_string()),
        }
    }
}

impl From<diesel::result::Error> for ApiError {
    fn from(err: diesel::result::Error) -> Self {
        StoreError::from(err).into()
    }
}

/// Renders actix's own extractor failures (bad JSON, bad query string, bad path) as 400s in
/// the envelope instead of actix's plain-text bodies.
pub fn extractor_error(message: String, status: StatusCode) -> actix_web::Error {
    let err = match status {
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::PayloadTooLarge,
        StatusCode::UNSUPPORTED_MEDIA_TYPE => ApiError::UnsupportedMediaType,
        _ => ApiError::bad_request(message),
    };
    err.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_errors_never_echo_their_detail() {
        let err = ApiError::Internal("secret table name".into());
        let body = err.body();
        assert_eq!(body.error.code, ErrorCode::Internal);
        assert!(!body.error.message.contains("secret"));
    }

    #[test]
    fn unavailable_storage_maps_to_503() {
        let err: ApiError = StoreError::Unavailable("timed out".into()).into();
        assert_eq!(err.status_code(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(err.body().error.code, ErrorCode::DatabaseUnavailable);
    }

    #[test]
    fn field_errors_name_the_field() {
        let err = ApiError::field("login", "taken", "login is taken");
        assert_eq!(err.status_code(), StatusCode::BAD_REQUEST);
        assert_eq!(
            err.body().error.fields.get("login").map(String::as_str),
            Some("taken")
        );
    }
}
