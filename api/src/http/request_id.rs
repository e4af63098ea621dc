//! Request ids: every request gets one — taken from `X-Request-Id` only when the peer is a
//! trusted proxy (else a client could pick ids that collide with others'), otherwise made here —
//! returned in `X-Request-Id`, written in the access log line, and put into the body of every
//! 5xx answer (`error.request_id`), so a resident's screenshot of a failure leads to its log.

use std::net::IpAddr;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::HttpMessage;

/// The header, both ways.
pub const HEADER: &str = "x-request-id";

/// The id of the request being served (in the request's extensions).
#[derive(Debug, Clone)]
pub struct RequestId(pub String);

/// A forwarded id is believed only if it looks like one.
fn acceptable(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// A new id: 16 random hex digits.
fn fresh() -> String {
    crate::secrets::random_bytes(8).map_or_else(
        |_| {
            format!(
                "{:016x}",
                chrono::Utc::now().timestamp_nanos_opt().unwrap_or(0)
            )
        },
        hex::encode,
    )
}

/// The request's id (a trusted proxy's, or a new one), recorded in its extensions.
pub fn assign(req: &ServiceRequest, trusted: &[IpAddr]) -> String {
    let from_proxy = req
        .peer_addr()
        .is_some_and(|peer| trusted.contains(&peer.ip()));
    let forwarded = req
        .headers()
        .get(HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|id| from_proxy && acceptable(id))
        .map(str::to_owned);
    let id = forwarded.unwrap_or_else(fresh);
    req.extensions_mut().insert(RequestId(id.clone()));
    id
}

/// Adds the id to the answer: the header always, and `error.request_id` in a 5xx JSON body.
pub async fn stamp<B>(res: ServiceResponse<B>, id: &str) -> ServiceResponse<BoxBody>
where
    B: MessageBody + 'static,
{
    let mut res = res.map_into_boxed_body();
    if let Ok(value) = HeaderValue::from_str(id) {
        res.headers_mut()
            .insert(HeaderName::from_static(HEADER), value);
    }
    let json = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !res.status().is_server_error() || !json {
        return res;
    }
    let (req, response) = res.into_parts();
    let (head, body) = response.into_parts();
    let bytes = actix_web::body::to_bytes(body).await.unwrap_or_default();
    let stamped = match serde_json::from_slice::<serde_json::Value>(&bytes) {
        Ok(mut value) => {
            if let Some(error) = value.get_mut("error").and_then(|e| e.as_object_mut()) {
                error.insert(
                    "request_id".into(),
                    serde_json::Value::String(id.to_owned()),
                );
            }
            serde_json::to_vec(&value).unwrap_or_else(|_| bytes.to_vec())
        }
        Err(_) => bytes.to_vec(),
    };
    ServiceResponse::new(req, head.set_body(stamped).map_into_boxed_body())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forwarded_ids_must_look_like_ids() {
        assert!(acceptable("3f2a-9c_1.b"));
        assert!(!acceptable(""));
        assert!(!acceptable("a b"));
        assert!(!acceptable("x\r\nSet-Cookie: y"));
        assert!(!acceptable(&"a".repeat(65)));
        let id = fresh();
        assert_eq!(id.len(), 16);
        assert!(acceptable(&id));
    }
}
