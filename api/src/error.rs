//! `ApiError`: the one error type of the HTTP layer, rendered as the JSON envelope of
//! `kabinet_shared::ErrorBody`. Internal details are logged, never sent to the client.

use std::collections::BTreeMap;

use actix_web::http::{header, StatusCode};
use actix_web::{HttpResponse, ResponseError};
use kabinet_shared::{ErrorBody, ErrorCode, ErrorDetail};

use crate::db::StoreError;

/// Everything a handler can fail with. Most failures are just their code — status, message
/// and translations come from the shared table (`ErrorCode`); the other variants carry what
/// the answer needs besides (fields, a wait, a detail for the log).
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 400: malformed input; `fields` names each offending field.
    #[error("{message}")]
    Validation {
        message: String,
        fields: BTreeMap<String, String>,
    },
    /// The code's own status and message.
    #[error("{}", .0.message())]
    Code(ErrorCode),
    /// The code's own status and message, with the numbers behind the refusal.
    #[error("{}", .code.message())]
    Refused {
        code: ErrorCode,
        details: BTreeMap<String, String>,
    },
    /// 403: the credential lacks the scope.
    #[error("the credential lacks the scope {0}")]
    InsufficientScope(&'static str),
    /// 409: conflicts with existing data, said how.
    #[error("{0}")]
    Conflict(String),
    /// 429: throttled; retry after this many seconds.
    #[error("too many attempts")]
    Throttled { retry_after_secs: u64 },
    /// 503: the password-hashing pool is full; retry after this many seconds.
    #[error("the server is busy, try again in a moment")]
    Busy { retry_after_secs: u64 },
    /// 500: a bug or an unexpected state; the string goes to the log only.
    #[error("internal error")]
    Internal(String),
}

impl ApiError {
    pub const UNAUTHORIZED: Self = Self::Code(ErrorCode::Unauthorized);
    pub const FORBIDDEN: Self = Self::Code(ErrorCode::Forbidden);
    pub const NOT_FOUND: Self = Self::Code(ErrorCode::NotFound);

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

    /// The code on the wire.
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::Validation { .. } => ErrorCode::Validation,
            Self::Code(code) | Self::Refused { code, .. } => *code,
            Self::InsufficientScope(_) => ErrorCode::InsufficientScope,
            Self::Conflict(_) => ErrorCode::Conflict,
            Self::Throttled { .. } => ErrorCode::Throttled,
            Self::Busy { .. } => ErrorCode::Busy,
            Self::Internal(_) => ErrorCode::Internal,
        }
    }

    /// The envelope sent to the client.
    pub fn body(&self) -> ErrorBody {
        let fields = match self {
            Self::Validation { fields, .. } => fields.clone(),
            _ => BTreeMap::new(),
        };
        let details = match self {
            Self::Refused { details, .. } => details.clone(),
            _ => BTreeMap::new(),
        };
        ErrorBody {
            error: ErrorDetail {
                code: self.code(),
                message: self.to_string(),
                fields,
                details,
                // Added to 5xx answers by `http::request_id::stamp`, which knows the request.
                request_id: None,
            },
        }
    }
}

impl From<ErrorCode> for ApiError {
    fn from(code: ErrorCode) -> Self {
        Self::Code(code)
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        StatusCode::from_u16(self.code().status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
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
            Self::Code(ErrorCode::DatabaseUnavailable) => {
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
                Self::Code(ErrorCode::DatabaseUnavailable)
            }
            StoreError::Query(diesel::result::Error::NotFound) => Self::NOT_FOUND,
            other => Self::Internal(other.to_string()),
        }
    }
}

impl From<crate::domain::error::DomainError> for ApiError {
    fn from(err: crate::domain::error::DomainError) -> Self {
        use crate::domain::error::DomainError;
        match err {
            DomainError::Invalid { message, fields } => Self::Validation { message, fields },
            DomainError::Rule(code) => Self::Code(code),
            DomainError::Refused { code, details } => Self::Refused { code, details },
            DomainError::Throttled { retry_after_secs } => Self::Throttled { retry_after_secs },
            DomainError::Store(store) => store.into(),
            DomainError::Internal(detail) => Self::Internal(detail),
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
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::Code(ErrorCode::PayloadTooLarge),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => ApiError::Code(ErrorCode::UnsupportedMediaType),
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
