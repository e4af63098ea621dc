//! Answers for requests no endpoint matched, in the JSON envelope: a known API path with an
//! undocumented method is a 405 with `Allow`, anything else a 404 — never the SPA's index.html
//! and never actix's plain-text bodies.
//!
//! The known paths come from the OpenAPI spec itself, so the 405 logic cannot drift from the
//! registered endpoints.

use actix_web::body::{BoxBody, EitherBody, MessageBody};
use actix_web::dev::ServiceResponse;
use actix_web::http::{header, Method, StatusCode};
use actix_web::middleware::ErrorHandlerResponse;
use actix_web::{web, HttpRequest, HttpResponse, ResponseError};

use crate::error::ApiError;
use kabinet_shared::ErrorCode;

/// One documented path template, split into segments (`None` = a `{parameter}`).
struct Template {
    segments: Vec<Option<String>>,
    methods: Vec<&'static str>,
}

/// The documented paths and their methods.
pub struct RouteTable(Vec<Template>);

impl RouteTable {
    /// Collects every path and method of the spec.
    pub fn from_spec(spec: &utoipa::openapi::OpenApi) -> Self {
        let templates = spec
            .paths
            .paths
            .iter()
            .map(|(path, item)| {
                let segments = path
                    .trim_matches('/')
                    .split('/')
                    .map(|s| (!s.starts_with('{')).then(|| s.to_owned()))
                    .collect();
                let candidates = [
                    ("GET", item.get.is_some()),
                    ("POST", item.post.is_some()),
                    ("PUT", item.put.is_some()),
                    ("PATCH", item.patch.is_some()),
                    ("DELETE", item.delete.is_some()),
                ];
                let methods = candidates
                    .into_iter()
                    .filter_map(|(m, present)| present.then_some(m))
                    .collect();
                Template { segments, methods }
            })
            .collect();
        Self(templates)
    }

    /// The methods documented for `path`, or `None` when no template matches it. When several
    /// templates match (`/accounts/link` and `/accounts/{number}`), the most specific one —
    /// the fewest parameters — is the path's documentation.
    fn methods_for(&self, path: &str) -> Option<Vec<&'static str>> {
        let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
        self.0
            .iter()
            .filter(|t| {
                t.segments.len() == parts.len()
                    && t.segments
                        .iter()
                        .zip(&parts)
                        .all(|(seg, part)| seg.as_deref().is_none_or(|s| s == *part))
            })
            .min_by_key(|t| t.segments.iter().filter(|s| s.is_none()).count())
            .map(|t| t.methods.clone())
    }
}

/// Default service: 405 for a documented path with another method, else 404.
pub async fn unmatched(req: HttpRequest, routes: web::Data<RouteTable>) -> HttpResponse {
    match routes.methods_for(req.path()) {
        Some(methods) if !methods.iter().any(|m| *m == req.method().as_str()) => {
            let mut allow = methods.join(", ");
            if methods.contains(&"GET") {
                allow.push_str(", HEAD");
            }
            let mut response = ApiError::Code(ErrorCode::MethodNotAllowed).error_response();
            if let Ok(value) = allow.parse() {
                response.headers_mut().insert(header::ALLOW, value);
            }
            response
        }
        _ if req.method() == Method::HEAD => HttpResponse::NotFound().finish(),
        _ => ApiError::NOT_FOUND.error_response(),
    }
}

/// Error-handler middleware: a 4xx from actix itself (not from a handler, which always sends
/// JSON) under `/api` gets the envelope instead of a plain-text or empty body.
pub fn envelope_for_bare<B: MessageBody>(
    res: ServiceResponse<B>,
) -> actix_web::Result<ErrorHandlerResponse<B>> {
    let is_json = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if is_json || !res.request().path().starts_with("/api/") {
        return Ok(ErrorHandlerResponse::Response(res.map_into_left_body()));
    }
    let status = res.status();
    let err = match status {
        StatusCode::NOT_FOUND => ApiError::NOT_FOUND,
        StatusCode::METHOD_NOT_ALLOWED => ApiError::Code(ErrorCode::MethodNotAllowed),
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::Code(ErrorCode::PayloadTooLarge),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => ApiError::Code(ErrorCode::UnsupportedMediaType),
        _ => ApiError::bad_request(status.canonical_reason().unwrap_or("bad request")),
    };
    let (req, original) = res.into_parts();
    let mut replacement = err.error_response();
    *replacement.status_mut() = status;
    for (name, value) in original.headers() {
        if name == header::ALLOW || name == header::RETRY_AFTER {
            replacement
                .headers_mut()
                .insert(name.clone(), value.clone());
        }
    }
    let res = ServiceResponse::new(req, replacement)
        .map_body(|_, body: BoxBody| EitherBody::<B, BoxBody>::right(body));
    Ok(ErrorHandlerResponse::Response(res))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documented_paths_answer_with_their_methods() {
        let table = RouteTable::from_spec(&crate::openapi::spec());
        assert_eq!(table.methods_for("/api/v1/health"), Some(vec!["GET"]));
        assert_eq!(table.methods_for("/api/v1/nothing-here"), None);
        assert_eq!(
            table.methods_for("/api/v1/accounts/link"),
            Some(vec!["POST"])
        );
        assert_eq!(
            table.methods_for("/api/v1/accounts/100200300"),
            Some(vec!["GET", "DELETE"])
        );
    }
}
